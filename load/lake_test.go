package load

import (
	"context"
	"fmt"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestLakeRowGroups: a lake file is written in row groups of
// LakeRowGroupRows, not as one: DuckDB's Parquet writer holds a whole row
// group in memory, and one of 122,880 transactions ran a 5M-row lake out
// of memory at --memory-limit 256MB.
func TestLakeRowGroups(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	defer func(n int64) { LakeFileRows = n }(LakeFileRows)
	LakeFileRows = 4 * LakeRowGroupRows // the rows below in one file
	rows := 2*LakeRowGroupRows + 1000   // three row groups, the last one short
	if err := w.Exec(ctx, fmt.Sprintf("CREATE TABLE t AS SELECT range AS id, repeat('x', 50) AS s FROM range(%d)", rows)); err != nil {
		t.Fatal(err)
	}
	jobs, err := w.tableJobs(ctx, LakeTable{Name: "t", OrderBy: "id"}, filepath.Join(dir, "lake", "t"))
	if err != nil {
		t.Fatal(err)
	}
	if short, err := w.runLakeJobs(ctx, jobs, 2); err != nil || len(short) > 0 {
		t.Fatal(err, short)
	}
	var groups, largest int64
	f := Quote(filepath.Join(dir, "lake", "t", "part-0.parquet"))
	if err := w.QueryRow(ctx, fmt.Sprintf("SELECT count(DISTINCT row_group_id), max(row_group_num_rows) FROM parquet_metadata(%s)", f)).Scan(&groups, &largest); err != nil {
		t.Fatal(err)
	}
	if groups != 3 || largest != LakeRowGroupRows {
		t.Errorf("%d rows in %d row groups of at most %d, want 3 of at most %d", rows, groups, largest, LakeRowGroupRows)
	}
}

// TestLakeThreadsRestored: the lake is exported on LakeThreads DuckDB
// threads and under half the run's memory limit, down to MinMemory (what
// the export allocates outside the buffer pool comes on top of it),
// LakeWorkers files at once where the run has that many threads and at
// least LakeParallelMemory; and the run's own settings are put back after.
func TestLakeThreadsRestored(t *testing.T) {
	for _, c := range []struct {
		threads       int
		limit         string
		lowMiB, hiMiB int64 // the limit the export ran under
		why           string
	}{
		{2, "600MB", 280, 287, "two files at once, together under half the limit"},
		{1, "600MB", 280, 287, "one thread in the run: one file at a time, half the limit"},
		{2, "300MB", 256, 256, "under LakeParallelMemory: one at a time, half the limit but not under MinMemory"},
	} {
		t.Run(fmt.Sprintf("%d threads %s", c.threads, c.limit), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{Threads: c.threads, MemoryLimit: c.limit})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			saved := LakeTables
			defer func() { LakeTables = saved }()
			// The exported view records the settings the export ran under.
			LakeTables = []LakeTable{{Name: "t", OrderBy: "id"}}
			if err := w.Exec(ctx, `CREATE VIEW t AS SELECT range AS id, current_setting('threads') AS threads,
				current_setting('memory_limit') AS memory_limit FROM range(10)`); err != nil {
				t.Fatal(err)
			}
			var before string
			if err := w.QueryRow(ctx, "SELECT current_setting('memory_limit')").Scan(&before); err != nil {
				t.Fatal(err)
			}
			if err := w.ExportLake(ctx, filepath.Join(dir, "lake"), "test"); err != nil {
				t.Fatal(err)
			}
			var during, limit string
			f := Quote(filepath.Join(dir, "lake", "t", "part-0.parquet"))
			if err := w.QueryRow(ctx, "SELECT any_value(threads), any_value(memory_limit) FROM read_parquet("+f+")").Scan(&during, &limit); err != nil {
				t.Fatal(err)
			}
			if b, ok := parseSize(limit); during != fmt.Sprint(LakeThreads) || !ok || b>>20 < c.lowMiB || b>>20 > c.hiMiB {
				t.Errorf("the lake ran on %s threads under %s, want %d and %d-%d MiB (%s)", during, limit, LakeThreads, c.lowMiB, c.hiMiB, c.why)
			}
			var threads int
			var after string
			if err := w.QueryRow(ctx, "SELECT CAST(current_setting('threads') AS BIGINT), current_setting('memory_limit')").Scan(&threads, &after); err != nil {
				t.Fatal(err)
			}
			if threads != c.threads || after != before {
				t.Errorf("after the lake: %d threads, memory_limit %s; want the run's %d and %s", threads, after, c.threads, before)
			}
		})
	}
}

