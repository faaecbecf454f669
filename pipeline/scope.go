package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/transform"
)

// An incremental run re-derives only the transactions whose business keys
// its new files carry: the rows of those keys are deleted from the derived
// tables and derived again from every snapshot in staging, so the result
// equals a full derivation. Everything is derived again when the inputs of
// every transaction change: a new TKDN registry, e-Katalog product or
// provider master, or SiRUP work-unit master, a new p3dn version (its rules
// may differ), or --tahun.

// globalTables are staging tables every transaction may depend on.
var globalTables = map[string]bool{
	"sertifikat_tkdn": true, "isb_ecat_produkdetail": true, "isb_ecat_penyediadetail": true, "isb_rup_mastersatker": true,
}

// Work tables of a scoped transform, in the warehouse itself: the
// transform reads staging on a second connection, which cannot see
// another connection's temporary tables.
const (
	scopeFiles   = "p3dn_berkas_baru"
	scopeKeys    = "p3dn_kunci_tersentuh"
	scopeGone    = "p3dn_transaksi_diganti"
	scopeDerived = "p3dn_diturunkan"
)

// diturunkan lists the transactions a scoped run derives, with the fields
// the regional match compares (sql/model/012_regional.sql). The derive
// writes it as it goes, so that the model need not find them again among
// every transaction: that semi-join took 0.23 s of a night on the 5M-row
// warehouse.
var diturunkan = func() *extract.Service {
	s := extract.NewService(scopeDerived, scopeDerived, "transaksi_id:id kd_klpd:id npwp_penyedia:id mak:id")
	s.Derived = true
	return s
}()

// newDiturunkan creates diturunkan empty: before a scoped derive fills it,
// and for a full run's model, which reads it empty.
func (r *run) newDiturunkan() error {
	if err := r.wh.Exec(r.ctx, "DROP TABLE IF EXISTS "+scopeDerived); err != nil {
		return err
	}
	return r.wh.CreateTable(r.ctx, diturunkan)
}

// derivedRow is the diturunkan row of a derived transaction.
func derivedRow(t *extract.Row) *extract.Row {
	return &extract.Row{Service: diturunkan, File: t.File, Record: t.Record,
		Vals: []extract.Value{t.Get("transaksi_id"), t.Get("kd_klpd"), t.Get("npwp_penyedia"), t.Get("mak")}}
}

// derivation identifies how transactions are derived: the p3dn version and
// the rules. Derived rows are kept across runs only while it is the same.
func derivation(version string) string {
	h := sha256.New()
	fmt.Fprintln(h, version)
	for _, a := range transform.AturanTKDN() {
		fmt.Fprintln(h, a.RuleID, a.Kelas, a.Dari, a.Sampai, a.Pasal, a.Teks)
	}
	return hex.EncodeToString(h.Sum(nil))[:16]
}

