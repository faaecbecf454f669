package extract

import (
	"bytes"
	"encoding/json"
	"reflect"
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
