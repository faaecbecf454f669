package load

import (
	"fmt"
	"sync/atomic"
	"unsafe"
)

// ArrowAllocator allocates the Arrow batches p3dn hands to DuckDB in C
// memory: on Linux DuckDB's own jemalloc, which ReleaseMemory purges after
// each batch (posix_memalign where a DuckDB without it is linked); on other
// Unix systems posix_memalign (allocator_posix.go). On Windows it still
// gives Go memory, as before (allocator_other.go). A batch in Go memory
// that DuckDB reads through the C data interface is Go memory held by C,
// against cgo's rules (apache/arrow-go#70): rederive-only runs on a
// 5M-row warehouse so aborted with "found bad pointer in Go heap"
// (docs/reliability.md). Every batch must be released once loaded: its
// memory is not collected.
type ArrowAllocator struct {
	bytes atomic.Int64
}

// NewArrowAllocator returns an empty ArrowAllocator.
func NewArrowAllocator() *ArrowAllocator { return &ArrowAllocator{} }

// Allocate returns size zeroed bytes aligned to 64.
func (a *ArrowAllocator) Allocate(size int) []byte {
	if size < 0 {
		panic(fmt.Sprintf("arrow allocator: negative size %d", size))
	}
	p := cAlloc(size)
	if p == nil {
		panic(fmt.Sprintf("arrow allocator: out of memory allocating %d bytes", size))
	}
	a.bytes.Add(int64(size))
	return unsafe.Slice((*byte)(p), size)
}

// Reallocate returns size bytes holding b's, zeroed past them; b must not
// be used after. It shrinks b in place, as Go's allocator does (Arrow
// builders trim each column to its length), and grows it where it lies
// when jemalloc can extend it: copying every buffer to a new one took 1.1
// of a 1M-row run's 39 CPU seconds.
func (a *ArrowAllocator) Reallocate(size int, b []byte) []byte {
	if size < 0 {
		panic(fmt.Sprintf("arrow allocator: negative size %d", size))
	}
	if size <= cap(b) {
		if size > len(b) {
			clear(b[len(b):size])
		}
		return b[:size]
	}
	p := unsafe.SliceData(b)
	if p == nil {
		return a.Allocate(size)
	}
	q := cGrow(unsafe.Pointer(p), len(b), size)
	if q == nil {
		panic(fmt.Sprintf("arrow allocator: out of memory growing %d to %d bytes", cap(b), size))
	}
	a.bytes.Add(int64(size - cap(b)))
	nb := unsafe.Slice((*byte)(q), size)
	clear(nb[len(b):cap(b)])
	return nb
}

// Free returns b, as Allocate or Reallocate gave it, to the C allocator.
func (a *ArrowAllocator) Free(b []byte) {
	p := unsafe.SliceData(b)
	if p == nil {
		return
	}
	a.bytes.Add(-int64(cap(b)))
	cFree(unsafe.Pointer(p))
}

// Allocated is the number of bytes allocated and not yet freed.
func (a *ArrowAllocator) Allocated() int64 { return a.bytes.Load() }
