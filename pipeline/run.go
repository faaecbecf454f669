// Package pipeline orchestrates a run: discover the inbox, extract each
// file into typed Arrow batches, derive the transactions, load the
// warehouse built aside, check it, export the lake and publish both.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/sql"
	"github.com/p3dn/p3dn/transform"
)

// Exit codes of `p3dn run` (documented in the README).
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitRejectsHigh = 3
)

// Config is one run's settings.
type Config struct {
	Inbox         string
	Warehouse     string
	Lake          string // "" for no lake
	MaxRejectRate float64
	Version       string
	DuckDB        load.Options
	Logger        *slog.Logger
	BatchRows     int
}

// FileResult is the ledger row of one input file.
type FileResult struct {
	Path, SHA256, Service, Table, Status, Note string
	Bytes                                      int64
	Read, Loaded, Rejected, Nulled, Transaksi  int64
}

// Result sums up a run.
type Result struct {
	RunID                          string
	Files                          []FileResult
	Read, Loaded, Rejected, Nulled int64
	Transaksi                      int64
	ExitCode                       int
	Status                         string
	Started, Finished              time.Time
}

// RejectRate is the share of records read that were rejected.
func (r *Result) RejectRate() float64 {
	if r.Read == 0 {
		return 0
	}
	return float64(r.Rejected) / float64(r.Read)
}

type run struct {
	cfg      Config
	ctx      context.Context
	wh       *load.Warehouse
	log      *slog.Logger
	res      *Result
	mem      memory.Allocator
	rejects  []*extract.ParseError
	tables   map[string]*tableBatch
	packages *transform.Packages
}

type tableBatch struct {
	svc *extract.Service
	b   *extract.Batcher
}

// Run performs one nightly run. The published warehouse and lake change
// only if it succeeds.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if cfg.BatchRows <= 0 {
		cfg.BatchRows = 65536
	}
	now := time.Now().UTC()
	res := &Result{RunID: fmt.Sprintf("%s-%d", now.Format("20060102T150405Z"), os.Getpid()), Started: now}
	r := &run{cfg: cfg, ctx: ctx, log: cfg.Logger.With("run_id", res.RunID), res: res,
		mem: memory.NewGoAllocator(), tables: map[string]*tableBatch{}}
	if st, err := os.Stat(cfg.Inbox); err != nil || !st.IsDir() {
		return res, fmt.Errorf("inbox %s is not a readable folder", cfg.Inbox)
	}
	wh, err := load.Create(ctx, cfg.Warehouse, cfg.DuckDB)
	if err != nil {
		return res, fmt.Errorf("create warehouse: %w", err)
	}
	r.wh = wh
	if err := r.execute(); err != nil {
		wh.Abort()
		res.Status, res.ExitCode = "failed", ExitFailure
		return res, err
	}
	return res, nil
}

func (r *run) execute() error {
	if err := r.schema(); err != nil {
		return err
	}
	files, err := discover(r.cfg.Inbox)
	if err != nil {
		return fmt.Errorf("read inbox: %w", err)
	}
	r.log.Info("inbox", "folder", r.cfg.Inbox, "files", len(files))
	for _, f := range files {
		fr := r.file(f)
		r.res.Files = append(r.res.Files, fr)
		r.res.Read += fr.Read
		r.res.Loaded += fr.Loaded
		r.res.Rejected += fr.Rejected
		r.res.Nulled += fr.Nulled
		r.log.Info("file", "path", fr.Path, "service", fr.Service, "status", fr.Status, "read", fr.Read,
			"loaded", fr.Loaded, "rejected", fr.Rejected, "nulled", fr.Nulled, "note", fr.Note)
	}
	if err := r.transform(); err != nil {
		return err
	}
	if err := r.model(); err != nil {
		return err
	}
	if err := r.check(); err != nil {
		return err
	}
	r.res.Status, r.res.ExitCode = "ok", ExitOK
	if len(r.rejects) > 0 {
		r.res.Status = "ok_with_rejects"
	}
	if r.res.RejectRate() > r.cfg.MaxRejectRate {
		r.res.ExitCode = ExitRejectsHigh
	}
	r.res.Finished = time.Now().UTC()
	if err := r.ledger(); err != nil {
		return err
	}
	if r.cfg.Lake != "" {
		if err := r.wh.ExportLake(r.ctx, r.cfg.Lake, r.res.RunID); err != nil {
			return err
		}
	}
	if err := r.wh.Publish(r.ctx); err != nil {
		return err
	}
	r.log.Info("published", "warehouse", r.cfg.Warehouse, "lake", r.cfg.Lake)
	return nil
}

