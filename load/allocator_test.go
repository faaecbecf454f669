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

// freeingWarehouse opens a scratch warehouse (skipping off Linux, where
// DuckDB does not link jemalloc) and returns a function that runs an
// aggregation of 2M groups, which leaves about 250 MB free in DuckDB's
// allocator when it ends.
func freeingWarehouse(tb testing.TB) (aggregate func()) {
	tb.Helper()
	if runtime.GOOS != "linux" {
		tb.Skip("DuckDB links jemalloc on Linux only")
	}
	ctx := context.Background()
	w, err := Create(ctx, filepath.Join(tb.TempDir(), "w.duckdb"), Options{})
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(w.Abort)
	return func() {
		if err := w.Exec(ctx, "CREATE OR REPLACE TABLE g AS SELECT count(*) AS n FROM (SELECT range::VARCHAR || 'abcdefghij' AS k FROM range(2000000)) GROUP BY k HAVING count(*) > 1"); err != nil {
			tb.Fatal(err)
		}
	}
}

// TestReleaseMemory: after a query that built a large hash table, the
// pages DuckDB freed are handed back to the OS at once. It fails if a
// driver upgrade drops the bundled jemalloc or its prefixed mallctl.
func TestReleaseMemory(t *testing.T) {
	freeingWarehouse(t)()
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

// BenchmarkReleaseMemory times one purge after that aggregation (which is
// not timed) and reports how many MB each purge handed back.
func BenchmarkReleaseMemory(b *testing.B) {
	aggregate := freeingWarehouse(b)
	var freed int64
	for b.Loop() {
		b.StopTimer()
		aggregate()
		before := rssAnon(b)
		b.StartTimer()
		ReleaseMemory()
		b.StopTimer()
		freed += before - rssAnon(b)
		b.StartTimer()
	}
	b.ReportMetric(float64(freed>>20)/float64(b.N), "MB/op")
}
