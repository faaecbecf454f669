package pipeline

import (
	"bytes"
	"context"
	"encoding/json"
	"log/slog"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/transform"
)

// TestExtractOrder: a full run reads the files whose table it knows only
// once read (spreadsheets, CSV: the registry among them) first, then the
// masters every transaction may depend on, then each source's files, the
// source reading the most bytes first, and the files no source reads last.
func TestExtractOrder(t *testing.T) {
	files, err := discover("../data/sample/inbox")
	if err != nil {
		t.Fatal(err)
	}
	sources := transform.AllSources(transform.Scope{})
	order, tables := extractOrder(files, sources)
	if len(order) != len(files) {
		t.Fatalf("%d files ordered of %d", len(order), len(files))
	}
	var names []string
	for _, f := range order {
		names = append(names, f.Rel)
	}
	read := map[string]bool{}
	for _, s := range sources {
		for _, tb := range s.Reads {
			read[tb] = true
		}
	}
	// The rank of each file in the order: unknown, global, read, unread.
	rank := func(tb string) int {
		switch {
		case tb == "":
			return 0
		case globalTables[tb]:
			return 1
		case read[tb]:
			return 2
		}
		return 3
	}
	for i := 1; i < len(order); i++ {
		if rank(tables[i-1]) > rank(tables[i]) {
			t.Errorf("%s (%q) read before %s (%q):\n%s", names[i-1], tables[i-1], names[i], tables[i], strings.Join(names, "\n"))
		}
	}
	want := map[string]string{
		"sertifikat_tkdn_2023.csv":          "",
		"SIPD_P3DN_Realisasi_2023.xlsx":     "",
		"Ecat-ProdukDetail.json":            "isb_ecat_produkdetail",
		"RUP-PaketPenyedia-Terumumkan.json": "isb_rup_paketpenyedia_terumumkan",
		"SPSE-NonTenderSelesai.json":        "isb_spse_nontenderselesai",
	}
	for i, n := range names {
		if tb, ok := want[n]; ok && tables[i] != tb {
			t.Errorf("%s planned as %q, want %q", n, tables[i], tb)
		}
	}
	if last := names[len(names)-1]; last != "RUP-PaketPenyedia-Terumumkan.json" {
		t.Errorf("last file %s, want the SiRUP packages (no source reads them)", last)
	}
	// Each source of the sample reads one file: the largest comes first.
	var first, largest inputFile
	for i, f := range order {
		if rank(tables[i]) == 2 {
			if first.Rel == "" {
				first = f
			}
			if f.Size > largest.Size {
				largest = f
			}
		}
	}
	if first.Rel == "" || first.Rel != largest.Rel {
		t.Errorf("the first source file is %s (%d bytes), want the largest, %s (%d bytes)", first.Rel, first.Size, largest.Rel, largest.Size)
	}
}

// TestReadiness: a source is ready once every file planned for the tables
// it reads, every file whose table is unknown and the registry are read;
// a source whose tables have no file is ready with the registry.
func TestReadiness(t *testing.T) {
	sources := []transform.Source{{Reads: []string{"a"}}, {Reads: []string{"b", "c"}}, {Reads: []string{"d"}}}
	cases := []struct {
		name   string
		tables []string // the planned table of each file, in order
		ready  [][]int  // the sources ready after each file
	}{
		{"unknown first", []string{"", "a", "b", "c", "z"}, [][]int{{2}, {0}, nil, {1}, nil}},
		{"unknown last", []string{"a", "b", "c", ""}, [][]int{nil, nil, nil, {0, 1, 2}}},
		{"registry as JSON", []string{registryTable, "a", registryTable}, [][]int{nil, nil, {0, 1, 2}}},
		{"no files", nil, nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			rd := newReadiness(c.tables, sources)
			for i, tb := range c.tables {
				if got := rd.extracted(tb); !slices.Equal(got, c.ready[i]) {
					t.Errorf("after file %d (%q): ready %v, want %v", i, tb, got, c.ready[i])
				}
			}
			var started []int
			for _, r := range c.ready {
				started = append(started, r...)
			}
			var want []int
			for i := range sources {
				if !slices.Contains(started, i) {
					want = append(want, i)
				}
			}
			if got := rd.rest(); !slices.Equal(got, want) {
				t.Errorf("rest %v, want %v", got, want)
			}
			if got := rd.rest(); got != nil {
				t.Errorf("rest again %v, want none", got)
			}
		})
	}
}

// TestEarlyDerive: a full run derives sources while files are still being
// extracted (the first "source derived" comes before the last "file" in
// its log), keeps the ledger in name order, and derives the same
// transactions as a run that derives everything after its extract (an
// incremental run whose rules changed).
func TestEarlyDerive(t *testing.T) {
	var buf syncBuffer
	dir := t.TempDir()
	cfg := Config{Inbox: "../data/sample/inbox", Warehouse: filepath.Join(dir, "p3dn.duckdb"), MaxRejectRate: 1, Version: "test",
		Logger: slog.New(slog.NewJSONHandler(&buf, nil))}
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	var msgs []string
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var m struct{ Msg string }
		if err := json.Unmarshal([]byte(line), &m); err != nil {
			t.Fatalf("log line %q: %v", line, err)
		}
		msgs = append(msgs, m.Msg)
	}
	first, last := slices.Index(msgs, "source derived"), -1
	for i, m := range msgs {
		if m == "file" {
			last = i
		}
	}
	if first < 0 || first > last {
		t.Errorf("first source derived at log line %d, last file at %d: the derive did not start beside the extract", first, last)
	}
	if !slices.IsSortedFunc(res.Files, func(a, b FileResult) int { return strings.Compare(a.Path, b.Path) }) {
		t.Error("the ledger's files are not in name order")
	}
	q := "SELECT * EXCLUDE (_record) FROM transaksi ORDER BY transaksi_id"
	early := dump(t, openWH(t, dir), q)
	// Another version's transactions are derived again, after the extract.
	cfg.Version, cfg.Logger = "test-2", nil
	if res, err := Run(context.Background(), cfg); err != nil || res.Mode != "inkremental" {
		t.Fatalf("rederive: %v (%+v)", err, res)
	}
	after := dump(t, openWH(t, dir), q)
	if len(early) < 10 || strings.Join(early, "\n") != strings.Join(after, "\n") {
		t.Errorf("derived beside the extract: %d transactions, after it: %d, or they differ", len(early), len(after))
	}
}

// syncBuffer is a bytes.Buffer safe for the run's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.b.String()
}

// TestEarlyDeriveFails: a derive that fails beside the extract fails the
// run with its error, publishes nothing, and releases every batch.
func TestEarlyDeriveFails(t *testing.T) {
	t.Setenv("P3DN_FAULT", "enospc:derive")
	mem := load.NewArrowAllocator()
	dir := t.TempDir()
	wh := filepath.Join(dir, "p3dn.duckdb")
	res, err := Run(context.Background(), Config{Inbox: "../data/sample/inbox", Warehouse: wh, MaxRejectRate: 1, Version: "test", Allocator: mem})
	if err == nil || !strings.Contains(err.Error(), "injected by P3DN_FAULT") || res.ExitCode != ExitFailure {
		t.Fatalf("run: %v, exit %d; want the injected fault and exit %d", err, res.ExitCode, ExitFailure)
	}
	for _, p := range []string{wh, wh + ".building"} {
		if _, err := os.Stat(p); err == nil {
			t.Errorf("%s exists after the failed run", p)
		}
	}
	if n := mem.Allocated(); n != 0 {
		t.Errorf("%d bytes of Arrow batches not released", n)
	}
}