// scope decides what this run derives and readies the tables for it. It
// returns the zero Scope (derive everything) unless the run is incremental
// and nothing global changed; it returns the number of transactions kept.
func (r *run) scope() (transform.Scope, int64, error) {
	var files []string
	global := ""
	for _, f := range r.res.Files {
		if f.Loaded > 0 {
			files = append(files, f.Path)
			if globalTables[f.Table] {
				global = f.Table
			}
		}
	}
	all := r.res.Mode != "inkremental" || r.rederive != "" || global != ""
	if global != "" && r.rederive == "" {
		r.rederive = "new rows in " + global
	}
	if all {
		if r.res.Mode == "inkremental" {
			r.log.Info("deriving every transaction again", "why", r.rederive)
			if err := r.recreateDerived(); err != nil {
				return transform.Scope{}, 0, err
			}
		}
		return transform.Scope{}, 0, nil
	}
	stmts := []string{
		fmt.Sprintf("CREATE OR REPLACE TABLE %s (path VARCHAR)", scopeFiles),
	}
	for i := 0; i < len(files); i += 500 {
		vals := make([]string, 0, 500)
		for _, f := range files[i:min(i+500, len(files))] {
			vals = append(vals, "("+load.Quote(f)+")")
		}
		stmts = append(stmts, fmt.Sprintf("INSERT INTO %s VALUES %s", scopeFiles, strings.Join(vals, ", ")))
	}
	// A staging table only grows in a nightly run, so its new rows lie at
	// or past the count of rows before it (exactly there once a checkpoint
	// has merged row groups thinned by deletes): DuckDB then skips the row
	// groups below instead of reading every row's _source_file.
	var keys []string
	for _, k := range transform.KeyTables() {
		keys = append(keys, fmt.Sprintf("SELECT '%s' AS channel, %s AS kunci FROM %s WHERE rowid >= %d AND _source_file IN (SELECT path FROM %s)",
			k.Channel, load.Ident(k.Key), load.Ident(k.Table), r.before[k.Table], scopeFiles))
	}
	stmts = append(stmts,
		fmt.Sprintf("CREATE OR REPLACE TABLE %s AS SELECT DISTINCT channel, kunci FROM (%s) WHERE kunci IS NOT NULL", scopeKeys, strings.Join(keys, "\nUNION ALL ")),
		// Two semi-joins rather than one EXISTS ... OR ...: DuckDB cannot
		// hash an EXISTS under an OR. The transactions are then deleted by
		// rowid (stable until the next change of the table), without a
		// second pass over every transaksi_id.
		fmt.Sprintf(`CREATE OR REPLACE TABLE %s AS
			SELECT transaksi_id, t.rowid AS baris FROM transaksi t SEMI JOIN %s k ON k.channel = t.channel AND k.kunci = t.kd_paket_sumber
			UNION SELECT transaksi_id, rowid FROM transaksi WHERE channel LIKE 'regional_%%' AND _source_file IN (SELECT path FROM %s)`,
			scopeGone, scopeKeys, scopeFiles),
		fmt.Sprintf("DELETE FROM transaksi WHERE rowid IN (SELECT baris FROM %s)", scopeGone))
	for _, s := range derived {
		if s != transform.Transaksi {
			stmts = append(stmts, fmt.Sprintf("DELETE FROM %s WHERE transaksi_id IN (SELECT transaksi_id FROM %s)", load.Ident(s.Table), scopeGone))
		}
	}
	for _, q := range stmts {
		if err := r.wh.Exec(r.ctx, q); err != nil {
			return transform.Scope{}, 0, fmt.Errorf("scope the transform: %w", err)
		}
	}
	if err := r.newDiturunkan(); err != nil {
		return transform.Scope{}, 0, fmt.Errorf("scope the transform: %w", err)
	}
	var kept, touched int64
	if err := r.wh.QueryRow(r.ctx, "SELECT (SELECT count(*) FROM transaksi), (SELECT count(*) FROM "+scopeKeys+")").Scan(&kept, &touched); err != nil {
		return transform.Scope{}, 0, err
	}
	r.log.Info("deriving the touched keys only", "files", len(files), "keys", touched, "kept", kept)
	r.scoped = true
	return transform.Scope{Keys: scopeKeys, Files: scopeFiles}, kept, nil
}

// dropScope removes the work tables of a scoped run once the model is
// built and checked.
func (r *run) dropScope() error {
	for _, t := range []string{scopeFiles, scopeKeys, scopeGone, scopeDerived} {
		if err := r.wh.Exec(r.ctx, "DROP TABLE IF EXISTS "+t); err != nil {
			return err
		}
	}
	return nil
}

// recreateDerived empties the derived tables (dropped and created again,
// so that a changed layout is taken up too).
func (r *run) recreateDerived() error {
	for _, s := range derived {
		if err := r.wh.Exec(r.ctx, "DROP TABLE IF EXISTS "+load.Ident(s.Table)); err != nil {
			return err
		}
		if err := r.wh.CreateTable(r.ctx, s); err != nil {
			return err
		}
	}
	return nil
}
