package transform

import (
	"slices"
	"strings"
	"testing"

	"github.com/p3dn/p3dn/extract"
)

// TestSourcesSelectWhatTheyRead runs every source's mapping over rows of
// the fields its query selects: all set, all NULL, and each field NULL in
// turn (which takes the branches that read a fallback field). A field the
// code reads that the query leaves out panics with
// *extract.UnselectedFieldError here, not in a run.
func TestSourcesSelectWhatTheyRead(t *testing.T) {
	reg := NewRegistryIndex(nil)
	set := map[extract.Kind]extract.Value{
		extract.KindID: {Valid: true, S: "1"}, extract.KindStr: {Valid: true, S: "x"}, extract.KindInt: {Valid: true, I: 2024},
		extract.KindNum: {Valid: true, I: 400000}, extract.KindMoney: {Valid: true, I: 100000}, extract.KindDate: {Valid: true, I: 20000},
		extract.KindTS: {Valid: true, I: 20000 * 86400e6}, extract.KindBool: {Valid: true, I: 1},
	}
	for _, src := range AllSources(Scope{}) {
		n := len(src.Service.Fields)
		if n == 0 {
			t.Fatalf("%s selects no field", src.Service.Name)
		}
		for null := -2; null < n; null++ { // -2: all NULL, -1: none NULL, else that field NULL
			row := &extract.Row{Service: src.Service, File: "f.json", Record: 1, Vals: make([]extract.Value, n)}
			for i, f := range src.Service.Fields {
				if null != -2 && i != null {
					row.Vals[i] = set[f.Kind]
				}
			}
			func() {
				defer func() {
					if p := recover(); p != nil {
						t.Errorf("%s, NULL field %d: %v", src.Service.Name, null, p)
					}
				}()
				switch {
				case src.Items:
					ps := &Packages{Registry: reg}
					ps.Add(row)
					ps.Flush()
				case src.Regional:
					Regional(row, reg)
				default:
					FromRow(row)
				}
			}()
		}
	}
}

// TestSourcesAreSliced: every source names the staging table and key a
// full derive slices it by, and keeps to a slice's range: the driver holds
// a whole query result outside DuckDB's memory limit, so one unsliced
// source (the regional rows were, until 2026-12-02) makes a national run's
// memory grow with its input.
func TestSourcesAreSliced(t *testing.T) {
	whole := AllSources(Scope{})
	sliced := AllSources(Scope{From: "'k1'", To: "'k9'"})
	for i, src := range whole {
		if src.Table == "" || src.Key == "" {
			t.Errorf("%s: not sliced (table %q, key %q)", src.Service.Name, src.Table, src.Key)
			continue
		}
		q := sliced[i].Query
		for _, want := range []string{src.Key + " >= 'k1'", src.Key + " < 'k9'"} {
			if !strings.Contains(q, want) {
				t.Errorf("%s: a slice's query lacks %q:\n%s", src.Service.Name, want, q)
			}
		}
	}
}

// TestRUPLinks: a transaction's kd_rup becomes one bridge row per distinct
// code, in order, whatever separates them.
func TestRUPLinks(t *testing.T) {
	cases := map[string][]string{
		"":               nil,
		"38291044":       {"38291044"},
		"1;2":            {"1", "2"},
		"1, 2;1":         {"1", "2"},
		" 5 ":            {"5"},
		";":              nil,
		"10,10,10":       {"10"},
		"7 ; 8 ;; 9, 7 ": {"7", "8", "9"},
	}
	for codes, want := range cases {
		tr := &extract.Row{Service: Transaksi, File: "f.json", Record: 3, Vals: make([]extract.Value, len(Transaksi.Fields))}
		tr.Vals[Transaksi.MustIndex("transaksi_id")] = text("non_tender:1")
		tr.Vals[Transaksi.MustIndex("kd_rup")] = text(codes)
		var got []string
		for _, l := range RUPLinks(tr) {
			if l.Service != TransaksiRUP || l.Str("transaksi_id") != "non_tender:1" || l.File != "f.json" || l.Record != 3 {
				t.Errorf("%q: link %+v", codes, l)
			}
			got = append(got, l.Str("kd_rup"))
		}
		if !slices.Equal(got, want) {
			t.Errorf("RUPLinks(%q) = %q, want %q", codes, got, want)
		}
	}
}
