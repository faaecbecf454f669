package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

// TestHashAhead: the files with the path and size of a loaded file and
// another modification time are hashed ahead, with the stat they were
// hashed under; those known by their stat, the others and a lone file
// are left to openInput.
func TestHashAhead(t *testing.T) {
	dir := t.TempDir()
	var files []inputFile
	for _, name := range []string{"a.json", "b.json", "c.json", "d.json"} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(`[{"nama":"`+name+`"}]`), 0o644); err != nil {
			t.Fatal(err)
		}
		st, err := os.Stat(p)
		if err != nil {
			t.Fatal(err)
		}
		files = append(files, inputFile{Path: p, Rel: name, Size: st.Size()})
	}
	cst, _ := os.Stat(files[2].Path)
	r := &run{ctx: context.Background(), loaded: loaded{
		// a, b and c were loaded with these sizes; c is known by its stat too
		sized: map[string]bool{sizeKey("a.json", files[0].Size): true, sizeKey("b.json", files[1].Size): true,
			sizeKey("c.json", files[2].Size): true},
		seen: map[string]seenFile{statKey("c.json", cst.Size(), cst.ModTime().UnixNano()): {sha: "x", run: "r"}},
	}}
	got := r.hashAhead(files)
	if len(got) != 2 {
		t.Fatalf("hashed ahead %d files, want a and b: %v", len(got), got)
	}
	for _, f := range files[:2] {
		want, err := hashFile(f.Path)
		if err != nil {
			t.Fatal(err)
		}
		st, _ := os.Stat(f.Path)
		if h := got[f.Rel]; h.sum != want || h.err != nil || h.size != st.Size() || h.modNS != st.ModTime().UnixNano() {
			t.Errorf("%s: %+v, want sum %s under its stat", f.Rel, h, want)
		}
	}
	if n := len(r.hashAhead(files[:1])); n != 0 {
		t.Errorf("a lone file: %d hashed ahead, want 0 (hashed in turn)", n)
	}
}
