package main

import (
	"context"
	"fmt"
	"os"

	"github.com/p3dn/p3dn/pipeline"
	"github.com/p3dn/p3dn/report"
)

func cmdReport(args []string) int {
	fs := newFlags("report", "--out FILE.xlsx [flags]")
	wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file")
	out := fs.String("out", "", "the workbook to write (a folder with --format csv)")
	format := fs.String("format", "xlsx", "xlsx or csv (one file per sheet)")
	tahun := fs.Int("tahun", 0, "fiscal year (default: all)")
	klpd := fs.String("klpd", "", "K/L/PD code (default: all)")
	asOf := fs.String("as-of", "", "figures as of this date (YYYY-MM-DD)")
	unmask := fs.Bool("unmask", false, "include providers' names and NPWP unmasked (internal use only)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *out == "" {
		fmt.Fprintln(os.Stderr, "p3dn report: --out is required")
		fs.Usage()
		return pipeline.ExitUsage
	}
	err := report.Write(context.Background(), report.Options{Warehouse: *wh, Out: *out, Format: *format, Tahun: *tahun,
		KLPD: *klpd, AsOf: *asOf, Unmask: *unmask, Version: version})
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn report: %v\n", err)
		return pipeline.ExitFailure
	}
	fmt.Println(*out)
	return pipeline.ExitOK
}
