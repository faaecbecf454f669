package load

import (
	"testing"
	"unsafe"
)

// TestArrowAllocator: memory comes zeroed and aligned to 64 bytes, keeps
// its contents when it grows or shrinks, comes zeroed past them when it
// grows again, and is all counted back when freed (Arrow builders rely on
// zeroed validity bitmaps).
func TestArrowAllocator(t *testing.T) {
	a := NewArrowAllocator()
	b := a.Allocate(1000)
	if len(b) != 1000 || uintptr(unsafe.Pointer(unsafe.SliceData(b)))%64 != 0 {
		t.Fatalf("Allocate(1000): len %d at %p, want 1000 bytes aligned to 64", len(b), unsafe.SliceData(b))
	}
	for i, v := range b {
		if v != 0 {
			t.Fatalf("byte %d is %d, want zeroed memory", i, v)
		}
		b[i] = byte(i)
	}
	b = a.Reallocate(5000, b)
	if len(b) != 5000 || b[999] != byte(999%256) || b[4999] != 0 {
		t.Fatalf("Reallocate(5000): len %d, b[999] %d, b[4999] %d", len(b), b[999], b[4999])
	}
	b = a.Reallocate(10, b)
	if len(b) != 10 || b[9] != 9 {
		t.Fatalf("Reallocate(10): len %d, b[9] %d", len(b), b[9])
	}
	// Shrunk in place: the 5,000 bytes stay allocated until freed, and
	// what was written past the new length is zeroed when it grows back.
	if a.Allocated() != 5000 {
		t.Errorf("allocated %d after shrinking, want 5000 (shrunk in place)", a.Allocated())
	}
	b = a.Reallocate(20, b)
	if len(b) != 20 || b[9] != 9 || b[10] != 0 || b[19] != 0 {
		t.Fatalf("Reallocate(20) after shrinking: len %d, b[9] %d, b[10] %d, b[19] %d", len(b), b[9], b[10], b[19])
	}
	b[14], b[19] = 14, 19
	b = a.Reallocate(1<<20, b[:15])
	if len(b) != 1<<20 || b[14] != 14 || b[19] != 0 || b[4999] != 0 || b[1<<20-1] != 0 {
		t.Fatalf("Reallocate(1 MiB) of 15 bytes: len %d, b[14] %d, b[19] %d, b[4999] %d, last %d",
			len(b), b[14], b[19], b[4999], b[1<<20-1])
	}
	b = a.Reallocate(10, b)
	z := a.Allocate(0)
	if a.Allocated() != 1<<20 {
		t.Errorf("allocated %d, want %d", a.Allocated(), 1<<20)
	}
	a.Free(b[:5]) // a buffer resliced shorter is freed whole
	a.Free(z)
	if n := a.Allocated(); n != 0 {
		t.Errorf("after freeing everything: %d bytes allocated", n)
	}
}
