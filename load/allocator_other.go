//go:build !cgo || (!unix && !p3dn_posixalloc)

package load

import "unsafe"

// ReleaseMemory does nothing where DuckDB does not link jemalloc (it does
// on Linux only): the system allocator returns freed pages itself.
//
// This file is built without cgo or off Unix (Windows).
func ReleaseMemory() bool { return false }

// cAlloc and cFree give Go memory here, as the Arrow batches had
// everywhere before: the collector frees it.
func cAlloc(n int) unsafe.Pointer {
	b := make([]byte, n+64)
	off := (64 - uintptr(unsafe.Pointer(unsafe.SliceData(b)))%64) % 64
	return unsafe.Pointer(&b[off])
}

func cFree(unsafe.Pointer) {}

func cGrow(p unsafe.Pointer, old, n int) unsafe.Pointer {
	q := cAlloc(n)
	copy(unsafe.Slice((*byte)(q), n), unsafe.Slice((*byte)(p), old))
	return q
}
