//go:build linux && cgo && !p3dn_posixalloc

package load

/*
#include <stddef.h>
#include "p3dn_alloc.h"

// The jemalloc that DuckDB links on Linux, under its own prefix. Weak: a
// DuckDB built without it (a shared libduckdb, say) leaves this NULL.
extern int duckdb_je_mallctl(const char *name, void *oldp, size_t *oldlenp, void *newp, size_t newlen) __attribute__((weak));

extern void *duckdb_je_mallocx(size_t size, int flags) __attribute__((weak));
extern void duckdb_je_dallocx(void *ptr, int flags) __attribute__((weak));
extern void *duckdb_je_rallocx(void *ptr, size_t size, int flags) __attribute__((weak));

// Zeroed memory aligned to 64 bytes (MALLOCX_ALIGN(64) | MALLOCX_ZERO), in
// DuckDB's jemalloc where it is linked, else from posix_memalign.
static void *p3dn_alloc(size_t n) {
	if (n == 0) {
		n = 1;
	}
	if (duckdb_je_mallocx) {
		return duckdb_je_mallocx(n, 6 | 0x40);
	}
	return p3dn_posix_alloc(n);
}

// p3dn_grow returns n bytes holding p's first old, aligned to 64, and frees
// p: jemalloc extends a large extent in place where the pages after it are
// free, and zeroes what lies past p's real size; the caller zeroes the
// rest past old.
static void *p3dn_grow(void *p, size_t old, size_t n) {
	if (duckdb_je_rallocx) {
		return duckdb_je_rallocx(p, n, 6 | 0x40);
	}
	return p3dn_posix_grow(p, old, n);
}

static void p3dn_free(void *p) {
	if (duckdb_je_dallocx) {
		duckdb_je_dallocx(p, 0);
	} else {
		free(p);
	}
}

// MALLCTL_ARENAS_ALL is 4096: every arena.
static int p3dn_purge_arenas(void) {
	if (!duckdb_je_mallctl) {
		return -1;
	}
	return duckdb_je_mallctl("arena.4096.purge", NULL, NULL, NULL, 0);
}
*/
import "C"

import (
	"sync"
	"unsafe"
)

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

func cAlloc(n int) unsafe.Pointer { return C.p3dn_alloc(C.size_t(n)) }

func cFree(p unsafe.Pointer) { C.p3dn_free(p) }

func cGrow(p unsafe.Pointer, old, n int) unsafe.Pointer {
	return C.p3dn_grow(p, C.size_t(old), C.size_t(n))
}
