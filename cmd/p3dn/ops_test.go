package main

import (
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"syscall"
	"testing"

	_ "github.com/duckdb/duckdb-go/v2"
)

// dataTables are compared row for row between warehouses; the ledger
// (runs, source_files, rejects) differs by run ids and times by design.
var dataTables = []string{"transaksi", "transaksi_rup", "transaksi_item", "transaksi_tahap", "pembayaran", "rup_paket",
	"satker", "sertifikat_tkdn", "aturan_tkdn", "isb_spse_nontenderselesai", "isb_spse_pencatatannontender", "isb_ecat_paketepurchasing"}

// snapshot reads every data table of a warehouse as sorted text rows.
func snapshot(t *testing.T, path string) map[string][]string {
	t.Helper()
	db, err := sql.Open("duckdb", path+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	out := map[string][]string{}
	for _, tbl := range dataTables {
		rows, err := db.Query(fmt.Sprintf("SELECT CAST(COLUMNS(* EXCLUDE (_source_file)) AS VARCHAR) FROM %s", tbl))
		if err != nil {
			rows, err = db.Query(fmt.Sprintf("SELECT CAST(COLUMNS(*) AS VARCHAR) FROM %s", tbl))
		}
		if err != nil {
			t.Fatalf("%s: %v", tbl, err)
		}
		cols, _ := rows.Columns()
		for rows.Next() {
			vals := make([]sql.NullString, len(cols))
			ptrs := make([]any, len(cols))
			for i := range vals {
				ptrs[i] = &vals[i]
			}
			rows.Scan(ptrs...)
			var b strings.Builder
			for _, v := range vals {
				b.WriteString(v.String + "|")
			}
			out[tbl] = append(out[tbl], b.String())
		}
		rows.Close()
		sort.Strings(out[tbl])
	}
	return out
}

func sameData(t *testing.T, what string, a, b map[string][]string) {
	t.Helper()
	for _, tbl := range dataTables {
		if len(a[tbl]) != len(b[tbl]) {
			t.Errorf("%s: %s has %d rows vs %d", what, tbl, len(a[tbl]), len(b[tbl]))
			continue
		}
		for i := range a[tbl] {
			if a[tbl][i] != b[tbl][i] {
				t.Errorf("%s: %s row %d differs:\n %s\n %s", what, tbl, i, a[tbl][i], b[tbl][i])
				break
			}
		}
	}
}

// lakeBytes reads every Parquet file of a lake.
func lakeBytes(t *testing.T, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	filepath.Walk(dir, func(p string, info os.FileInfo, err error) error {
		if err == nil && !info.IsDir() && filepath.Ext(p) == ".parquet" {
			b, _ := os.ReadFile(p)
			rel, _ := filepath.Rel(dir, p)
			out[rel] = string(b)
		}
		return nil
	})
	if len(out) == 0 {
		t.Fatalf("no Parquet files in %s", dir)
	}
	return out
}

func sameLake(t *testing.T, what string, a, b map[string]string) {
	t.Helper()
	if len(a) != len(b) {
		t.Errorf("%s: %d vs %d lake files", what, len(a), len(b))
	}
	for k, v := range a {
		if b[k] != v {
			t.Errorf("%s: lake file %s is not byte-identical", what, k)
		}
	}
}

func copyInbox(t *testing.T) string {
	t.Helper()
	dir := t.TempDir()
	files, _ := filepath.Glob("../../data/sample/inbox/*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(dir, filepath.Base(f)), b, 0o644)
	}
	return dir
}

// cleanRun builds the reference: one uninterrupted run.
func cleanRun(t *testing.T, bin, inbox string) (string, map[string][]string, map[string]string) {
	t.Helper()
	dir := t.TempDir()
	wh := filepath.Join(dir, "p3dn.duckdb")
	if out, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh); code != 0 {
		t.Fatalf("clean run: exit %d\n%s%s", code, out, errOut)
	}
	return wh, snapshot(t, wh), lakeBytes(t, filepath.Join(dir, "lake"))
}

