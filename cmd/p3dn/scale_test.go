package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// TestExtractLoad: two processes extract disjoint shares of K/L/PDs (the
// DKI sample and the real Kab. Bandung dump) into one partition folder at
// the same time; `p3dn load` builds a warehouse whose figures equal one run
// over both inboxes.
func TestExtractLoad(t *testing.T) {
	bandung := "../../../shared/samples/lkpp-isb/kab-bandung-2025"
	if _, err := os.Stat(bandung); err != nil {
		t.Skipf("real samples not found at %s: %v", bandung, err)
	}
	bin := binary(t)
	dki := copyInbox(t)
	parts := filepath.Join(t.TempDir(), "parts")
	cmds := []*exec.Cmd{
		exec.Command(bin, "extract", "--inbox", dki, "--out", parts, "--part", "dki"),
		exec.Command(bin, "extract", "--inbox", bandung, "--out", parts, "--part", "bandung"),
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range cmds {
		if err := c.Wait(); err != nil {
			t.Fatalf("extract: %v", err)
		}
	}
	if m, _ := filepath.Glob(filepath.Join(parts, "transaksi", "tahun_anggaran=*", "kd_klpd=*", "part-*.parquet")); len(m) != 3 {
		t.Errorf("transaksi partitions: %v", m)
	}
	wh := filepath.Join(t.TempDir(), "p3dn.duckdb")
	if out, errOut, code := run(t, bin, "load", "--from", parts, "--warehouse", wh); code != 0 {
		t.Fatalf("load: exit %d\n%s%s", code, out, errOut)
	}
	// The same inboxes in one run.
	both := t.TempDir()
	for name, src := range map[string]string{"dki": dki, "bandung": bandung} {
		os.MkdirAll(filepath.Join(both, name), 0o755)
		files, _ := filepath.Glob(filepath.Join(src, "*"))
		for _, f := range files {
			b, _ := os.ReadFile(f)
			os.WriteFile(filepath.Join(both, name, filepath.Base(f)), b, 0o644)
		}
	}
	one := filepath.Join(t.TempDir(), "p3dn.duckdb")
	run(t, bin, "run", "-q", "--inbox", both, "--warehouse", one)
	q := `SELECT tahun_anggaran, kd_klpd, komitmen_pdn, realisasi_pdn, realisasi_total, jumlah_transaksi FROM capaian_p3dn ORDER BY 1, 2`
	a, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", q)
	b, _, _ := run(t, bin, "query", "--warehouse", one, "--format", "csv", q)
	if a != b || len(a) < 50 {
		t.Errorf("loaded from partitions:\n%s\none run:\n%s", a, b)
	}
	q = `SELECT pdn_class, sum(nilai) AS nilai FROM kategori_tkdn GROUP BY 1 ORDER BY 1`
	a, _, _ = run(t, bin, "query", "--warehouse", wh, "--format", "csv", q)
	b, _, _ = run(t, bin, "query", "--warehouse", one, "--format", "csv", q)
	if a != b {
		t.Errorf("classes differ:\n%s\n%s", a, b)
	}
}