// schema creates the ledger, the staging tables of every known service and
// the derived tables, and carries the run history over.
func (r *run) schema() error {
	scripts, err := sql.Phase("schema")
	if err != nil {
		return err
	}
	for _, s := range scripts {
		if err := r.wh.Exec(r.ctx, s.Text); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	all := append(extract.AllSources(), transform.Transaksi, transform.TransaksiRUP, transform.TransaksiItem)
	for _, s := range all {
		if err := r.wh.CreateTable(r.ctx, s); err != nil {
			return fmt.Errorf("create table %s: %w", s.Table, err)
		}
	}
	if err := r.rulesTable(); err != nil {
		return err
	}
	return r.carryHistory()
}

// rulesTable writes aturan_tkdn: every rule_id with its class, period,
// article and text.
func (r *run) rulesTable() error {
	if err := r.wh.Exec(r.ctx, `CREATE TABLE aturan_tkdn (rule_id VARCHAR PRIMARY KEY, pdn_class VARCHAR NOT NULL,
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

// carryHistory copies runs and source_files of the previous warehouse.
func (r *run) carryHistory() error {
	if _, err := os.Stat(r.cfg.Warehouse); err != nil {
		return nil
	}
	if err := r.wh.Exec(r.ctx, "ATTACH "+load.Quote(r.cfg.Warehouse)+" AS prev (READ_ONLY)"); err != nil {
		r.log.Warn("previous warehouse unreadable; its run history is not carried over", "path", r.cfg.Warehouse, "error", err)
		return nil
	}
	defer r.wh.Exec(r.ctx, "DETACH prev")
	for _, t := range []string{"runs", "source_files"} {
		if err := r.wh.Exec(r.ctx, fmt.Sprintf("INSERT INTO %s BY NAME SELECT * FROM prev.%s", t, t)); err != nil {
			r.log.Warn("history not carried over", "table", t, "error", err)
		}
	}
	return nil
}

func (r *run) batch(svc *extract.Service) *tableBatch {
	tb, ok := r.tables[svc.Table]
	if !ok {
		tb = &tableBatch{svc: svc, b: extract.NewBatcher(svc, r.mem)}
		r.tables[svc.Table] = tb
	}
	return tb
}

func (r *run) append(row *extract.Row) error {
	tb := r.batch(row.Service)
	tb.b.Append(row)
	if tb.b.Len() >= r.cfg.BatchRows {
		return r.flush(tb)
	}
	return nil
}

func (r *run) flush(tb *tableBatch) error {
	rec := tb.b.Flush()
	if rec == nil {
		return nil
	}
	defer rec.Release()
	return r.wh.Insert(r.ctx, tb.svc.Table, rec)
}

func (r *run) flushAll() error {
	for _, tb := range r.tables {
		if err := r.flush(tb); err != nil {
			return err
		}
	}
	return nil
}

// file extracts one input file. Problems with the file are recorded in its
// ledger row and in rejects; they never stop the run.
func (r *run) file(f inputFile) FileResult {
	fr := FileResult{Path: f.Rel, Bytes: f.Size}
	fail := func(status, note string) FileResult {
		fr.Status, fr.Note = status, note
		r.rejects = append(r.rejects, &extract.ParseError{File: f.Rel, Offset: -1, Action: "file_unreadable", Err: errors.New(note)})
		return fr
	}
	if f.Skip != "" {
		return fail("unrecognised", f.Skip)
	}
	sum, err := hashFile(f.Path)
	if err != nil {
		return fail("failed", err.Error())
	}
	fr.SHA256 = sum
	fh, err := os.Open(f.Path)
	if err != nil {
		return fail("failed", err.Error())
	}
	defer fh.Close()
	dec, err := extract.Open(fh, f.Rel)
	if dec != nil && dec.Service() != nil {
		fr.Service, fr.Table = dec.Service().Name, dec.Service().Table
	}
	switch {
	case errors.Is(err, extract.ErrNotJSON), errors.Is(err, extract.ErrUnsupported):
		return fail("unrecognised", err.Error())
	case errors.Is(err, extract.ErrNoData):
		fr.Status, fr.Note = "no_data", err.Error()
		return fr
	case err != nil:
		var pe *extract.ParseError
		if errors.As(err, &pe) {
			r.rejects = append(r.rejects, pe)
			fr.Status, fr.Note = "failed", pe.Error()
			return fr
		}
		return fail("unrecognised", err.Error())
	}
	fr.Status = "loaded"
	if note := dec.Detection().Note; note != "" {
		fr.Note = note
	}
	for {
		row, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *extract.ParseError
			if !errors.As(err, &pe) {
				fr.Status, fr.Note = "failed", err.Error()
				break
			}
			r.rejects = append(r.rejects, pe)
			if dec.Records() < pe.Record { // malformed JSON: the rest of the file is unreadable
				fr.Status, fr.Note = "truncated", pe.Error()
				break
			}
			fr.Read++
			fr.Rejected++
			continue
		}
		fr.Read++
		fr.Loaded++
		fr.Nulled += int64(len(row.Problems))
		r.rejects = append(r.rejects, row.Problems...)
		if err := r.append(row); err != nil {
			fr.Status, fr.Note = "failed", err.Error()
			break
		}
	}
	if err := r.flushAll(); err != nil {
		fr.Status, fr.Note = "failed", err.Error()
	}
	return fr
}

// model builds the derived tables and the views.
func (r *run) model() error {
	scripts, err := sql.Phase("model")
	if err != nil {
		return err
	}
	for _, s := range scripts {
		if err := r.wh.Exec(r.ctx, s.Text); err != nil {
			return fmt.Errorf("%s: %w", s.Name, err)
		}
	}
	return nil
}

// check verifies that what was counted is what is in the warehouse:
// every record read is loaded or rejected, and each staging table holds
// exactly the rows the ledger says were loaded into it.
func (r *run) check() error {
	perTable := map[string]int64{}
	for _, f := range r.res.Files {
		if f.Read != f.Loaded+f.Rejected {
			return fmt.Errorf("check: %s read %d records but loaded %d and rejected %d", f.Path, f.Read, f.Loaded, f.Rejected)
		}
		if f.Table != "" {
			perTable[f.Table] += f.Loaded
		}
	}
	for _, s := range extract.AllSources() {
		var n int64
		if err := r.wh.QueryRow(r.ctx, "SELECT count(*) FROM "+load.Ident(s.Table)).Scan(&n); err != nil {
			return err
		}
		if n != perTable[s.Table] {
			return fmt.Errorf("check: table %s holds %d rows but the ledger loaded %d", s.Table, n, perTable[s.Table])
		}
	}
	var n int64
	if err := r.wh.QueryRow(r.ctx, "SELECT count(*) FROM transaksi").Scan(&n); err != nil {
		return err
	}
	if n != r.res.Transaksi {
		return fmt.Errorf("check: transaksi holds %d rows, expected %d", n, r.res.Transaksi)
	}
	var dup int64
	if err := r.wh.QueryRow(r.ctx, "SELECT count(*) - count(DISTINCT transaksi_id) FROM transaksi").Scan(&dup); err != nil {
		return err
	}
	if dup != 0 {
		r.log.Warn("repeated transaction keys across inputs", "count", dup)
	}
	return nil
}

// ledger writes rejects, source_files and this run's row.
func (r *run) ledger() error {
	if err := r.wh.Exec(r.ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	for _, pe := range r.rejects {
		var field, raw any
		if pe.Field != "" {
			field = pe.Field
		}
		if pe.Raw != "" || pe.Field != "" {
			raw = pe.Raw
		}
		var off any
		if pe.Offset >= 0 {
			off = pe.Offset
		}
		if err := r.wh.Exec(r.ctx, "INSERT INTO rejects VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
			r.res.RunID, pe.File, pe.Record, off, field, raw, pe.Err.Error(), string(pe.Action)); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	for _, f := range r.res.Files {
		if err := r.wh.Exec(r.ctx, "INSERT INTO source_files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
			r.res.RunID, f.Path, f.SHA256, f.Bytes, nullIfEmpty(f.Service), nullIfEmpty(f.Table), f.Status,
			nullIfEmpty(f.Note), f.Read, f.Loaded, f.Rejected, f.Nulled, f.Transaksi); err != nil {
			return fmt.Errorf("write source_files: %w", err)
		}
	}
	inbox, _ := filepath.Abs(r.cfg.Inbox)
	if err := r.wh.Exec(r.ctx, "INSERT INTO runs VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
		r.res.RunID, r.res.Started, r.res.Finished, r.res.Status, r.cfg.Version, inbox, len(r.res.Files),
		r.res.Read, r.res.Loaded, r.res.Rejected, r.res.Nulled, r.res.Transaksi, r.res.ExitCode, nil); err != nil {
		return fmt.Errorf("write runs: %w", err)
	}
	return r.wh.Exec(r.ctx, "COMMIT")
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
