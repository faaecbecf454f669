//go:build cgo && ((unix && !linux) || p3dn_posixalloc)

package load

// #include "p3dn_alloc.h"
import "C"

import "unsafe"

// ReleaseMemory does nothing where DuckDB does not link jemalloc: the C
// library's allocator returns freed pages itself.
func ReleaseMemory() bool { return false }

// Off Linux, as on it, the Arrow batches DuckDB reads through the C data
// interface are in C memory (see ArrowAllocator). This file is also built
// on Linux with the tag p3dn_posixalloc, so that `make test` runs it.
func cAlloc(n int) unsafe.Pointer { return C.p3dn_posix_alloc(C.size_t(n)) }

func cFree(p unsafe.Pointer) { C.free(p) }

func cGrow(p unsafe.Pointer, old, n int) unsafe.Pointer {
	return C.p3dn_posix_grow(p, C.size_t(old), C.size_t(n))
}
