package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"
)

// TestBundledSampleIsGenerated: data/sample/inbox is exactly what the
// generator writes, so the bundled data can always be rebuilt
// (`p3dn gen`), and the generator is deterministic.
func TestBundledSampleIsGenerated(t *testing.T) {
	dir := t.TempDir()
	files, err := WriteDKI2023(dir)
	if err != nil {
		t.Fatal(err)
	}
	bundled, _ := filepath.Glob("../sample/inbox/*")
	if len(bundled) != len(files) {
		t.Fatalf("bundled sample has %d files, generator writes %d: run `p3dn gen`", len(bundled), len(files))
	}
	for _, f := range files {
		got, _ := os.ReadFile(f)
		want, err := os.ReadFile(filepath.Join("../sample/inbox", filepath.Base(f)))
		if err != nil || !bytes.Equal(got, want) {
			t.Errorf("%s differs from the generator's output: run `p3dn gen` (%v)", filepath.Base(f), err)
		}
	}
}

func TestSplitAddsUp(t *testing.T) {
	parts := split(DKIRealisasi*100, []int64{44, 20, 21, 7, 8})
	var sum int64
	for _, p := range parts {
		if p <= 0 {
			t.Errorf("part %d not positive", p)
		}
		sum += p
	}
	if sum != DKIRealisasi*100 {
		t.Errorf("parts add up to %d, want %d", sum, DKIRealisasi*100)
	}
}
