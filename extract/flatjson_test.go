package extract

import (
	"bytes"
	"encoding/json"
	"fmt"
	"reflect"
	"sort"
	"testing"
)

// FuzzFlatJSON: the fast record parser agrees with encoding/json on every
// input both accept (nested values compared through encoding/json).
func FuzzFlatJSON(f *testing.F) {
	for _, s := range []string{`{"a":1,"b":"x\u00e9\n","c":null,"d":true,"e":[1,{"f":2}],"g":-0.5e3}`,
		`{"kd_rup":"60832782;45828523","pagu":1450200,"nama":"Caf\u00e9 \ud83d\ude00","x":"\\"}`, `{}`, `{"a":"b","a":"c"}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		fast := map[string]any{}
		if _, err := parseFlat(b, fast); err != nil {
			return
		}
		slow := map[string]any{}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		if err := dec.Decode(&slow); err != nil || dec.More() {
			t.Fatalf("fast parser accepted %q, encoding/json refused: %v", b, err)
		}
		for k, v := range fast {
			if n, ok := v.(nested); ok {
				var x any
				d := json.NewDecoder(bytes.NewReader([]byte(n)))
				d.UseNumber()
				if err := d.Decode(&x); err != nil {
					t.Fatalf("nested %q of %q: %v", n, b, err)
				}
				fast[k] = x
			}
		}
		if !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q:\n fast %#v\n slow %#v", b, fast, slow)
		}
	})
}

// FuzzParseRow: the fast path from a record's bytes to a row (parseRow)
// gives what parseFlat and convertRecord give: the same values, extra
// fields and rejection, the same problems (in record order rather than the
// map's), and it declines exactly the records parseFlat declines.
func FuzzParseRow(f *testing.F) {
	for _, s := range []string{
		`{"kd_nontender":10000001000,"kd_klpd":"D101","nama_paket":"Pengadaan Langsung 1","pagu":25703671,"nilai_kontrak":23366974.00,"tgl_selesai_nontender":"2025-10-07 16:00:00","npwp_penyedia":"02.100.791.9-100.031"}`,
		`{"kd_nontender":"1","pagu":"Rp 1.234.567,89","nilai_kontrak":"abc","tgl_selesai_nontender":"31 Nopember 2023","tahun_anggaran":2023.5,"x":[1,{"y":2}],"z":"\u00e9"}`,
		`{"kd_nontender":"1","pagu":1,"pagu":2}`, `{"kd_nontender":"1","x":1,"x":2}`, `{"kd_nontender":""}`, `{"kd_nontender":{"a":1}}`,
		`{"kd_nontender":"  "}`, `{"nama_paket":"a very long name of a package, longer than the cell limit of this test"}`, `{}`, `{"kd_nontender":true}`,
		`{"kd_nontender":"1","nama_paket":null,"status_nontender":"Selesai","mtd_pemilihan":false}`, `{"kd_non\u0074ender":"7"}`,
	} {
		f.Add([]byte(s))
	}
	svc := ServiceByName("SPSE-NonTenderSelesai")
	const maxCell = 40
	f.Fuzz(func(t *testing.T, b []byte) {
		fast, ok, ferr := parseRow(svc, b, "f.json", 7, maxCell)
		obj := map[string]any{}
		dup, perr := parseFlat(b, obj)
		if ok != (perr == nil) {
			t.Fatalf("%q: parseRow handled %v, parseFlat error %v", b, ok, perr)
		}
		if !ok {
			return
		}
		var slow *Row
		var serr error
		if dup != "" {
			serr = duplicateKey("f.json", 7, dup, b)
		} else {
			slow, serr = convertRecord(svc, obj, "f.json", 7, maxCell)
		}
		if fmt.Sprint(ferr) != fmt.Sprint(serr) {
			t.Fatalf("%q:\n fast error %v\n slow error %v", b, ferr, serr)
		}
		if (fast == nil) != (slow == nil) {
			t.Fatalf("%q: fast row %v, slow row %v", b, fast, slow)
		}
		if fast == nil {
			return
		}
		if !reflect.DeepEqual(fast.Vals, slow.Vals) || fast.Extra != slow.Extra {
			t.Fatalf("%q:\n fast %#v %s\n slow %#v %s", b, fast.Vals, fast.Extra, slow.Vals, slow.Extra)
		}
		problems := func(r *Row) []string {
			var out []string
			for _, p := range r.Problems {
				out = append(out, p.Error()+" "+string(p.Action))
			}
			sort.Strings(out)
			return out
		}
		if !reflect.DeepEqual(problems(fast), problems(slow)) {
			t.Fatalf("%q:\n fast problems %q\n slow problems %q", b, problems(fast), problems(slow))
		}
	})
}

// parseFlat is scanFlat into a map of members, the shape encoding/json
// gives, for the fuzz tests to compare: dup is the first key seen twice
// ("" if none).
func parseFlat(b []byte, obj map[string]any) (dup string, err error) {
	err = scanFlat(b, func(k []byte, v flatValue) {
		key := string(k)
		if _, seen := obj[key]; seen && dup == "" {
			dup = key
		}
		obj[key] = v.value()
	})
	return dup, err
}
