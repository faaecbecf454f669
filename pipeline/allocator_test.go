package pipeline

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/p3dn/p3dn/load"
)

// TestBatchesFreed: the Arrow batches a run hands to DuckDB live in C
// memory (load.ArrowAllocator), so each must be released once loaded: after a
// full run, and after a nightly run that adds the real Kab. Bandung dump
// (with its rejects) to it, nothing allocated is left.
func TestBatchesFreed(t *testing.T) {
	mem := load.NewArrowAllocator()
	dir := t.TempDir()
	cfg := Config{Warehouse: filepath.Join(dir, "p3dn.duckdb"), Lake: filepath.Join(dir, "lake"),
		MaxRejectRate: 1, Version: "test", Allocator: mem}
	inboxes := []string{"../data/sample/inbox"}
	if _, err := os.Stat(bandung); err == nil {
		inboxes = append(inboxes, bandung)
	} else {
		t.Logf("real samples not found at %s, the nightly run left out: %v", bandung, err)
	}
	for _, inbox := range inboxes {
		cfg.Inbox = inbox
		res, err := Run(context.Background(), cfg)
		if err != nil {
			t.Fatalf("run %s: %v", inbox, err)
		}
		if res.Loaded == 0 {
			t.Fatalf("run %s: nothing loaded", inbox)
		}
		if n := mem.Allocated(); n != 0 {
			t.Fatalf("after the run of %s: %d bytes of Arrow batches not released", inbox, n)
		}
	}
}
