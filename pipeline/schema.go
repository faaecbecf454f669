package pipeline

import (
	"context"
	"crypto/sha256"
	dbsql "database/sql"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/sql"
	"github.com/p3dn/p3dn/transform"
)

// derived are the tables rebuilt from staging at every run.
var derived = []*extract.Service{transform.Transaksi, transform.TransaksiRUP, transform.TransaksiItem}

// fingerprint identifies the warehouse layout: every table spec and SQL
// script. A previous warehouse with another fingerprint (an upgrade of
// p3dn) is rebuilt in full instead of added to.
func fingerprint() string {
	h := sha256.New()
	for _, s := range append(extract.AllSources(), derived...) {
		fmt.Fprintf(h, "%s %s\n", s.Name, s.Table)
		for _, f := range s.Fields {
			fmt.Fprintf(h, "%s:%d:%v ", f.Name, f.Kind, f.Key)
		}
	}
	for _, ph := range []string{"schema", "model"} {
		scripts, _ := sql.Phase(ph)
		for _, s := range scripts {
			h.Write([]byte(s.Name + s.Text))
		}
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// open prepares the warehouse being built: a copy of the published one to
// add to (incremental), or a new one (first run, --full-refresh, or a
// layout change), with the run history carried over either way.
func (r *run) open() error {
	final, building := r.cfg.Warehouse, r.cfg.Warehouse+".building"
	_, err := os.Stat(final)
	published := err == nil
	why := "first run"
	switch {
	case !published:
	case r.cfg.FullRefresh:
		why = "--full-refresh"
	default:
		// A killed run may have left its file and, worse, its WAL: DuckDB
		// would replay that WAL onto the fresh copy.
		for _, p := range []string{building, building + ".wal"} {
			if err := os.Remove(p); err != nil && !os.IsNotExist(err) {
				return err
			}
		}
		start := time.Now()
		c, err := load.CopyPublished(final, building, true)
		if err != nil {
			return fmt.Errorf("copy the published warehouse: %w", err)
		}
		if c.Fallback != "" {
			r.log.Info("the spare warehouse was not used: copying the whole file", "why", c.Fallback)
		}
		r.log.Info("published warehouse copied", "how", c.How, "bytes_written", c.Written, "seconds", time.Since(start).Seconds())
		wh, err := load.OpenBuilding(r.ctx, final, r.cfg.DuckDB)
		var fp string
		if err == nil {
			err = wh.QueryRow(r.ctx, "SELECT nilai FROM p3dn_meta WHERE kunci = 'skema'").Scan(&fp)
			if err == nil && fp == fingerprint() {
				r.wh, r.res.Mode = wh, "inkremental"
				return r.incremental()
			}
			wh.Abort()
		}
		why = "the warehouse layout changed (p3dn upgraded)"
		if err != nil && r.ctx.Err() != nil {
			return r.ctx.Err() // interrupted, not corrupt
		}
		if err != nil {
			// Unreadable: corrupt, truncated, or not a DuckDB file. Keep it for
			// a look and rebuild from the inbox.
			aside := fmt.Sprintf("%s.corrupt-%s", final, r.res.Started.Format("20060102T150405Z"))
			os.Rename(final, aside)
			published = false
			why = fmt.Sprintf("the published warehouse is unreadable (%v); kept as %s", err, aside)
			r.log.Warn("published warehouse unreadable: rebuilding from the inbox", "error", err, "kept_as", aside)
		}
	}
	r.log.Info("full rebuild", "why", why)
	wh, err := load.Create(r.ctx, final, r.cfg.DuckDB)
	if err != nil {
		return fmt.Errorf("create warehouse: %w", err)
	}
	r.wh, r.res.Mode = wh, "penuh"
	if err := r.schema(); err != nil {
		return err
	}
	if published {
		// Read where it lies: the run lock keeps it as it is, and readers
		// only share it.
		r.carryHistory(final)
	}
	return r.afterOpen()
}

// incremental readies a copy of the published warehouse: derived tables
// are rebuilt, the files already loaded are known by hash, and with
// --tahun the rows of that year are removed to be loaded again.
func (r *run) incremental() error {
	var d string
	err := r.wh.QueryRow(r.ctx, "SELECT nilai FROM p3dn_meta WHERE kunci = 'turunan'").Scan(&d)
	switch {
	case err == dbsql.ErrNoRows || err == nil && d != derivation(r.cfg.Version):
		r.rederive = "another p3dn version or other rules derived the published transactions"
	case err != nil:
		return err
	case r.cfg.Tahun != 0:
		r.rederive = fmt.Sprintf("--tahun %d", r.cfg.Tahun)
	}
	if err := r.compaction(); err != nil {
		return err
	}
	if err := r.rulesTable(); err != nil {
		return err
	}
	if r.loaded, err = readLoaded(r.ctx, r.wh.Query); err != nil {
		return err
	}
	if r.cfg.Tahun != 0 {
		for _, s := range extract.AllSources() {
			if f := yearField(s); f != "" {
				if err := r.wh.Exec(r.ctx, fmt.Sprintf("DELETE FROM %s WHERE %s = ?", load.Ident(s.Table), f), r.cfg.Tahun); err != nil {
					return err
				}
			}
		}
		r.log.Info("rebuilding one fiscal year", "tahun", r.cfg.Tahun)
	}
	return r.afterOpen()
}

// afterOpen counts the staging rows already there and records runs that
// died before publishing.
func (r *run) afterOpen() error {
	r.before = map[string]int64{}
	for _, s := range extract.AllSources() {
		var n int64
		if err := r.wh.QueryRow(r.ctx, "SELECT count(*) FROM "+load.Ident(s.Table)).Scan(&n); err != nil {
			return err
		}
		r.before[s.Table] = n
	}
	if p := r.state.previous; p != nil {
		status, msg := "killed", "dihentikan paksa pada tahap "+p.Stage
		if p.Status == "failed" {
			status, msg = "failed", p.Error
		}
		if err := r.wh.Exec(r.ctx, `INSERT INTO runs (run_id, mulai, status, versi, inbox, tahap, exit_code, pesan)
			VALUES (?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT DO NOTHING`, p.RunID, p.Started, status, p.Version, p.Inbox, p.Stage, msg); err != nil {
			return err
		}
		r.log.Warn("an earlier run did not finish", "previous_run", p.RunID, "status", status, "stage", p.Stage)
	}
	return nil
}

// yearField is the fiscal-year column of a service, "" if it has none.
func yearField(s *extract.Service) string {
	for _, f := range []string{"tahun_anggaran", "tahun"} {
		if s.Index(f) >= 0 && s.Fields[s.Index(f)].Kind == extract.KindInt {
			return f
		}
	}
	return ""
}

// schema creates the ledger, the staging tables of every known service and
// the derived tables.
func (r *run) schema() error {
	scripts, err := sql.Phase("schema")
	if err != nil {
		return err
	}
	for _, s := range scripts {
		start := time.Now()
		if err := r.wh.Exec(r.ctx, s.Text); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		r.log.Info("sql script", "script", s.Name, "seconds", time.Since(start).Seconds())
	}
	if err := r.wh.Exec(r.ctx, "INSERT INTO p3dn_meta VALUES ('skema', ?), ('turunan', ?)", fingerprint(), derivation(r.cfg.Version)); err != nil {
		return err
	}
	for _, s := range append(extract.AllSources(), derived...) {
		if err := r.wh.CreateTable(r.ctx, s); err != nil {
			return fmt.Errorf("create table %s: %w", s.Table, err)
		}
	}
	return r.rulesTable()
}

// carryHistory copies runs and source_files from a copy of the previous
// warehouse: a full rebuild keeps the ledger.
func (r *run) carryHistory(prev string) {
	if err := r.wh.Exec(r.ctx, "ATTACH "+load.Quote(prev)+" AS prev (READ_ONLY)"); err != nil {
		r.log.Warn("previous warehouse unreadable; its run history is not carried over", "error", err)
		return
	}
	defer r.wh.Exec(r.ctx, "DETACH prev")
	for _, t := range []string{"runs", "source_files"} {
		cols, err := r.commonColumns(t)
		if err == nil {
			err = r.wh.Exec(r.ctx, fmt.Sprintf("INSERT INTO %s (%s) SELECT %s FROM prev.%s", t, cols, cols, t))
		}
		if err != nil {
			r.log.Warn("history not carried over", "table", t, "error", err)
		}
	}
}

// commonColumns lists the columns a ledger table has in both warehouses,
// so that history survives a layout change.
func (r *run) commonColumns(table string) (string, error) {
	cols, err := identList(r.ctx, r.wh, `SELECT a.column_name FROM duckdb_columns() a JOIN duckdb_columns() b USING (table_name, column_name)
		WHERE a.table_name = ? AND a.database_name = 'prev' AND b.database_name <> 'prev' ORDER BY b.column_index`, table)
	if err == nil && cols == "" {
		err = errors.New("no common columns")
	}
	return cols, err
}

// identList runs a query returning names and joins them as quoted
// identifiers for a SELECT list.
func identList(ctx context.Context, wh *load.Warehouse, query string, args ...any) (string, error) {
	rows, err := wh.Query(ctx, query, args...)
	if err != nil {
		return "", err
	}
	defer rows.Close()
	var cols []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return "", err
		}
		cols = append(cols, load.Ident(c))
	}
	return strings.Join(cols, ", "), rows.Err()
}