// TestRepeatAndCrash: the same inbox run twice gives the same warehouse and
// byte-identical Parquet; a run killed with SIGKILL at any stage leaves the
// last good warehouse readable, is recorded as killed, and the next run
// gives the same result as a clean run.
func TestRepeatAndCrash(t *testing.T) {
	bin := binary(t)
	inbox := copyInbox(t)
	refWH, ref, refLake := cleanRun(t, bin, inbox)

	// Run twice on the same warehouse: the second adds nothing, changes nothing.
	if out, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", refWH); code != 0 || !strings.Contains(out, "(14 already loaded)") {
		t.Fatalf("second run: exit %d\n%s%s", code, out, errOut)
	}
	sameData(t, "second run", ref, snapshot(t, refWH))
	sameLake(t, "second run", refLake, lakeBytes(t, filepath.Join(filepath.Dir(refWH), "lake")))

	for _, stage := range []string{"extract", "transform", "model", "check", "lake", "publish", "publish-rename"} {
		t.Run(stage, func(t *testing.T) {
			dir := t.TempDir()
			wh := filepath.Join(dir, "p3dn.duckdb")
			// Three good runs (the third's publish keeps the first's file as
			// the spare, which the next run takes), then a run killed at the
			// stage, on a new day's inbox.
			for i := 0; i < 3; i++ {
				if _, _, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh); code != 0 {
					t.Fatalf("good run %d failed", i+1)
				}
			}
			if _, err := os.Stat(wh + ".spare"); err != nil {
				t.Fatalf("no spare after three runs: %v", err)
			}
			before := snapshot(t, wh)
			day := copyInbox(t)
			addDay(t, day)
			cmd := exec.Command(bin, "run", "-q", "--inbox", day, "--warehouse", wh)
			cmd.Env = append(os.Environ(), "P3DN_CRASH_AT="+stage)
			err := cmd.Run()
			if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
				t.Fatalf("the run was not killed at %s: %v", stage, err)
			}
			// The last good warehouse is intact and readable.
			sameData(t, "after the kill", before, snapshot(t, wh))
			// The next run completes and equals a clean run over the same inbox.
			if out, errOut, code := run(t, bin, "run", "-q", "--inbox", day, "--warehouse", wh); code != 0 {
				t.Fatalf("run after the kill: exit %d\n%s%s", code, out, errOut)
			}
			_, want, wantLake := cleanRun(t, bin, day)
			sameData(t, "after recovery", want, snapshot(t, wh))
			sameLake(t, "after recovery", wantLake, lakeBytes(t, filepath.Join(dir, "lake")))
			out, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT status, tahap FROM runs WHERE status = 'killed'")
			killedAt := strings.TrimSuffix(stage, "-rename") // the rename is part of the publish stage
			if !strings.Contains(out, "killed,"+killedAt) {
				t.Errorf("the killed run is not recorded as killed at %s:\n%s", stage, out)
			}
		})
	}
}

// addDay adds one day's dumps: a new pencatatan snapshot (16 Oct 2023) with
// a new package and a corrected value for an existing one.
func addDay(t *testing.T, inbox string) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(inbox, "SPSE-PencatatanNonTender.json"))
	if err != nil {
		t.Fatal(err)
	}
	s := strings.ReplaceAll(string(b), `"_event_date": "2023-10-15"`, `"_event_date": "2023-10-16"`)
	s = strings.Replace(s, `"kd_nontender_pct": 7700601,`, `"kd_nontender_pct": 7799601,`, 1) // a new package
	os.WriteFile(filepath.Join(inbox, "SPSE-PencatatanNonTender-20231016.json"), []byte(s), 0o644)
}

// TestIncremental: one day's new dumps on top of the bundled data load
// only the new file and give the same warehouse as a full rebuild.
func TestIncremental(t *testing.T) {
	bin := binary(t)
	inbox := copyInbox(t)
	dir := t.TempDir()
	wh := filepath.Join(dir, "p3dn.duckdb")
	if _, _, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh); code != 0 {
		t.Fatal("first run failed")
	}
	addDay(t, inbox)
	out, _, _ := run(t, bin, "plan", "--inbox", inbox, "--warehouse", wh)
	if !strings.Contains(out, "1 to load, 14 to skip") {
		t.Errorf("plan:\n%s", out)
	}
	out, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh)
	if code != 0 || !strings.Contains(out, "(inkremental): 15 files (14 already loaded), 61 records read") {
		t.Fatalf("incremental run: exit %d\n%s%s", code, out, errOut)
	}
	_, full, _ := cleanRun(t, bin, inbox)
	sameData(t, "incremental vs full", full, snapshot(t, wh))
	got, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv",
		"SELECT count(*) AS n, count(DISTINCT transaksi_id) AS d FROM transaksi WHERE channel = 'pencatatan_non_tender'")
	if got != "n,d\n61,61\n" {
		t.Errorf("the new snapshot must replace the old rows by key and add the new package: %s", got)
	}
	// --tahun rebuilds one year alone and gives the same result again.
	if out, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh, "--tahun", "2023"); code != 0 {
		t.Fatalf("--tahun: exit %d\n%s%s", code, out, errOut)
	}
	sameData(t, "--tahun 2023", full, snapshot(t, wh))
}

