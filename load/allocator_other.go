//go:build !linux || !cgo

package load

// ReleaseMemory does nothing where DuckDB does not link jemalloc (it does
// on Linux only): the system allocator returns freed pages itself.
func ReleaseMemory() bool { return false }
