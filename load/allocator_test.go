package load

import (
	"bufio"
	"context"
	"os"
	"path/filepath"
	"runtime"
	"strconv"
	"strings"
	"testing"
)

// rssAnon reads the process's resident anonymous memory, in bytes.
func rssAnon(tb testing.TB) int64 {
	tb.Helper()
	f, err := os.Open("/proc/self/status")
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "RssAnon:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
			if err != nil {
				tb.Fatal(err)
			}
			return kb << 10
		}
	}
	tb.Fatal("no RssAnon in /proc/self/status")
	return 0
}

// TestReleaseMemory: after a query that built a large hash table, the
// pages DuckDB freed are handed back to the OS at once. It fails if a
// driver upgrade drops the bundled jemalloc or its prefixed mallctl.
func TestReleaseMemory(t *testing.T) {
	if runtime.GOOS != "linux" {
		t.Skip("DuckDB links jemalloc on Linux only")
	}
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(t.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Abort()
	// About 150 MB of groups, freed when the query ends.
	if err := w.Exec(ctx, "CREATE TABLE g AS SELECT count(*) AS n FROM (SELECT range::VARCHAR || 'abcdefghij' AS k FROM range(2000000)) GROUP BY k HAVING count(*) > 1"); err != nil {
		t.Fatal(err)
	}
	before := rssAnon(t)
	if !ReleaseMemory() {
		t.Fatal("ReleaseMemory: DuckDB's jemalloc (duckdb_je_mallctl) is not in this binary")
	}
	after := rssAnon(t)
	t.Logf("RssAnon %d → %d MB", before>>20, after>>20)
	if before-after < 32<<20 {
		t.Errorf("RssAnon %d → %d MB: under 32 MB handed back", before>>20, after>>20)
	}
}

// BenchmarkReleaseMemory times one purge after a query that left about
// 150 MB of free pages (the query itself is not timed); it reports how
// many MB each purge handed back.
func BenchmarkReleaseMemory(b *testing.B) {
	if runtime.GOOS != "linux" {
		b.Skip("DuckDB links jemalloc on Linux only")
	}
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(b.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer w.Abort()
	var freed int64
	for b.Loop() {
		b.StopTimer()
		if err := w.Exec(ctx, "CREATE OR REPLACE TABLE g AS SELECT count(*) AS n FROM (SELECT range::VARCHAR || 'abcdefghij' AS k FROM range(2000000)) GROUP BY k HAVING count(*) > 1"); err != nil {
			b.Fatal(err)
		}
		before := rssAnon(b)
		b.StartTimer()
		ReleaseMemory()
		b.StopTimer()
		freed += before - rssAnon(b)
		b.StartTimer()
	}
	b.ReportMetric(float64(freed>>20)/float64(b.N), "MB/op")
}
