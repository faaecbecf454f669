// Zeroed memory aligned to 64 bytes from the C library, for the Arrow
// batches p3dn hands to DuckDB (load.ArrowAllocator): on Linux where the
// DuckDB linked has no jemalloc, and on other Unix systems.
#include <stdlib.h>
#include <string.h>

static void *p3dn_posix_alloc(size_t n) {
	if (n == 0) {
		n = 1;
	}
	void *p = NULL;
	if (posix_memalign(&p, 64, n) != 0) {
		return NULL;
	}
	memset(p, 0, n);
	return p;
}

// realloc keeps only malloc's alignment: a new buffer, then.
static void *p3dn_posix_grow(void *p, size_t old, size_t n) {
	void *q = p3dn_posix_alloc(n);
	if (q != NULL) {
		memcpy(q, p, old);
		free(p);
	}
	return q;
}
