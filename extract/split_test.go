package extract

import (
	"bytes"
	"encoding/json"
	"io"
	"strings"
	"testing"
	"testing/iotest"
)

// splitAll cuts every element of a JSON array (the opening bracket already
// read) with a tiny buffer and a one-byte reader, so that every refill
// path runs.
func splitAll(body string, max int64) ([]string, error) {
	s := newSplitter(iotest.OneByteReader(strings.NewReader(body)), 0, true)
	s.buf = make([]byte, 3)
	var out []string
	for {
		raw, _, size, err := s.next(max)
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		if raw == nil {
			out = append(out, "<skipped "+string(rune('0'+size%10))+">")
			continue
		}
		out = append(out, string(raw))
	}
}

func TestSplitter(t *testing.T) {
	for _, c := range []struct {
		name, body string
		max        int64
		want       []string
		err        string
	}{
		{"records", ` {"a":"x,]}"} ,{"b":[1,{"c":"\"}"}]}]`, 0, []string{`{"a":"x,]}"}`, `{"b":[1,{"c":"\"}"}]}`}, ""},
		{"empty", ` ]`, 0, nil, ""},
		{"scalars", `1, "s\\" ,true,[2]]`, 0, []string{"1", `"s\\"`, "true", "[2]"}, ""},
		{"over the limit", `{"a":"0123456789"},{"b":1}]`, 10, []string{"<skipped 8>", `{"b":1}`}, ""},
		{"missing comma", `{"a":1} {"b":2}]`, 0, []string{`{"a":1}`}, "invalid character '{' after array element"},
		{"trailing comma", `{"a":1},]`, 0, []string{`{"a":1}`}, "invalid character ']' looking for beginning of value"},
		{"cut inside a string", `{"a":"xy`, 0, nil, "unexpected EOF"},
		{"no closing bracket", `{"a":1}`, 0, []string{`{"a":1}`}, "unexpected EOF"},
	} {
		got, err := splitAll(c.body, c.max)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("%s: records %q, want %q", c.name, got, c.want)
		}
		if (err == nil) != (c.err == "") || err != nil && err.Error() != c.err {
			t.Errorf("%s: error %v, want %q", c.name, err, c.err)
		}
	}
}

// FuzzSplitter checks the splitter against encoding/json: wherever the
// Decoder reads an array element by element, the splitter returns the same
// bytes for each element.
func FuzzSplitter(f *testing.F) {
	f.Add(`[{"a":"x"},{"b":[1,2,{"c":"\"]"}]}]`)
	f.Add(`[1, "two", null, {"x":{}}]`)
	f.Add(`[{"a":"\\\\"} ,  {"b":"\u005c"}]`)
	f.Fuzz(func(t *testing.T, body string) {
		dec := json.NewDecoder(strings.NewReader(body))
		if tok, err := dec.Token(); err != nil || tok != json.Delim('[') {
			return
		}
		var want []string
		for dec.More() {
			var m json.RawMessage
			if err := dec.Decode(&m); err != nil {
				return // malformed: the record parser rejects what the splitter cuts
			}
			want = append(want, string(m))
		}
		if _, err := dec.Token(); err != nil {
			return
		}
		rest := body[bytes.IndexByte([]byte(body), '[')+1:]
		got, err := splitAll(rest, 0)
		if err != nil {
			t.Fatalf("splitter failed on an array encoding/json reads: %v", err)
		}
		if strings.Join(got, "\x00") != strings.Join(want, "\x00") {
			t.Fatalf("splitter %q, encoding/json %q", got, want)
		}
	})
}