// TestLakeWorkersSameBytes: the files are the same bytes whether one
// connection writes them or two.
func TestLakeWorkersSameBytes(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{Threads: 2, MemoryLimit: "600MB"})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	if err := w.Exec(ctx, "CREATE TABLE t AS SELECT range % 7 AS p, range AS id, md5(range::VARCHAR) AS s FROM range(50000)"); err != nil {
		t.Fatal(err)
	}
	savedRows := LakeFileRows
	defer func() { LakeFileRows = savedRows }()
	LakeFileRows = 1000 // dozens of files for the two connections to share
	sums := map[int][]ManifestFile{}
	for _, workers := range []int{1, 2} {
		out := filepath.Join(dir, fmt.Sprint(workers))
		jobs, err := w.tableJobs(ctx, LakeTable{Name: "t", PartitionBy: "p", OrderBy: "id"}, out)
		if err != nil {
			t.Fatal(err)
		}
		if short, err := w.runLakeJobs(ctx, jobs, workers); err != nil || len(short) > 0 {
			t.Fatal(err, short)
		}
		if sums[workers], err = manifest(out); err != nil {
			t.Fatal(err)
		}
	}
	if len(sums[1]) < 40 || !reflect.DeepEqual(sums[1], sums[2]) {
		t.Errorf("%d files by one connection, %d by two, or their bytes differ", len(sums[1]), len(sums[2]))
	}
}

// TestLimitThreads: a stage lowers DuckDB's threads and puts the run's
// back; a limit above the run's threads changes nothing.
func TestLimitThreads(t *testing.T) {
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{Threads: 3})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	threads := func() int64 { return threadsOf(t, w) }
	for _, c := range []struct{ limit, during int64 }{{0, 3}, {1, 1}, {2, 2}, {3, 3}, {8, 3}} {
		duringAndAfter(t, fmt.Sprintf("limit %d: threads", c.limit), func() (func() error, error) { return w.LimitThreads(ctx, int(c.limit)) },
			threads, c.during, 3)
	}
}

