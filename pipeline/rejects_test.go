package pipeline

import (
	"os"
	"strconv"
	"testing"
)

// TestRejectsInBatches: rejects reach their table as the extract finds
// them, in batches; with batches of 10 the real Kab. Bandung dump gives
// the same rejects, in the same order, as with one batch, and the table
// holds every reject the run counted.
func TestRejectsInBatches(t *testing.T) {
	if _, err := os.Stat(bandung); err != nil {
		t.Skipf("real samples not found at %s: %v", bandung, err)
	}
	const q = `SELECT string_agg(source_file || ':' || record_no || ':' || coalesce(field, '') || ':' || tindakan, ',' ORDER BY rowid) FROM rejects`
	dir, res := runInto(t, bandung)
	if res.Rejected+res.Nulled <= 10 {
		t.Fatalf("only %d rejects: the test needs more than one batch", res.Rejected+res.Nulled)
	}
	one := str(t, openWH(t, dir), q)
	defer func(n int) { rejectBatchRows = n }(rejectBatchRows)
	rejectBatchRows = 10
	dir, res10 := runInto(t, bandung)
	db := openWH(t, dir)
	if got := str(t, db, q); got != one {
		t.Errorf("rejects in batches of 10 differ from those in one batch")
	}
	if got, want := str(t, db, `SELECT count(*)::VARCHAR FROM rejects`), res.Rejected+res.Nulled; got != strconv.FormatInt(want, 10) || res10.Rejected != res.Rejected {
		t.Errorf("rejects %s rows, want %d (%d records rejected, %d values nulled)", got, want, res.Rejected, res.Nulled)
	}
}
