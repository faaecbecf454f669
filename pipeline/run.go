// Package pipeline orchestrates a run: discover the inbox, extract each
// new file into typed Arrow batches loaded into staging tables, derive the
// transactions, build the model, check, export the lake and publish. It
// only orchestrates: the work is done in extract, transform, load and sql.
package pipeline

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"runtime/debug"
	"time"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
)

// Exit codes of `p3dn run` (documented in the README).
const (
	ExitOK          = 0
	ExitFailure     = 1
	ExitUsage       = 2
	ExitRejectsHigh = 3
	ExitLocked      = 4
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
	Progress      Progress // nil: none
	BatchRows     int
	FullRefresh   bool          // rebuild from every input instead of adding new files
	Tahun         int           // rebuild this fiscal year alone (0: all years)
	Compact       bool          // compact the warehouse in this nightly run (see CompactEvery)
	Wait          time.Duration // how long to wait for another run's lock
	// Profiles read regional spreadsheets; nil: the built-in ones.
	Profiles []*extract.Profile
	Limits   extract.Limits // zero fields: extract.DefaultLimits
	// PartitionsOut, when set, makes the run write its tables as Parquet
	// partitions there (named with Part) instead of publishing a warehouse:
	// `p3dn extract`, one share of a multi-machine load.
	PartitionsOut, Part string
	// Allocator holds the Arrow batches loaded into DuckDB; nil: a new
	// load.ArrowAllocator (C memory, see there).
	Allocator memory.Allocator
}

// FileResult is the ledger row of one input file.
type FileResult struct {
	Path, SHA256, Service, Table, Status, Note string
	Bytes                                      int64
	Read, Loaded, Rejected, Nulled, Dilewati   int64
	Transaksi                                  int64
	modNS                                      any // modification time in Unix ns, nil when unknown
}

// Result sums up a run.
type Result struct {
	RunID                                    string
	Mode                                     string // penuh (full) or inkremental
	Files                                    []FileResult
	Read, Loaded, Rejected, Nulled, Dilewati int64
	Skipped                                  int // files already loaded by an earlier run
	Transaksi                                int64
	ExitCode                                 int
	Status                                   string
	Started, Finished                        time.Time
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
	ins      *inserter
	log      *slog.Logger
	prog     Progress
	res      *Result
	mem      memory.Allocator
	rej      *rejectLog
	out      *batches // the extract's rows
	state    *runState
	loaded                         // the ledger's contents (incremental)
	hashed   map[string]hashedFile // path -> its hash, computed ahead (see hashAhead)
	before   map[string]int64      // staging rows before this run's files
	scoped   bool                  // this run derives the touched keys only
	rederive string                // why an incremental run derives every transaction again ("" if it need not)
}

// ErrLocked is returned when another run holds the warehouse lock.
var ErrLocked = errors.New("another p3dn run holds the lock")

// Run performs one nightly run. The published warehouse and lake change
// only if it succeeds; a run that fails or is killed leaves them as they
// were, and the next run records it in `runs`.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	if cfg.Logger == nil {
		cfg.Logger = discardLogger()
	}
	if cfg.Progress == nil {
		cfg.Progress = noProgress{}
	}
	if cfg.BatchRows <= 0 {
		cfg.BatchRows = DefaultBatchRows
	}
	if cfg.Profiles == nil {
		ps, err := extract.BuiltinProfiles()
		if err != nil {
			return &Result{}, err
		}
		cfg.Profiles = ps
	}
	now := time.Now().UTC()
	res := &Result{RunID: fmt.Sprintf("%s-%d", now.Format("20060102T150405.000Z"), os.Getpid()), Started: now}
	r := &run{cfg: cfg, ctx: ctx, log: cfg.Logger.With("run_id", res.RunID), prog: cfg.Progress, res: res,
		mem: cfg.Allocator}
	if r.mem == nil {
		r.mem = load.NewArrowAllocator()
	}
	if st, err := os.Stat(cfg.Inbox); err != nil || !st.IsDir() {
		return res, fmt.Errorf("inbox %s is not a readable folder", cfg.Inbox)
	}
	unlock, err := lock(ctx, cfg.Warehouse, cfg.Wait)
	if err != nil {
		res.ExitCode = ExitLocked
		return res, err
	}
	defer unlock()
	r.state = startState(cfg.Warehouse, res)
	inbox, _ := filepath.Abs(cfg.Inbox)
	r.state.setRun(cfg.Version, inbox)
	if err := r.open(); err != nil {
		r.state.fail(err)
		return res, err
	}
	r.ins = newInserter(ctx, r.wh)
	r.out = newBatches(cfg.BatchRows, r.mem, r.ins)
	r.rej = newRejectLog(res.RunID, r.mem, r.ins)
	defer r.ins.close()
	if err := r.execute(); err != nil {
		r.ins.wait()
		r.wh.Abort()
		res.Status, res.ExitCode = "failed", ExitFailure
		r.state.fail(err)
		return res, err
	}
	r.state.done()
	return res, nil
}

