package pipeline

import (
	"bytes"
	"context"
	"database/sql"
	"log/slog"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/p3dn/p3dn/load"
)

// TestCompactionEveryN: a full run leaves no count; each nightly run
// counts one more until the CompactEvery-th, which compacts and starts
// again; --compact compacts whatever the count.
func TestCompactionEveryN(t *testing.T) {
	dir := t.TempDir()
	cfg := Config{Inbox: "../data/sample/inbox", Warehouse: filepath.Join(dir, "p3dn.duckdb"), MaxRejectRate: 0.05, Version: "test"}
	night := func(compact bool) (count, log string) {
		t.Helper()
		var buf bytes.Buffer
		cfg.Compact, cfg.Logger = compact, slog.New(slog.NewTextHandler(&buf, nil))
		if _, err := Run(context.Background(), cfg); err != nil {
			t.Fatal(err)
		}
		db, err := load.Open(context.Background(), cfg.Warehouse, true)
		if err != nil {
			t.Fatal(err)
		}
		defer db.Close()
		var s sql.NullString
		if err := db.QueryRow("SELECT max(nilai) FROM p3dn_meta WHERE kunci = ?", metaNights).Scan(&s); err != nil {
			t.Fatal(err)
		}
		return s.String, buf.String()
	}
	if got, _ := night(false); got != "" {
		t.Fatalf("a full run counts %q nightly runs", got)
	}
	for i := 1; i <= CompactEvery+1; i++ {
		want, msg := "0", "compacting the warehouse"
		if i < CompactEvery {
			want, msg = strconv.Itoa(i), "compaction left for later"
		} else if i > CompactEvery {
			want, msg = "1", "compaction left for later"
		}
		got, log := night(false)
		if got != want || !strings.Contains(log, msg) {
			t.Fatalf("nightly run %d: count %q, want %q; log has %q: %v", i, got, want, msg, strings.Contains(log, msg))
		}
	}
	if got, log := night(true); got != "0" || !strings.Contains(log, "why=--compact") {
		t.Fatalf("--compact: count %q, log:\n%s", got, log)
	}
}
