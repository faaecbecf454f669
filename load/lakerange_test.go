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
	for _, c := range []struct {
		r    lakeRange
		want string
	}{
		{lakeRange{lo: "non_tender:103", hi: "non_tender:1036", bounded: true}, ` AND "k" >= '103' AND "k" < '1036'`},
		{lakeRange{lo: "tender:9", hi: "toko_daring:1", bounded: true}, ""},                          // across two channels
		{lakeRange{lo: "regional_sipd:a.csv#1!2", hi: "regional_sipd:b.csv#1!9", bounded: true}, ""}, // the id names the file
		{lakeRange{hi: "tender:5"}, ""},                  // below the first cut point
		{lakeRange{lo: "tender:5"}, ""},                  // at or above the last
		{lakeRange{lo: "x", hi: "y", bounded: true}, ""}, // no channel prefix
		{lakeRange{lo: "e_purchasing:o'k", hi: "e_purchasing:p", bounded: true}, ` AND "k" >= 'o''k' AND "k" < 'p'`},
	} {
		if got := keyRange("k", c.r); got != c.want {
			t.Errorf("keyRange(%+v) = %q, want %q", c.r, got, c.want)
		}
	}
}

// keyedTable makes a transaksi-like table t(id, k) in no particular order:
// ids channel:key over three channels, and regional ids whose key (sheet
// and row) repeats across files.
func keyedTable(t *testing.T, w *Warehouse) {
	t.Helper()
	if err := w.Exec(context.Background(), `CREATE TABLE t AS
		SELECT CASE range % 4 WHEN 0 THEN 'non_tender' WHEN 1 THEN 'tender' WHEN 2 THEN 'toko_daring' END || ':' || (100000 + range * 7919 % 40000) AS id,
		       CAST(100000 + range * 7919 % 40000 AS VARCHAR) AS k
		FROM range(40000) WHERE range % 4 < 3
		UNION ALL
		SELECT 'regional_sipd:D' || (range % 9) || '.csv#Sheet1!' || range, 'Sheet1!' || range FROM range(10000)`); err != nil {
		t.Fatal(err)
	}
}

// TestLakeKeyRangeSameFiles: with the key condition, every file holds the
// same rows in the same bytes as without it.
func TestLakeKeyRangeSameFiles(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	defer func(n, s int64) { LakeFileRows, LakeSampleRows = n, s }(LakeFileRows, LakeSampleRows)
	LakeFileRows, LakeSampleRows = 2000, 100
	keyedTable(t, w)
	var hinted int
	for _, keyOf := range []string{"", "k"} {
		jobs, err := w.tableJobs(ctx, LakeTable{Name: "t", OrderBy: "id", KeyOf: keyOf}, filepath.Join(dir, "lake"+keyOf))
		if err != nil {
			t.Fatal(err)
		}
		if short, err := w.runLakeJobs(ctx, jobs, 2); err != nil || len(short) > 0 {
			t.Fatal(err, short)
		}
		if err := checkCounts(jobs); err != nil {
			t.Error(err)
		}
		for _, j := range jobs {
			if strings.Contains(j.copy, `"k" >=`) {
				hinted++
			}
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
	LakeTables = []LakeTable{{Name: "t", OrderBy: "id", KeyOf: "k"}}
	defer func(n, s int64) { LakeFileRows, LakeSampleRows = n, s }(LakeFileRows, LakeSampleRows)
	LakeFileRows, LakeSampleRows = 2000, 100
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	keyedTable(t, w)
	if err := w.Exec(ctx, "UPDATE t SET k = 'lain' WHERE id = (SELECT min(id) FROM t WHERE id > 'tender:12')"); err != nil {
		t.Fatal(err)
	}
	err = w.ExportLake(ctx, filepath.Join(dir, "lake"), "run-1")
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
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	defer func(n, s int64) { LakeFileRows, LakeSampleRows = n, s }(LakeFileRows, LakeSampleRows)
	LakeFileRows, LakeSampleRows = 2000, 100
	keyedTable(t, w)
	files := map[int64]int{}
	for _, scale := range []int64{0, 4} {
		jobs, err := w.tableJobs(ctx, LakeTable{Name: "t", OrderBy: "id", FileScale: scale}, filepath.Join(dir, "lake", fmt.Sprint(scale)))
		if err != nil {
			t.Fatal(err)
		}
		if short, err := w.runLakeJobs(ctx, jobs, 2); err != nil || len(short) > 0 {
			t.Fatal(err, short)
		}
		if err := checkCounts(jobs); err != nil {
			t.Error(err)
		}
		files[scale] = len(jobs)
	}
	if files[0] < 16 || files[4] < files[0]/5 || files[4] > files[0]/3 {
		t.Errorf("%d files at FileScale 4 against %d, want about a quarter", files[4], files[0])
	}
}