// threadsOf reads DuckDB's threads setting.
func threadsOf(t *testing.T, w *Warehouse) int64 {
	t.Helper()
	var n int64
	if err := w.QueryRow(context.Background(), "SELECT CAST(current_setting('threads') AS BIGINT)").Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// duringAndAfter calls limit, checks read() is during until the returned
// restore is called, and after once it is.
func duringAndAfter(t *testing.T, what string, limit func() (func() error, error), read func() int64, during, after int64) {
	t.Helper()
	restore, err := limit()
	if err != nil {
		t.Fatal(err)
	}
	if got := read(); got != during {
		t.Errorf("%s %d during the stage, want %d", what, got, during)
	}
	if err := restore(); err != nil {
		t.Fatal(err)
	}
	if got := read(); got != after {
		t.Errorf("%s %d after the stage, want the run's %d", what, got, after)
	}
}

// TestLimitMemory: a stage that reads each block once (LimitMemory) runs
// under half the memory limit, not below MinMemory; a bulk stage (Bulk:
// the extract, a full derive) under AppendMemory, on one thread; and the
// run's own limit is back afterwards.
func TestLimitMemory(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		limit               string
		during, bulk, after int64 // MiB
	}{{"448MB", 256, 96, 427}, {"1GB", 476, 96, 953}, {"200MB", 190, 96, 190}, {"64MB", 61, 61, 61}} {
		w, err := Create(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{MemoryLimit: c.limit, Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		mib := func() int64 {
			var s string
			if err := w.QueryRow(ctx, "SELECT current_setting('memory_limit')").Scan(&s); err != nil {
				t.Fatal(err)
			}
			b, ok := parseSize(s)
			if !ok {
				t.Fatalf("memory_limit %q", s)
			}
			return b >> 20
		}
		threads := func() int64 { return threadsOf(t, w) }
		duringAndAfter(t, c.limit+": MiB", func() (func() error, error) { return w.LimitMemory(ctx) }, mib, c.during, c.after)
		duringAndAfter(t, c.limit+", bulk: MiB", func() (func() error, error) { return w.Bulk(ctx) }, mib, c.bulk, c.after)
		duringAndAfter(t, c.limit+", bulk: threads", func() (func() error, error) { return w.Bulk(ctx) }, threads, 1, 2)
		w.Abort()
	}
}

// TestLakeSampledRanges: ranges planned from a hashed sample of the order
// column (here one value in 32 of 300,000 rows, with repeated values and
// NULLs) hold every row once, none empty, each near LakeFileRows but the
// last ones, and the same data gives the same ranges.
func TestLakeSampledRanges(t *testing.T) {
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	defer func(n, s int64) { LakeFileRows, LakeSampleRows = n, s }(LakeFileRows, LakeSampleRows)
	LakeFileRows, LakeSampleRows = 20000, 625
	// Text keys (ordered as text, not as numbers), a third of them
	// repeated three times, and 1,000 NULLs.
	if err := w.Exec(ctx, `CREATE TABLE t AS
		SELECT CASE WHEN range < 1000 THEN NULL ELSE 'k:' || (CASE WHEN range % 3 = 0 THEN range // 3 ELSE range END) END AS id
		FROM range(300000)`); err != nil {
		t.Fatal(err)
	}
	ranges, rows, err := w.lakeRanges(ctx, "t", "id", "TRUE", LakeFileRows)
	if err != nil {
		t.Fatal(err)
	}
	if rows != 300000 {
		t.Errorf("lakeRanges counted %d rows of 300,000", rows)
	}
	again, _, err := w.lakeRanges(ctx, "t", "id", "TRUE", LakeFileRows)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ranges, again) {
		t.Errorf("the same table gave other ranges:\n%v\n%v", ranges, again)
	}
	if len(ranges) < 10 || len(ranges) > 22 {
		t.Errorf("%d ranges for 300,000 rows in files of about 20,000", len(ranges))
	}
	var total int64
	for i, r := range ranges {
		var n int64
		if err := w.QueryRow(ctx, "SELECT count(*) FROM t WHERE "+r.cond).Scan(&n); err != nil {
			t.Fatal(err)
		}
		tail := i >= len(ranges)-2 // the rest past the last cut point, the NULLs
		if n == 0 || n > 30000 || (!tail && n < 10000) {
			t.Errorf("range %d (%s) holds %d rows", i, r.cond, n)
		}
		total += n
	}
	if total != 300000 {
		t.Errorf("the ranges hold %d rows of 300,000", total)
	}
}

// TestLakeOutOfMemoryAgain: a file DuckDB runs out of memory writing under
// half the limit is written again alone under the run's whole limit, and
// the lake is published whole; one that fails there too fails the export.
// (The view raises DuckDB's out-of-memory message under the limit given.)
func TestLakeOutOfMemoryAgain(t *testing.T) {
	saved := LakeTables
	defer func() { LakeTables = saved }()
	LakeTables = []LakeTable{{Name: "t", OrderBy: "id"}}
	for _, c := range []struct {
		failUpTo int64 // the view fails under a memory limit of at most this many MiB
		ok       bool
	}{{300, true}, {600, false}, {0, true}} {
		t.Run(fmt.Sprint(c.failUpTo), func(t *testing.T) {
			ctx := context.Background()
			dir := t.TempDir()
			w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{Threads: 2, MemoryLimit: "600MB"})
			if err != nil {
				t.Fatal(err)
			}
			defer w.Abort()
			if err := w.Exec(ctx, fmt.Sprintf(`CREATE VIEW t AS SELECT range AS id FROM range(100)
				WHERE CASE WHEN CAST(regexp_extract(current_setting('memory_limit'), '^[0-9.]+') AS DOUBLE) <= %d
				THEN error('Out of Memory Error: failed to pin block (test)') ELSE true END`, c.failUpTo)); err != nil {
				t.Fatal(err)
			}
			lake := filepath.Join(dir, "lake")
			err = w.ExportLake(ctx, lake, "test")
			if !c.ok {
				if err == nil || !strings.Contains(err.Error(), "Out of Memory") {
					t.Fatalf("export: %v, want the out-of-memory error", err)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			var n int64
			if err := w.QueryRow(ctx, "SELECT count(*) FROM read_parquet("+Quote(filepath.Join(lake, "t", "part-0.parquet"))+")").Scan(&n); err != nil || n != 100 {
				t.Errorf("the lake holds %d rows (%v), want 100", n, err)
			}
		})
	}
}