// model builds the derived tables and the views.
func (r *run) model() error {
	scripts, err := sql.Phase("model")
	if err != nil {
		return err
	}
	// The scope tables of an incremental run (empty in a full one) and the
	// mode the scripts read (sql/model/010_rup_satker.sql).
	pre := []string{
		fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (path VARCHAR)", scopeFiles),
		fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (channel VARCHAR, kunci VARCHAR)", scopeKeys),
		fmt.Sprintf("CREATE TABLE IF NOT EXISTS %s (transaksi_id VARCHAR, baris BIGINT)", scopeGone),
		fmt.Sprintf("SET VARIABLE p3dn_sebagian = %t", r.scoped),
		"SET VARIABLE p3dn_baris_awal = " + rowsBefore(r.before),
	}
	for _, q := range pre {
		if err := r.wh.Exec(r.ctx, q); err != nil {
			return err
		}
	}
	if !r.scoped {
		if err := r.newDiturunkan(); err != nil {
			return err
		}
	}
	for _, s := range scripts {
		start := time.Now()
		if err := r.wh.Exec(r.ctx, s.Text); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
		r.log.Info("sql script", "script", s.Name, "seconds", time.Since(start).Seconds())
	}
	return nil
}

// rowsBefore is the SQL MAP of each staging table to its rows before this
// run: the scripts find a nightly run's new rows at rowid >= it (see
// run.scope), so that DuckDB skips the row groups before them.
func rowsBefore(before map[string]int64) string {
	tables := make([]string, 0, len(before))
	for t := range before {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	pairs := make([]string, 0, len(tables))
	for _, t := range tables {
		pairs = append(pairs, fmt.Sprintf("%s: %d", load.Quote(t), before[t]))
	}
	return "MAP {" + strings.Join(pairs, ", ") + "}::MAP(VARCHAR, BIGINT)"
}

// rulesTable writes aturan_tkdn: every rule_id with its class, period,
// article and text.
func (r *run) rulesTable() error {
	if err := r.wh.Exec(r.ctx, `CREATE OR REPLACE TABLE aturan_tkdn (rule_id VARCHAR PRIMARY KEY, pdn_class VARCHAR NOT NULL,
		berlaku_dari DATE, berlaku_sampai DATE, pasal VARCHAR NOT NULL, teks VARCHAR NOT NULL)`); err != nil {
		return err
	}
	for _, a := range transform.AturanTKDN() {
		var dari, sampai any
		if !a.Dari.IsZero() {
			dari = a.Dari
		}
		if !a.Sampai.IsZero() {
			sampai = a.Sampai
		}
		if err := r.wh.Exec(r.ctx, "INSERT INTO aturan_tkdn VALUES (?, ?, ?, ?, ?, ?)", a.RuleID, string(a.Kelas), dari, sampai, a.Pasal, a.Teks); err != nil {
			return err
		}
	}
	return nil
}
