package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// TestIncrementalContractStages: a night that brings only later e-contract
// stages (SPMK/SPP and BAP/BAST, no selection result or contract) of
// contracts already loaded derives the touched keys only, and its
// transaksi_tahap and pembayaran equal those of a clean run over the same
// files (sql/model/015: the stage feeds' new rows, found from their rows
// before the run, name the contracts whose stages are rebuilt).
func TestIncrementalContractStages(t *testing.T) {
	if _, err := os.Stat(bandung); err != nil {
		t.Skipf("real samples not found at %s: %v", bandung, err)
	}
	later := map[string]bool{
		"SPSE-NonTenderEkontrak-3SPMKSPP.json": true, "SPSE-NonTenderEkontrak-4BAPBAST.json": true,
		"SPSE-TenderEkontrak-3SPMKSPP.json": true, "SPSE-TenderEkontrak-4BAPBAST.json": true,
	}
	inbox := t.TempDir()
	files, _ := filepath.Glob(filepath.Join(bandung, "*.json"))
	copyTo := func(f string) {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(inbox, filepath.Base(f)), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, f := range files {
		if !later[filepath.Base(f)] {
			copyTo(f)
		}
	}
	dir := t.TempDir()
	cfg := Config{Inbox: inbox, Warehouse: filepath.Join(dir, "p3dn.duckdb"), MaxRejectRate: 0.05, Version: "test"}
	if _, err := Run(context.Background(), cfg); err != nil {
		t.Fatal(err)
	}
	db := openWH(t, dir)
	before := str(t, db, `SELECT count(*)::VARCHAR FROM transaksi_tahap WHERE tahap IN ('SPMK_SPP', 'BAP_BAST')`)
	db.Close()
	for _, f := range files {
		if later[filepath.Base(f)] {
			copyTo(f)
		}
	}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if res.Mode != "inkremental" {
		t.Fatalf("second run: mode %s, want inkremental", res.Mode)
	}
	clean, _ := runInto(t, inbox)
	got, want := openWH(t, dir), openWH(t, clean)
	if n := str(t, got, `SELECT count(*)::VARCHAR FROM transaksi_tahap WHERE tahap IN ('SPMK_SPP', 'BAP_BAST')`); n == before || n == "0" {
		t.Errorf("SPMK/SPP and BAP/BAST stages: %s after the night, %s before; the night must add them", n, before)
	}
	for _, q := range []string{
		`SELECT * FROM transaksi_tahap`,
		`SELECT * FROM pembayaran`,
		`SELECT * EXCLUDE (_source_file, _record) FROM transaksi`,
	} {
		a, b := dump(t, got, q), dump(t, want, q)
		sort.Strings(a)
		sort.Strings(b)
		if len(a) == 0 || strings.Join(a, "\n") != strings.Join(b, "\n") {
			t.Errorf("%s: %d rows after the night, %d in a clean run, or rows that differ", q, len(a), len(b))
		}
	}
}
