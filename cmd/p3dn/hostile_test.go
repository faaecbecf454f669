package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"

	"github.com/p3dn/p3dn/data/gen"
)

// TestHostileSuite runs the bad-input suite end to end: every case gets its
// status and a message naming the file and position, the run goes on with
// the other files, the counts reconcile, and memory stays bounded.
func TestHostileSuite(t *testing.T) {
	bin := binary(t)
	inbox := t.TempDir()
	if out, errOut, code := run(t, bin, "gen", "--scenario", "hostile", "--out", inbox); code != 0 {
		t.Fatalf("gen: %s %s", out, errOut)
	}
	// Symbolic links (to a file outside the inbox, and to the folder above)
	// are listed, never followed.
	os.Symlink("/etc/passwd", filepath.Join(inbox, "passwd.json"))
	os.Symlink("..", filepath.Join(inbox, "up"))
	wh := filepath.Join(t.TempDir(), "p3dn.duckdb")
	cmd := exec.Command(bin, "run", "-q", "--inbox", inbox, "--warehouse", wh)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	if code := cmd.ProcessState.ExitCode(); code != 3 {
		t.Fatalf("exit %d (want 3: rejects over --max-reject-rate), %v\n%s\n%s", code, err, stdout.String(), stderr.String())
	}
	if rss := cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss; rss > 1<<20 { // KiB
		t.Errorf("peak RSS %d KiB over 1 GiB", rss)
	}
	out, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv",
		"SELECT path, status, baris_dimuat, coalesce(catatan, '') FROM source_files ORDER BY path")
	got := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n")[1:] {
		f := strings.SplitN(line, ",", 4)
		got[f[0]] = f[1:]
	}
	for _, c := range gen.HostileCases {
		g, ok := got[c.File]
		if !ok {
			t.Errorf("%s (%s): not in source_files", c.File, c.What)
			continue
		}
		if g[0] != c.Status || g[1] != itoa(c.Loaded) || !strings.Contains(g[2], c.Message) {
			t.Errorf("%s (%s): got %v, want %s, %d loaded, message with %q", c.File, c.What, g, c.Status, c.Loaded, c.Message)
		}
	}
	if g := got["passwd.json"]; len(g) == 0 || g[0] != "unrecognised" || !strings.Contains(g[2], "symbolic link") {
		t.Errorf("symlink: %v", g)
	}
	for path := range got {
		if strings.HasPrefix(path, "up/") {
			t.Errorf("a symlinked folder was followed: %s", path)
		}
	}
	// records in = loaded + rejected (+ rows skipped by rule), file by file
	// and in the rejects table, which names file and position.
	out, _, _ = run(t, bin, "query", "--warehouse", wh, "--format", "csv",
		`SELECT count(*) FILTER (WHERE baris_dibaca <> baris_dimuat + baris_ditolak + baris_dilewati) AS bad,
		 sum(baris_ditolak) AS ditolak, (SELECT count(*) FROM rejects WHERE tindakan = 'record_rejected') AS baris_rejects FROM source_files`)
	if f := strings.Split(strings.TrimSpace(out), "\n"); len(f) != 2 || !strings.HasPrefix(f[1], "0,") || strings.Split(f[1], ",")[1] != strings.Split(f[1], ",")[2] {
		t.Errorf("counts do not reconcile:\n%s", out)
	}
	out, _, _ = run(t, bin, "query", "--warehouse", wh, "--format", "csv",
		"SELECT source_file, record_no, byte_offset, field, alasan FROM rejects WHERE source_file IN ('nul.json', 'dupkeys.json', 'bigstring.json') ORDER BY 1")
	for _, want := range []string{`bigstring.json,1,,nama_satker,"text of 10485760 bytes`, `dupkeys.json,1,,nama_satker,"key`, "nul.json,2,358,,malformed JSON"} {
		if !strings.Contains(out, want) {
			t.Errorf("rejects lack %q:\n%s", want, out)
		}
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

// TestFaults: a file that changes while it is read, a full disk at
// publish, a corrupt warehouse between runs, and DuckDB held to a small
// memory limit.
func TestFaults(t *testing.T) {
	bin := binary(t)
	inbox := copyInbox(t)
	dir := t.TempDir()
	wh := filepath.Join(dir, "p3dn.duckdb")

	// A writer appends to a file while the run reads it: nothing of it is
	// loaded, the run goes on, and the next run reads it.
	cmd := exec.Command(bin, "run", "-q", "--inbox", inbox, "--warehouse", wh, "--max-reject-rate", "1")
	cmd.Env = append(os.Environ(), "P3DN_FAULT=changed:SPSE-PencatatanNonTender.json")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("run with a changing file: %v\n%s", err, b)
	}
	out, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv",
		"SELECT status, baris_dimuat FROM source_files WHERE path = 'SPSE-PencatatanNonTender.json'")
	if out != "status,baris_dimuat\nchanged,0\n" {
		t.Errorf("changed file: %q", out)
	}
	if n, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT count(*) AS n FROM isb_spse_pencatatannontender"); n != "n\n0\n" {
		t.Errorf("rows of the changed file were loaded: %q", n)
	}
	run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh)
	if n, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT count(*) AS n FROM isb_spse_pencatatannontender"); n != "n\n61\n" {
		t.Errorf("the next run must load the file: %q", n)
	}

	// A full disk at publish: exit 1, the published warehouse as it was.
	before, _ := os.ReadFile(wh)
	os.WriteFile(filepath.Join(inbox, "SPSE-PencatatanNonTender-2.json"), []byte(strings.ReplaceAll(string(mustRead(t, filepath.Join(inbox, "SPSE-PencatatanNonTender.json"))), `"2023-10-15"`, `"2023-10-16"`)), 0o644)
	cmd = exec.Command(bin, "run", "-q", "--inbox", inbox, "--warehouse", wh)
	cmd.Env = append(os.Environ(), "P3DN_FAULT=enospc:publish")
	b, _ := cmd.CombinedOutput()
	if cmd.ProcessState.ExitCode() != 1 || !strings.Contains(string(b), "no space left on device") {
		t.Errorf("full disk: exit %d\n%s", cmd.ProcessState.ExitCode(), b)
	}
	if after, _ := os.ReadFile(wh); string(after) != string(before) {
		t.Error("the failed publish changed the warehouse")
	}
	if _, err := os.Stat(wh + ".building"); err == nil {
		t.Error("the failed run left its building file")
	}

	// A corrupt warehouse is detected, kept aside, and rebuilt from the inbox.
	os.WriteFile(wh, []byte("this is not a DuckDB file"), 0o644)
	out, errOut, code := run(t, bin, "run", "--inbox", inbox, "--warehouse", wh, "--log-format", "json")
	if code != 0 || !strings.Contains(errOut, "published warehouse unreadable") || !strings.Contains(out, "(penuh)") {
		t.Errorf("corrupt warehouse: exit %d\n%s\n%s", code, out, errOut)
	}
	if m, _ := filepath.Glob(wh + ".corrupt-*"); len(m) != 1 {
		t.Errorf("the corrupt file must be kept aside: %v", m)
	}

	// DuckDB held to 64 MB with a spill folder still completes the run.
	tmp := t.TempDir()
	wh2 := filepath.Join(t.TempDir(), "p3dn.duckdb")
	if out, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh2, "--memory-limit", "64MB", "--temp-dir", tmp, "--threads", "1"); code != 0 || !strings.Contains(out, "71,8 %") {
		t.Errorf("small memory limit: exit %d\n%s%s", code, out, errOut)
	}
}

func mustRead(t *testing.T, p string) []byte {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return b
}
