package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// binary builds p3dn once for the end-to-end tests.
func binary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "p3dn")
	out, err := exec.Command("go", "build", "-tags", "duckdb_arrow", "-o", bin, ".").CombinedOutput()
	if err != nil {
		t.Fatalf("build: %v\n%s", err, out)
	}
	return bin
}

func run(t *testing.T, bin string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(bin, args...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return stdout.String(), stderr.String(), code
}

func TestEndToEnd(t *testing.T) {
	bin := binary(t)
	dir := t.TempDir()
	wh := filepath.Join(dir, "wh", "p3dn.duckdb")

	out, errOut, code := run(t, bin, "run", "--inbox", "../../data/sample/inbox", "--warehouse", wh, "--log-format", "json")
	if code != 0 {
		t.Fatalf("run: exit %d\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "Rp11,35 T dari komitmen Rp15,80 T = 71,8 %") {
		t.Errorf("summary does not show the seed figure:\n%s", out)
	}
	if !strings.Contains(errOut, `"msg":"published"`) {
		t.Errorf("no JSON log of the publish:\n%s", errOut)
	}
	if _, err := os.Stat(filepath.Join(dir, "wh", "lake", "transaksi", "tahun_anggaran=2023", "part-0.parquet")); err != nil {
		t.Errorf("lake partition missing: %v", err)
	}

	out, _, code = run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT channel, count(*) AS n FROM transaksi GROUP BY channel ORDER BY channel")
	want := "channel,n\ne_purchasing,70\nnon_tender,85\npencatatan_non_tender,60\nregional_provinsi,19\nregional_sipd,22\ntender,36\ntoko_daring,10\n"
	if code != 0 || out != want {
		t.Errorf("query csv: exit %d\n%s\nwant\n%s", code, out, want)
	}
	out, _, code = run(t, bin, "query", "--warehouse", wh, "--format", "json", "--as-of", "2023-10-15", "SELECT kd_klpd, persen_capaian FROM capaian_p3dn")
	if code != 0 || !strings.Contains(out, `"persen_capaian": 71.84`) || strings.Index(out, "kd_klpd") > strings.Index(out, "persen_capaian") {
		t.Errorf("query json: exit %d\n%s", code, out)
	}
	// The warehouse is opened read-only by query.
	if _, errOut, code := run(t, bin, "query", "--warehouse", wh, "DELETE FROM transaksi"); code != 1 || !strings.Contains(strings.ToLower(errOut), "read-only") {
		t.Errorf("a write through query must fail as read-only: exit %d %s", code, errOut)
	}

	// Usage errors exit 2; --help exits 0.
	if _, _, code := run(t, bin, "run", "--no-such-flag"); code != 2 {
		t.Errorf("bad flag: exit %d, want 2", code)
	}
	if _, _, code := run(t, bin, "frobnicate"); code != 2 {
		t.Errorf("unknown command: exit %d, want 2", code)
	}
	for _, c := range []string{"run", "query", "gen"} {
		if _, errOut, code := run(t, bin, c, "--help"); code != 0 || !strings.Contains(errOut, "Usage: p3dn "+c) {
			t.Errorf("%s --help: exit %d %s", c, code, errOut)
		}
	}
	if out, _, code := run(t, bin, "version"); code != 0 || !strings.HasPrefix(out, "p3dn ") {
		t.Errorf("version: %d %q", code, out)
	}
}

// TestRejectThreshold: a run whose rejects exceed --max-reject-rate is
// published but exits 3, for cron to alert on.
func TestRejectThreshold(t *testing.T) {
	bin := binary(t)
	inbox := t.TempDir()
	rec := `{"tahun":2025,"kd_klpd":"D1","order_id":"1","valuasi":5,"tanggal_transaksi":"2025-01-02 10:00:00","status_konfirmasi_ppmse":"berhasil","kd_satker":"1","nama_satker":"A","metode_bayar":"transfer","marketplace":"m","jenis_transaksi":"bela"}`
	os.WriteFile(filepath.Join(inbox, "Bela-TokoDaringRealisasi.json"), []byte("["+rec+","+rec+"]"), 0o644)
	os.WriteFile(filepath.Join(inbox, "notes.txt"), []byte("hello"), 0o644)
	wh := filepath.Join(t.TempDir(), "p3dn.duckdb")
	out, errOut, code := run(t, bin, "run", "--inbox", inbox, "--warehouse", wh, "--max-reject-rate", "0.1", "-q")
	if code != 3 {
		t.Fatalf("exit %d, want 3\n%s\n%s", code, out, errOut)
	}
	if !strings.Contains(out, "unrecognised notes.txt") {
		t.Errorf("the unrecognised file is not reported:\n%s", out)
	}
	out, _, _ = run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT path, status FROM source_files ORDER BY path")
	if out != "path,status\nBela-TokoDaringRealisasi.json,loaded\nnotes.txt,unrecognised\n" {
		t.Errorf("source_files:\n%s", out)
	}
}
