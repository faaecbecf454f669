package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/pipeline"
)

// cmdExtract is one machine's share of a multi-machine load: it extracts
// and classifies an inbox (every source of some K/L/PDs) into Parquet
// partitions, without a warehouse.
func cmdExtract(args []string) int {
	fs := newFlags("extract", "--inbox DIR --out DIR --part NAME [flags]")
	inbox := fs.String("inbox", defaultInbox, "folder of input dumps: every source of this share's K/L/PDs")
	out := fs.String("out", "", "folder of partitions, shared by all the shares")
	part := fs.String("part", "", "this share's name, unique among the shares (letters, digits, - and _)")
	profiles := fs.String("profiles", "", "folder of extra mapping profiles (*.json)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *out == "" || *part == "" {
		fmt.Fprintln(os.Stderr, "p3dn extract: --out and --part are required")
		return pipeline.ExitUsage
	}
	ps, err := loadProfiles(*profiles)
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn extract: %v\n", err)
		return pipeline.ExitUsage
	}
	scratch := filepath.Join(*out, ".scratch-"+*part, "extract.duckdb")
	defer os.RemoveAll(filepath.Dir(scratch))
	res, err := pipeline.Run(context.Background(), pipeline.Config{Inbox: *inbox, Warehouse: scratch, MaxRejectRate: 1, Version: version,
		Profiles: ps, PartitionsOut: *out, Part: *part, DuckDB: load.Options{MemoryLimit: defaultMemoryLimit}})
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn extract: %v\n", err)
		return pipeline.ExitFailure
	}
	fmt.Printf("share %s: %d files, %d records read, %d loaded, %d rejected, %d transactions -> %s\n",
		*part, len(res.Files), res.Read, res.Loaded, res.Rejected, res.Transaksi, *out)
	return pipeline.ExitOK
}

// cmdLoad builds the warehouse from the partitions of every share.
func cmdLoad(args []string) int {
	fs := newFlags("load", "--from DIR [flags]")
	from := fs.String("from", "", "folder of partitions written by p3dn extract")
	wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file to publish")
	lake := fs.String("lake", "", "Parquet lake folder (default: lake/ beside the warehouse)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *from == "" {
		fmt.Fprintln(os.Stderr, "p3dn load: --from is required")
		return pipeline.ExitUsage
	}
	if *lake == "" {
		*lake = filepath.Join(filepath.Dir(*wh), "lake")
	}
	res, err := pipeline.Load(context.Background(), *from, pipeline.Config{Warehouse: *wh, Lake: *lake, Version: version})
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn load: %v\n", err)
		if res != nil && res.ExitCode == pipeline.ExitLocked {
			return pipeline.ExitLocked
		}
		return pipeline.ExitFailure
	}
	fmt.Printf("load %s: %d records, %d transactions from %s\n", res.RunID, res.Loaded, res.Transaksi, *from)
	if err := pipeline.PrintSummary(context.Background(), os.Stdout, *wh, ""); err != nil {
		fmt.Fprintf(os.Stderr, "p3dn load: summary: %v\n", err)
		return pipeline.ExitFailure
	}
	return pipeline.ExitOK
}
