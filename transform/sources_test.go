package transform

import (
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
