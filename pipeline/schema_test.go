package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/p3dn/p3dn/load"
)

// TestHistoryCarriedOver: a run that rebuilds in full, for --full-refresh
// or because the published warehouse has another layout, keeps the runs
// and files the published one recorded.
func TestHistoryCarriedOver(t *testing.T) {
	ctx := context.Background()
	cfg := Config{Inbox: "../data/sample/inbox", Warehouse: filepath.Join(t.TempDir(), "p3dn.duckdb"), MaxRejectRate: 0.05, Version: "test"}
	runs := func(want int, mode string) {
		t.Helper()
		res, err := Run(ctx, cfg)
		if err != nil {
			t.Fatal(err)
		}
		db, err := load.Open(ctx, cfg.Warehouse, true)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var n, files int
		if err := db.QueryRow("SELECT (SELECT count(*) FROM runs), (SELECT count(DISTINCT run_id) FROM source_files)").Scan(&n, &files); err != nil {
			t.Fatal(err)
		}
		if res.Mode != mode || n != want || files != want {
			t.Fatalf("%s run: %d runs and files of %d runs, want %d (mode %s)", mode, n, files, want, res.Mode)
		}
	}
	runs(1, "penuh")
	cfg.FullRefresh = true
	runs(2, "penuh")
	cfg.FullRefresh = false
	// As a warehouse an older p3dn built.
	db, err := load.Open(ctx, cfg.Warehouse, false)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := db.Exec("UPDATE p3dn_meta SET nilai = 'older' WHERE kunci = 'skema'"); err != nil {
		t.Fatal(err)
	}
	db.Close()
	runs(3, "penuh")
	runs(4, "inkremental")
}