// stage marks progress: in the run state (so that a killed run is known
// by where it died), on the progress display, and at the crash points the
// tests use.
func (r *run) stage(name string) {
	// The heap of the stage before is garbage now: returned to the OS, so
	// that it does not add to the next stage's peak RSS beside DuckDB's
	// (the lake of a 5M-row inbox peaked at 1,061 MB with it kept); so
	// are the pages DuckDB's allocator holds free.
	debug.FreeOSMemory()
	load.ReleaseMemory()
	r.state.stage(name)
	r.prog.Stage(name)
	r.log.Info("stage", "stage", name)
	crashPoint(name)
}

func (r *run) execute() error {
	files, err := discover(r.cfg.Inbox)
	if err != nil {
		return fmt.Errorf("read inbox: %w", err)
	}
	r.log.Info("inbox", "folder", r.cfg.Inbox, "files", len(files), "mode", r.res.Mode)
	r.stage("extract")
	// The parse workers and the inserter keep both cores busy, so DuckDB
	// runs on one thread (a 1M-row extract took 12.6-13.1 s that way,
	// 15.6-16.9 s on DuckDB's two threads), and its pool, which would hold
	// the blocks written and not read again, small (load.AppendMemory).
	restore, err := r.wh.Bulk(r.ctx)
	if err != nil {
		return err
	}
	r.hashed = r.hashAhead(files)
	ahead := r.prefetch(files)
	for i, f := range files {
		r.prog.File(f.Rel, i+1, len(files))
		fr := r.file(f, ahead(i))
		r.res.Files = append(r.res.Files, fr)
		r.res.Read += fr.Read
		r.res.Loaded += fr.Loaded
		r.res.Rejected += fr.Rejected
		r.res.Nulled += fr.Nulled
		r.res.Dilewati += fr.Dilewati
		if fr.Status == "skipped" {
			r.res.Skipped++
		}
		r.log.Info("file", "path", fr.Path, "service", fr.Service, "status", fr.Status, "read", fr.Read,
			"loaded", fr.Loaded, "rejected", fr.Rejected, "nulled", fr.Nulled, "note", fr.Note)
	}
	if err := restore(); err != nil {
		return err
	}
	r.stage("transform")
	if err := r.transform(); err != nil {
		return err
	}
	if err := r.modelAndCheck(); err != nil {
		return err
	}
	if err := r.dropScope(); err != nil {
		return err
	}
	r.res.Status, r.res.ExitCode = "ok", ExitOK
	if r.rej.n > 0 {
		r.res.Status = "ok_with_rejects"
	}
	if r.res.RejectRate() > r.cfg.MaxRejectRate {
		r.res.ExitCode = ExitRejectsHigh
	}
	r.res.Finished = time.Now().UTC()
	if err := r.ledger(); err != nil {
		return err
	}
	if r.cfg.PartitionsOut != "" {
		r.stage("partitions")
		if err := exportPartitions(r.ctx, r.wh, r.cfg.PartitionsOut, r.cfg.Part); err != nil {
			return err
		}
		r.wh.Abort() // no warehouse: the partitions are the output
		r.log.Info("partitions written", "out", r.cfg.PartitionsOut, "part", r.cfg.Part)
		return nil
	}
	if r.cfg.Lake != "" {
		r.stage("lake")
		if err := r.wh.ExportLake(r.ctx, r.cfg.Lake, r.res.RunID); err != nil {
			return err
		}
	}
	r.stage("publish")
	if err := faultPoint("publish"); err != nil {
		return err
	}
	if err := r.wh.Publish(r.ctx, func() { crashPoint("publish-rename") }); err != nil {
		return err
	}
	r.prog.Done()
	r.log.Info("published", "warehouse", r.cfg.Warehouse, "lake", r.cfg.Lake)
	return nil
}

// modelAndCheck runs the model scripts and the ledger check. A full run's
// scripts and counts read each table once, so DuckDB runs them under half
// the limit (load.Warehouse.LimitMemory): on a 5M-row inbox the model
// peaked at 649-786 MB under 448MB and 476-505 MB so, in the same 4.8-6.6
// s, and the check (its count of distinct transaksi_id) at 607-640 MB and
// 447-501 MB. A nightly run's scripts look up the touched keys in the
// same way, under the same half (see run.transform).
func (r *run) modelAndCheck() (err error) {
	restore, err := r.wh.LimitMemory(r.ctx)
	if err != nil {
		return err
	}
	defer func() { err = errors.Join(err, restore()) }()
	r.stage("model")
	if err := r.model(); err != nil {
		return err
	}
	r.stage("check")
	return r.check()
}

// DefaultBatchRows is how many rows an Arrow batch loaded into DuckDB
// holds unless Config.BatchRows says otherwise. 65,536 against 16,384: a
// 1M-row run without the lake 28.0-28.8 s against 32.2-36.7 s (user CPU
// 42.6-43.7 s against 47.4-52.0 s, three and four interleaved runs; 131,072
// no faster), a 5M-row run's peak 754 MB against 673-711 MB.
const DefaultBatchRows = 65536

func discardLogger() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }
