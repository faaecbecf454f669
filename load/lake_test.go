package load

import (
	"context"
	"fmt"
	"path/filepath"
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
	rows := 2*LakeRowGroupRows + 1000 // three row groups, the last one short
	if err := w.Exec(ctx, fmt.Sprintf("CREATE TABLE t AS SELECT range AS id, repeat('x', 50) AS s FROM range(%d)", rows)); err != nil {
		t.Fatal(err)
	}
	if err := w.exportTable(ctx, LakeTable{Name: "t", OrderBy: "id"}, filepath.Join(dir, "lake", "t")); err != nil {
		t.Fatal(err)
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
// threads and half the memory limit, down to LakeMinMemory (what the
// export allocates outside the buffer pool comes on top of it), and the
// run's own settings are put back after.
func TestLakeThreadsRestored(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	w, err := Create(ctx, filepath.Join(dir, "w.duckdb"), Options{Threads: 2, MemoryLimit: "600MB"})
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
	if b, ok := parseSize(before); !ok || b < 560<<20 || b > 600e6 {
		t.Fatalf("memory_limit %q (%d bytes) for 600MB", before, b)
	}
	if err := w.ExportLake(ctx, filepath.Join(dir, "lake"), "test"); err != nil {
		t.Fatal(err)
	}
	var during, limit string
	f := Quote(filepath.Join(dir, "lake", "t", "part-0.parquet"))
	if err := w.QueryRow(ctx, "SELECT any_value(threads), any_value(memory_limit) FROM read_parquet("+f+")").Scan(&during, &limit); err != nil {
		t.Fatal(err)
	}
	if b, ok := parseSize(limit); during != fmt.Sprint(LakeThreads) || !ok || b < 280<<20 || b > 300e6 {
		t.Errorf("the lake ran on %s threads under %s, want %d and half of 600MB", during, limit, LakeThreads)
	}
	var threads int
	var after string
	if err := w.QueryRow(ctx, "SELECT CAST(current_setting('threads') AS BIGINT), current_setting('memory_limit')").Scan(&threads, &after); err != nil {
		t.Fatal(err)
	}
	if threads != 2 || after != before {
		t.Errorf("after the lake: %d threads, memory_limit %s; want the run's 2 and %s", threads, after, before)
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
	threads := func() int {
		var n int
		if err := w.QueryRow(ctx, "SELECT CAST(current_setting('threads') AS BIGINT)").Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}
	for _, c := range []struct{ limit, during int }{{0, 3}, {1, 1}, {2, 2}, {3, 3}, {8, 3}} {
		restore, err := w.LimitThreads(ctx, c.limit)
		if err != nil {
			t.Fatal(err)
		}
		if got := threads(); got != c.during {
			t.Errorf("limit %d: %d threads, want %d", c.limit, got, c.during)
		}
		if err := restore(); err != nil {
			t.Fatal(err)
		}
		if got := threads(); got != 3 {
			t.Errorf("after limit %d: %d threads, want the run's 3", c.limit, got)
		}
	}
}
