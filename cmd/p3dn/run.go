package main

import (
	"context"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/pflag"

	"github.com/p3dn/p3dn/data"
	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/pipeline"
)

// Defaults: the bundled sample inbox and ./warehouse.
const (
	defaultInbox     = "data/sample/inbox"
	defaultWarehouse = "warehouse/p3dn.duckdb"
)

// newFlags makes a flag set whose errors and --help follow one pattern.
func newFlags(name, use string) *pflag.FlagSet {
	fs := pflag.NewFlagSet(name, pflag.ContinueOnError)
	fs.Usage = func() {
		fmt.Fprintf(os.Stderr, "Usage: p3dn %s %s\n\nFlags:\n%s", name, use, fs.FlagUsages())
	}
	return fs
}

// parse parses flags; it returns an exit code when the command must stop.
func parse(fs *pflag.FlagSet, args []string) (int, bool) {
	if err := fs.Parse(args); err != nil {
		if err == pflag.ErrHelp {
			return pipeline.ExitOK, true
		}
		fmt.Fprintf(os.Stderr, "p3dn %s: %v\n", fs.Name(), err)
		return pipeline.ExitUsage, true
	}
	return 0, false
}

func cmdRun(args []string) int {
	fs := newFlags("run", "[flags]")
	inbox := fs.String("inbox", defaultInbox, "folder of input dumps (read recursively)")
	wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file to publish")
	lake := fs.String("lake", "", "Parquet lake folder (default: lake/ beside the warehouse)")
	noLake := fs.Bool("no-lake", false, "do not write the Parquet lake")
	maxReject := fs.Float64("max-reject-rate", 0.05, "exit with code 3 when more than this share of records is rejected")
	memLimit := fs.String("memory-limit", defaultMemoryLimit, "DuckDB memory_limit (it spills to --temp-dir past it); \"\" for DuckDB's default of 80% of RAM")
	threads := fs.Int("threads", 0, "DuckDB threads (0: all cores)")
	tempDir := fs.String("temp-dir", "", "DuckDB spill directory")
	logFormat := fs.String("log-format", "auto", "log format: auto (a progress line on a terminal, JSON otherwise), text or json")
	full := fs.Bool("full-refresh", false, "rebuild from every input file instead of adding the new ones")
	tahun := fs.Int("tahun", 0, "rebuild this fiscal year alone from the inbox (other years stay as they are)")
	compact := fs.Bool("compact", false, fmt.Sprintf("let this nightly run compact the warehouse (merge row groups thinned by deletes); every %dth does", pipeline.CompactEvery))
	wait := fs.Duration("wait", 0, "wait this long for another run's lock instead of refusing (e.g. 30m)")
	profiles := fs.String("profiles", "", "folder of extra mapping profiles (*.json) for regional spreadsheets")
	maxFile := fs.Int64("max-file-size", extract.DefaultLimits.MaxFileSize, "largest input file read, in bytes")
	maxRecord := fs.Int64("max-record-size", extract.DefaultLimits.MaxRecordSize, "largest JSON record loaded, in bytes")
	maxCell := fs.Int64("max-cell-size", extract.DefaultLimits.MaxCellSize, "longest text value loaded, in bytes")
	maxUnzip := fs.Int64("max-unzip-size", extract.DefaultLimits.MaxUnzipSize, "most bytes an XLSX may decompress to")
	asOf := fs.String("as-of", "", "print the summary as of this date (YYYY-MM-DD)")
	quiet := fs.BoolP("quiet", "q", false, "log warnings and errors only")
	batchRows := fs.Int("batch-rows", pipeline.DefaultBatchRows, "rows per Arrow batch loaded into DuckDB (smaller: less memory, more calls)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(os.Stderr, "p3dn run: unexpected argument %q\n", fs.Arg(0))
		return pipeline.ExitUsage
	}
	if *lake == "" && !*noLake {
		*lake = filepath.Join(filepath.Dir(*wh), "lake")
	}
	if *noLake {
		*lake = ""
	}
	level := slog.LevelInfo
	if *quiet {
		level = slog.LevelWarn
	}
	var handler slog.Handler
	var progress pipeline.Progress
	if *logFormat == "auto" {
		*logFormat = "json"
		if pipeline.IsTerminal(os.Stderr) && !*quiet {
			progress = pipeline.NewTerminalProgress(os.Stderr)
			level = slog.LevelWarn // the progress line says the rest
			*logFormat = "text"
		}
	}
	switch *logFormat {
	case "json":
		handler = slog.NewJSONHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	case "text":
		handler = slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: level})
	default:
		fmt.Fprintf(os.Stderr, "p3dn run: --log-format must be text or json, not %q\n", *logFormat)
		return pipeline.ExitUsage
	}
	ps, err := loadProfiles(*profiles)
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn run: %v\n", err)
		return pipeline.ExitUsage
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	res, err := pipeline.Run(ctx, pipeline.Config{
		Inbox: *inbox, Warehouse: *wh, Lake: *lake, MaxRejectRate: *maxReject, Version: version,
		DuckDB: load.Options{MemoryLimit: *memLimit, Threads: *threads, TempDir: *tempDir},
		Logger: slog.New(handler), Progress: progress, FullRefresh: *full, Tahun: *tahun, Compact: *compact, Wait: *wait, Profiles: ps,
		BatchRows: *batchRows,
		Limits:    extract.Limits{MaxFileSize: *maxFile, MaxRecordSize: *maxRecord, MaxCellSize: *maxCell, MaxUnzipSize: *maxUnzip},
	})
	if err != nil {
		if res != nil && res.ExitCode == pipeline.ExitLocked {
			fmt.Fprintf(os.Stderr, "p3dn run: %v\n", err)
			return pipeline.ExitLocked
		}
		fmt.Fprintf(os.Stderr, "p3dn run: %v\n", err)
		return pipeline.ExitFailure
	}
	fmt.Printf("run %s (%s): %d files (%d already loaded), %d records read, %d loaded, %d rejected, %d values nulled, %d transactions\n",
		res.RunID, res.Mode, len(res.Files), res.Skipped, res.Read, res.Loaded, res.Rejected, res.Nulled, res.Transaksi)
	for _, f := range res.Files {
		if f.Status != "skipped" && (f.Status != "loaded" || f.Note != "") {
			fmt.Printf("  %-12s %s: %s\n", f.Status, f.Path, f.Note)
		}
	}
	if err := pipeline.PrintSummary(ctx, os.Stdout, *wh, *asOf); err != nil {
		fmt.Fprintf(os.Stderr, "p3dn run: summary: %v\n", err)
		return pipeline.ExitFailure
	}
	if res.ExitCode == pipeline.ExitRejectsHigh {
		fmt.Fprintf(os.Stderr, "p3dn run: %.2f%% of records rejected, over --max-reject-rate %.2f%%\n", 100*res.RejectRate(), 100**maxReject)
	}
	return res.ExitCode
}

// loadProfiles reads the built-in mapping profiles and a user's folder.
func loadProfiles(dir string) ([]*extract.Profile, error) {
	return extract.LoadProfiles(data.Profiles, "profiles", dir)
}
