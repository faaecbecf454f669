package pipeline

import (
	"database/sql"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/p3dn/p3dn/extract"
)

// largest is the largest real ISB file (3.5 MB).
var largest = filepath.Join(bandung, "SPSE-NonTenderPengumuman.json")

func benchFile(b *testing.B) []byte {
	data, err := os.ReadFile(largest)
	if err != nil {
		b.Skipf("real samples not found: %v", err)
	}
	return data
}

// BenchmarkExtractISB: p3dn's extraction of the largest real file, from
// bytes to typed Arrow record batches (no DuckDB).
func BenchmarkExtractISB(b *testing.B) {
	data := benchFile(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		f, _ := os.Open(largest)
		r, err := extract.Open(f, "SPSE-NonTenderPengumuman.json")
		if err != nil {
			b.Fatal(err)
		}
		bt := extract.NewBatcher(r.Service(), memory.NewGoAllocator())
		for {
			row, err := r.Next()
			if err == io.EOF {
				break
			}
			var pe *extract.ParseError
			if errors.As(err, &pe) {
				continue
			}
			if err != nil {
				b.Fatal(err)
			}
			bt.Append(row)
		}
		if rec := bt.Flush(); rec != nil {
			rec.Release()
		}
		bt.Release()
		f.Close()
	}
}

// BenchmarkDuckDBReadJSON: DuckDB's own read_json of the same file into a
// table, the reference for BenchmarkExtractISB.
func BenchmarkDuckDBReadJSON(b *testing.B) {
	data := benchFile(b)
	b.SetBytes(int64(len(data)))
	db, err := sql.Open("duckdb", "")
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	abs, _ := filepath.Abs(largest)
	for b.Loop() {
		if _, err := db.Exec("CREATE OR REPLACE TABLE t AS SELECT * FROM read_json('" + abs + "')"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRunSample: a whole run (extract, transform, load, lake,
// publish) on the real Kab. Bandung folder, 22 MB in 41 files.
func BenchmarkRunSample(b *testing.B) {
	if _, err := os.Stat(bandung); err != nil {
		b.Skipf("real samples not found: %v", err)
	}
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Run(b.Context(), Config{Inbox: bandung, Warehouse: filepath.Join(dir, "p3dn.duckdb"), Lake: filepath.Join(dir, "lake"), MaxRejectRate: 1, FullRefresh: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkIncrementalDay: one day's new dump (a new pencatatan snapshot)
// on top of a warehouse of the bundled sample: the nightly increment.
func BenchmarkIncrementalDay(b *testing.B) {
	inbox := b.TempDir()
	files, _ := filepath.Glob("../data/sample/inbox/*")
	for _, f := range files {
		data, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(inbox, filepath.Base(f)), data, 0o644)
	}
	dir := b.TempDir()
	cfg := Config{Inbox: inbox, Warehouse: filepath.Join(dir, "p3dn.duckdb"), Lake: filepath.Join(dir, "lake"), MaxRejectRate: 1}
	if _, err := Run(b.Context(), cfg); err != nil {
		b.Fatal(err)
	}
	base, _ := os.ReadFile(filepath.Join(inbox, "SPSE-PencatatanNonTender.json"))
	for i := 0; b.Loop(); i++ {
		b.StopTimer()
		day := strings.ReplaceAll(string(base), `"_event_date": "2023-10-15"`, fmt.Sprintf(`"_event_date": "2023-10-%02d"`, 16+i%15))
		day = strings.Replace(day, `"kd_nontender_pct": 7700601,`, fmt.Sprintf(`"kd_nontender_pct": %d,`, 9000000+i), 1)
		os.WriteFile(filepath.Join(inbox, fmt.Sprintf("SPSE-PencatatanNonTender-day%d.json", i)), []byte(day), 0o644)
		b.StartTimer()
		res, err := Run(b.Context(), cfg)
		if err != nil || res.Mode != "inkremental" {
			b.Fatal(err, res.Mode)
		}
	}
}

// BenchmarkRunInbox: a full run over the inbox named by P3DN_BENCH_INBOX
// (for example one written by `p3dn gen --rows 1000000`), for profiling.
func BenchmarkRunInbox(b *testing.B) {
	inbox := os.Getenv("P3DN_BENCH_INBOX")
	if inbox == "" {
		b.Skip("set P3DN_BENCH_INBOX to a generated inbox")
	}
	dir := b.TempDir()
	for b.Loop() {
		if _, err := Run(b.Context(), Config{Inbox: inbox, Warehouse: filepath.Join(dir, "p3dn.duckdb"), Lake: filepath.Join(dir, "lake"), MaxRejectRate: 1, FullRefresh: true}); err != nil {
			b.Fatal(err)
		}
	}
}
