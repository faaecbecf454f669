package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"

	"github.com/p3dn/p3dn/pipeline"
)

func cmdPlan(args []string) int {
	fs := newFlags("plan", "[flags]")
	inbox := fs.String("inbox", defaultInbox, "folder of input dumps")
	wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file")
	full := fs.Bool("full-refresh", false, "plan a full rebuild")
	tahun := fs.Int("tahun", 0, "plan a rebuild of this fiscal year alone")
	profiles := fs.String("profiles", "", "folder of extra mapping profiles (*.json) for regional spreadsheets")
	if code, stop := parse(fs, args); stop {
		return code
	}
	ps, err := loadProfiles(*profiles)
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn plan: %v\n", err)
		return pipeline.ExitUsage
	}
	plan, err := pipeline.Plan(context.Background(), pipeline.Config{Inbox: *inbox, Warehouse: *wh, FullRefresh: *full, Tahun: *tahun, Profiles: ps})
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn plan: %v\n", err)
		return pipeline.ExitFailure
	}
	tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "action\tfile\twhy")
	counts := map[string]int{}
	for _, e := range plan {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", e.Action, e.Path, e.Why)
		counts[e.Action]++
	}
	tw.Flush()
	fmt.Printf("%d to load, %d to skip, %d to report; nothing was changed\n", counts["load"], counts["skip"], counts["report"])
	return pipeline.ExitOK
}

func cmdStatus(args []string) int {
	fs := newFlags("status", "[flags]")
	wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file")
	n := fs.Int("last", 10, "how many runs to show")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if b, err := os.ReadFile(*wh + ".run.json"); err == nil {
		fmt.Printf("unfinished run state (%s): %s\n\n", *wh+".run.json", b)
	}
	q := fmt.Sprintf(`SELECT run_id, status, mode, CAST(mulai AS VARCHAR) AS mulai, CAST(selesai - mulai AS VARCHAR) AS lama,
		jumlah_file, file_dilewati, baris_dibaca, baris_dimuat, baris_ditolak, transaksi, exit_code, coalesce(tahap, '') AS tahap, coalesce(pesan, '') AS pesan
		FROM runs ORDER BY mulai DESC LIMIT %d`, *n)
	if err := query(context.Background(), os.Stdout, *wh, "", "table", q); err != nil {
		fmt.Fprintf(os.Stderr, "p3dn status: %v\n", err)
		return pipeline.ExitFailure
	}
	return pipeline.ExitOK
}

func cmdRollback(args []string) int {
	fs := newFlags("rollback", "[flags]")
	wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file")
	lake := fs.String("lake", "", "Parquet lake folder (default: lake/ beside the warehouse)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *lake == "" {
		*lake = filepath.Join(filepath.Dir(*wh), "lake")
	}
	if err := pipeline.Rollback(context.Background(), *wh, *lake); err != nil {
		fmt.Fprintf(os.Stderr, "p3dn rollback: %v\n", err)
		return pipeline.ExitFailure
	}
	fmt.Printf("rolled back %s and %s to the previous run; run rollback again to undo\n", *wh, *lake)
	return pipeline.ExitOK
}