// TestIncrementalDay: a generated day (new snapshots of existing
// non-tender, pencatatan and e-Katalog keys, and new keys) added to a
// generated inbox derives only the keys it touches, and the warehouse and
// lake equal a clean run's over the same inbox, row for row and byte for
// byte.
func TestIncrementalDay(t *testing.T) {
	bin := binary(t)
	inbox := t.TempDir()
	if _, errOut, code := run(t, bin, "gen", "--rows", "5000", "--out", inbox); code != 0 {
		t.Fatal(errOut)
	}
	base, _ := os.ReadDir(inbox)
	dir := t.TempDir()
	wh := filepath.Join(dir, "p3dn.duckdb")
	if _, errOut, code := run(t, bin, "run", "-q", "--max-reject-rate", "1", "--inbox", inbox, "--warehouse", wh); code != 0 {
		t.Fatal(errOut)
	}
	// The regions' SIPD P3DN exports repeat some non-tender contracts: each
	// such row is found and counted once.
	got, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", `SELECT count(*) AS n, count(duplikat_dari) AS dup,
		count(*) FILTER (WHERE duplikat_dari LIKE 'non_tender:%') AS dup_non_tender FROM transaksi
		WHERE channel = 'regional_sipd' AND nama_paket = 'Pengadaan langsung (juga tercatat di SPSE)'`)
	if n, dup, same, ok := threeInts(got); !ok || n == 0 || dup != n || same != n {
		t.Errorf("regional rows repeating non-tender contracts, want all of them marked duplikat_dari: %s", got)
	}
	var dayFiles []string
	const days = 3
	for day := 1; day <= days; day++ {
		written, errOut, code := run(t, bin, "gen", "--rows", "5000", "--day", fmt.Sprint(day), "--out", inbox)
		if code != 0 {
			t.Fatal(errOut)
		}
		dayFiles = append(dayFiles, strings.Fields(written)...)
		out, errOut, code := run(t, bin, "run", "--log-format", "json", "--max-reject-rate", "1", "--inbox", inbox, "--warehouse", wh)
		if code != 0 || !strings.Contains(out, "(inkremental)") || !strings.Contains(errOut, `"msg":"deriving the touched keys only"`) {
			t.Fatalf("day %d: exit %d, want an incremental run deriving the touched keys only\n%s%s", day, code, out, errOut)
		}
		// Day 3 finds the base run's file kept as the spare (day 2's publish
		// made it so) and rewrites only its blocks that differ, where the
		// file system cannot share extents.
		if day == days && !strings.Contains(errOut, `"how":"spare"`) && !strings.Contains(errOut, `"how":"reflink"`) {
			t.Errorf("day %d: the published warehouse must be copied onto the spare (or reflinked)\n%s", day, errOut)
		}
	}
	// The files of earlier runs are known by path, size and modification
	// time: no day reads them again.
	got, _, _ = run(t, bin, "query", "--warehouse", wh, "--format", "csv",
		"SELECT count(*) AS n FROM source_files WHERE catatan LIKE 'same file (path, size, modification time)%'")
	// the base files on each day, and on day d the files of the d-1 days
	// before it (each day writes as many)
	perDay := len(dayFiles) / days
	if want := fmt.Sprintf("n\n%d\n", days*len(base)+perDay*days*(days-1)/2); len(dayFiles) == 0 || got != want {
		t.Errorf("files skipped by path, size and modification time: %s, want %s (%d base files, day files %v)", got, want, len(base), dayFiles)
	}
	cdir := t.TempDir()
	cwh := filepath.Join(cdir, "p3dn.duckdb")
	if _, errOut, code := run(t, bin, "run", "-q", "--max-reject-rate", "1", "--inbox", inbox, "--warehouse", cwh); code != 0 {
		t.Fatal(errOut)
	}
	sameData(t, "three incremental days vs a clean run", snapshot(t, cwh), snapshot(t, wh))
	sameLake(t, "incremental days", lakeBytes(t, filepath.Join(cdir, "lake")), lakeBytes(t, filepath.Join(dir, "lake")))
}

// TestReadersAndLock: a reader that opened the warehouse before a run still
// reads after it; a second run while one holds the lock refuses with exit
// code 4 and the holder's PID; rollback restores the previous warehouse.
func TestReadersAndLock(t *testing.T) {
	bin := binary(t)
	inbox := copyInbox(t)
	dir := t.TempDir()
	wh := filepath.Join(dir, "p3dn.duckdb")
	run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh)
	reader, err := sql.Open("duckdb", wh+"?access_mode=read_only")
	if err != nil {
		t.Fatal(err)
	}
	defer reader.Close()
	var n int
	if err := reader.QueryRow("SELECT count(*) FROM transaksi").Scan(&n); err != nil {
		t.Fatal(err)
	}
	addDay(t, inbox)
	if out, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh); code != 0 {
		t.Fatalf("run while a reader is open: exit %d\n%s%s", code, out, errOut)
	}
	var m int
	if err := reader.QueryRow("SELECT count(*) FROM transaksi").Scan(&m); err != nil || m != n {
		t.Errorf("the open reader must keep its snapshot: %d then %d (%v)", n, m, err)
	}
	// After a third run the reader's version is the spare a fourth would
	// rewrite in part: held open, it is left alone and the run copies the
	// whole file.
	run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh)
	_, errOut, code := run(t, bin, "run", "--log-format", "json", "--inbox", inbox, "--warehouse", wh)
	if code != 0 || !strings.Contains(errOut, "the spare warehouse was not used") && !strings.Contains(errOut, `"how":"reflink"`) {
		t.Errorf("a run while a reader holds the spare: exit %d, want a whole copy\n%s", code, errOut)
	}
	if err := reader.QueryRow("SELECT count(*) FROM transaksi").Scan(&m); err != nil || m != n {
		t.Errorf("the reader of the spare must keep its snapshot: %d then %d (%v)", n, m, err)
	}

	f, _ := os.OpenFile(wh+".lock", os.O_RDWR|os.O_CREATE, 0o644)
	defer f.Close()
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB); err != nil {
		t.Fatal(err)
	}
	f.Truncate(0)
	f.WriteAt([]byte("4242\n"), 0)
	_, errOut, code = run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh)
	if code != 4 || !strings.Contains(errOut, "PID 4242") {
		t.Errorf("second run: exit %d, %s", code, errOut)
	}
	syscall.Flock(int(f.Fd()), syscall.LOCK_UN)

	out, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT count(*) AS n FROM runs")
	if code := func() int { _, _, c := run(t, bin, "rollback", "--warehouse", wh); return c }(); code != 0 {
		t.Fatalf("rollback exit %d", code)
	}
	after, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT count(*) AS n FROM runs")
	if out != "n\n4\n" || after != "n\n3\n" {
		t.Errorf("rollback: runs %q then %q", out, after)
	}
}

// TestConcurrentRuns starts two runs on one warehouse at the same moment:
// each either publishes or refuses with exit code 4, never both failing,
// and the warehouse ends equal to a clean run's.
func TestConcurrentRuns(t *testing.T) {
	bin := binary(t)
	inbox := copyInbox(t)
	wh := filepath.Join(t.TempDir(), "p3dn.duckdb")
	cmds := []*exec.Cmd{
		exec.Command(bin, "run", "-q", "--inbox", inbox, "--warehouse", wh),
		exec.Command(bin, "run", "-q", "--inbox", inbox, "--warehouse", wh),
	}
	for _, c := range cmds {
		if err := c.Start(); err != nil {
			t.Fatal(err)
		}
	}
	ok := 0
	for _, c := range cmds {
		c.Wait()
		switch code := c.ProcessState.ExitCode(); code {
		case 0:
			ok++
		case 4:
		default:
			t.Errorf("a concurrent run exited %d", code)
		}
	}
	if ok == 0 {
		t.Fatal("neither run published")
	}
	_, want, _ := cleanRun(t, bin, inbox)
	sameData(t, "after concurrent runs", want, snapshot(t, wh))
}

// threeInts reads a CSV query result of one row of three integers.
func threeInts(csv string) (a, b, c int, ok bool) {
	lines := strings.Split(strings.TrimSpace(csv), "\n")
	if len(lines) != 2 {
		return 0, 0, 0, false
	}
	n, err := fmt.Sscanf(strings.ReplaceAll(lines[1], ",", " "), "%d %d %d", &a, &b, &c)
	return a, b, c, err == nil && n == 3
}
