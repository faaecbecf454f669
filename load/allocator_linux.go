//go:build linux && cgo

package load

/*
#include <stddef.h>

// The jemalloc that DuckDB links on Linux, under its own prefix. Weak: a
// DuckDB built without it (a shared libduckdb, say) leaves this NULL.
extern int duckdb_je_mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) __attribute__((weak));

// MALLCTL_ARENAS_ALL is 4096: every arena.
static int p3dn_purge_arenas(void) {
	if (!duckdb_je_mallctl) {
		return -1;
	}
	return duckdb_je_mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
}
*/
import "C"

import "sync"

var releasing sync.Mutex

// ReleaseMemory hands the pages DuckDB's allocator holds free back to the
// OS and reports whether it could. DuckDB frees its buffers to jemalloc,
// which keeps them for seconds before it returns them (its decay); a run
// that allocates and frees as fast as p3dn's extract and derive held
// up to 290 MB of them at once (docs/performance.md). A caller that finds
// another call running skips its own.
func ReleaseMemory() bool {
	if !releasing.TryLock() {
		return true
	}
	defer releasing.Unlock()
	return C.p3dn_purge_arenas() == 0
}
