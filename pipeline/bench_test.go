package pipeline

import (
	"database/sql"
	"errors"
	"io"
	"os"
	"path/filepath"
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
		if _, err := Run(b.Context(), Config{Inbox: bandung, Warehouse: filepath.Join(dir, "p3dn.duckdb"), Lake: filepath.Join(dir, "lake"), MaxRejectRate: 1}); err != nil {
			b.Fatal(err)
		}
	}
}
