package load

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestKeyRange: the key condition a range of transaksi ids implies, and
// the ranges that imply none.
func TestKeyRange(t *testing.T) {
	tx := LakeTable{KeyOf: "k", KeyExcept: "regional_"}
	for _, c := range []struct {
		r    lakeRange
		want string
	}{
		{lakeRange{lo: "non_tender:103", hi: "non_tender:1036"}, ` AND "k" >= '103' AND "k" < '1036'`},
		{lakeRange{lo: "tender:9", hi: "toko_daring:1"}, ""},                          // across two channels
		{lakeRange{lo: "regional_sipd:a.csv#1!2", hi: "regional_sipd:b.csv#1!9"}, ""}, // the id names the file
		{lakeRange{hi: "tender:5"}, ""},                                               // below the first cut point
		{lakeRange{lo: "tender:5"}, ""},                                               // at or above the last
		{lakeRange{lo: "x", hi: "y"}, ""},                                             // no channel prefix
		{lakeRange{lo: "e_purchasing:o'k", hi: "e_purchasing:p"}, ` AND "k" >= 'o''k' AND "k" < 'p'`},
	} {
		if got := keyRange(tx, c.r); got != c.want {
			t.Errorf("keyRange(%+v) = %q, want %q", c.r, got, c.want)
		}
	}
}

// keyedWarehouse makes a warehouse in a temporary folder, with lake files
// of about 2,000 rows until the test ends, holding a transaksi-like table
// t(id, k) in no particular order: ids channel:key over three channels,
// and regional ids whose key (sheet and row) repeats across files.
func keyedWarehouse(t *testing.T) (w *Warehouse, dir string) {
	t.Helper()
	dir = t.TempDir()
	w, err := Create(context.Background(), filepath.Join(dir, "w.duckdb"), Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(w.Abort)
	n, s := LakeFileRows, LakeSampleRows
	t.Cleanup(func() { LakeFileRows, LakeSampleRows = n, s })
	LakeFileRows, LakeSampleRows = 2000, 100
	if err := w.Exec(context.Background(), `CREATE TABLE t AS
		SELECT CASE range % 4 WHEN 0 THEN 'non_tender' WHEN 1 THEN 'tender' WHEN 2 THEN 'toko_daring' END || ':' || (100000 + range * 7919 % 40000) AS id,
		       CAST(100000 + range * 7919 % 40000 AS VARCHAR) AS k
		FROM range(40000) WHERE range % 4 < 3
		UNION ALL
		SELECT 'regional_sipd:D' || (range % 9) || '.csv#Sheet1!' || range, 'Sheet1!' || range FROM range(10000)`); err != nil {
		t.Fatal(err)
	}
	return w, dir
}

// writeTable writes a lake table's files into dir, fails the test when
// they do not hold every row, and returns its jobs.
func writeTable(t *testing.T, w *Warehouse, lt LakeTable, dir string) []lakeJob {
	t.Helper()
	ctx := context.Background()
	jobs, err := w.tableJobs(ctx, lt, dir)
	if err != nil {
		t.Fatal(err)
	}
	if short, err := w.runLakeJobs(ctx, jobs, 2); err != nil || len(short) > 0 {
		t.Fatal(err, short)
	}
	if err := checkCounts(jobs); err != nil {
		t.Error(err)
	}
	return jobs
}

// TestLakeKeyRangeSameFiles: with the key condition, every file holds the
// same rows in the same bytes as without it.
func TestLakeKeyRangeSameFiles(t *testing.T) {
	w, dir := keyedWarehouse(t)
	writeTable(t, w, LakeTable{Name: "t", OrderBy: "id"}, filepath.Join(dir, "lake"))
	var hinted int
	for _, j := range writeTable(t, w, LakeTable{Name: "t", OrderBy: "id", KeyOf: "k", KeyExcept: "regional_"}, filepath.Join(dir, "lakek")) {
		if strings.Contains(j.copy, `"k" >=`) {
			hinted++
		}
	}
	if hinted < 10 {
		t.Errorf("%d files carry the key condition, want most of the ~20", hinted)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "lake", "*.parquet"))
	if len(files) < 20 {
		t.Fatalf("%d files for 40,000 rows in files of about 2,000", len(files))
	}
	for _, f := range files {
		a, _ := os.ReadFile(f)
		b, err := os.ReadFile(filepath.Join(dir, "lakek", filepath.Base(f)))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs with the key condition (%v)", filepath.Base(f), err)
		}
	}
}

// TestLakeKeyRangeBroken: a row whose key does not repeat its id would fall
// out of its file under the key condition; the export fails instead of
// publishing a lake without it.
func TestLakeKeyRangeBroken(t *testing.T) {
	saved := LakeTables
	defer func() { LakeTables = saved }()
	LakeTables = []LakeTable{{Name: "t", OrderBy: "id", KeyOf: "k", KeyExcept: "regional_"}}
	ctx := context.Background()
	w, dir := keyedWarehouse(t)
	if err := w.Exec(ctx, "UPDATE t SET k = 'lain' WHERE id = (SELECT min(id) FROM t WHERE id > 'tender:12')"); err != nil {
		t.Fatal(err)
	}
	err := w.ExportLake(ctx, filepath.Join(dir, "lake"), "run-1")
	if err == nil || !strings.Contains(err.Error(), "hold 39999 rows, the table 40000") {
		t.Fatalf("export of a lake missing a row: %v", err)
	}
	if _, err := os.Stat(filepath.Join(dir, "lake")); !os.IsNotExist(err) {
		t.Errorf("a lake was published: %v", err)
	}
}

// TestLakeFileScale: a table with FileScale 4 is written in about a
// quarter of the files, holding every row.
func TestLakeFileScale(t *testing.T) {
	w, dir := keyedWarehouse(t)
	files := map[int64]int{}
	for _, scale := range []int64{0, 4} {
		files[scale] = len(writeTable(t, w, LakeTable{Name: "t", OrderBy: "id", FileScale: scale}, filepath.Join(dir, "lake", fmt.Sprint(scale))))
	}
	if files[0] < 16 || files[4] < files[0]/5 || files[4] > files[0]/3 {
		t.Errorf("%d files at FileScale 4 against %d, want about a quarter", files[4], files[0])
	}
}
