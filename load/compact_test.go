package load

import (
	"context"
	"path/filepath"
	"testing"
)

// TestSetCompaction: a row group thinned by deletes, the next one and the
// rows appended since (a row group of their own) stay three row groups
// through a checkpoint with compaction off; with it on (DuckDB's default)
// they are merged into one.
func TestSetCompaction(t *testing.T) {
	ctx := context.Background()
	for _, c := range []struct {
		on        bool
		rowGroups int
	}{{false, 3}, {true, 1}} {
		w, err := Create(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{
			"CREATE TABLE t (i BIGINT)",
			"INSERT INTO t SELECT range FROM range(122880)", // one full row group
			"INSERT INTO t SELECT range FROM range(122880, 152880)",
			"CHECKPOINT",
			"DELETE FROM t WHERE i < 100000",
		} {
			if err := w.Exec(ctx, q); err != nil {
				t.Fatal(q, err)
			}
		}
		// Off first, then as the case says: on must undo off.
		if err := w.SetCompaction(ctx, false); err != nil {
			t.Fatal(err)
		}
		if err := w.SetCompaction(ctx, c.on); err != nil {
			t.Fatal(err)
		}
		if err := w.Exec(ctx, "INSERT INTO t SELECT range FROM range(152880, 152980)"); err != nil {
			t.Fatal(err)
		}
		if err := w.Exec(ctx, "CHECKPOINT"); err != nil {
			t.Fatal(err)
		}
		var n, setting int
		if err := w.QueryRow(ctx, "SELECT count(DISTINCT row_group_id), CAST(current_setting('max_vacuum_tasks') AS INTEGER) FROM pragma_storage_info('t')").Scan(&n, &setting); err != nil {
			t.Fatal(err)
		}
		if n != c.rowGroups {
			t.Errorf("compaction %v (max_vacuum_tasks %d): %d row groups, want %d", c.on, setting, n, c.rowGroups)
		}
		w.Abort()
	}
}
