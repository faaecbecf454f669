package extract

import (
	"encoding/json"
	"errors"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// nested is a JSON object or array found where a flat value belongs; it
// keeps its raw text for the rejects table.
type nested string

var errFlat = errors.New("not a flat JSON object")

// flatValue is one member's value as scanFlat reads it, not yet boxed in
// an interface (which costs an allocation per string and number).
type flatValue struct {
	kind byte   // '"' string, '0' number, 't' true, 'f' false, 'n' null, '{' object or array
	s    string // the string, the number's text or the nested value's raw text
}

// value is the member as encoding/json with UseNumber would give it
// (string, json.Number, bool, nil), a nested value as its raw text.
func (v flatValue) value() any {
	switch v.kind {
	case '"':
		return v.s
	case '0':
		return json.Number(v.s)
	case 't', 'f':
		return v.kind == 't'
	case '{':
		return nested(v.s)
	}
	return nil
}

// scanFlat parses one JSON object of flat values (ISB records) in a single
// pass without reflection, handing each member to member in record order:
// strings are unescaped, numbers kept as their text, and a nested object or
// array as its raw text. On anything it does not expect it returns errFlat
// and the caller falls back to encoding/json. The key is the decoded name;
// it may point into b and is valid only during the call, so that a key
// found in a service's field index costs no allocation.
func scanFlat(b []byte, member func(key []byte, v flatValue)) error {
	i := skipWS(b, 0)
	if i >= len(b) || b[i] != '{' {
		return errFlat
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		if skipWS(b, i+1) != len(b) {
			return errFlat
		}
		return nil
	}
	for {
		if i >= len(b) || b[i] != '"' {
			return errFlat
		}
		key, j, err := parseStringBytes(b, i)
		if err != nil {
			return err
		}
		i = skipWS(b, j)
		if i >= len(b) || b[i] != ':' {
			return errFlat
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return errFlat
		}
		var v flatValue
		switch c := b[i]; {
		case c == '"':
			s, j, err := parseString(b, i)
			if err != nil {
				return err
			}
			v, i = flatValue{'"', s}, j
		case c == '-' || (c >= '0' && c <= '9'):
			j := i + 1
			for j < len(b) && (b[j] >= '0' && b[j] <= '9' || b[j] == '.' || b[j] == 'e' || b[j] == 'E' || b[j] == '+' || b[j] == '-') {
				j++
			}
			num := string(b[i:j])
			if !validNumber(num) {
				return errFlat
			}
			v, i = flatValue{'0', num}, j
		case c == 't' && hasAt(b, i, "true"):
			v, i = flatValue{kind: 't'}, i+4
		case c == 'f' && hasAt(b, i, "false"):
			v, i = flatValue{kind: 'f'}, i+5
		case c == 'n' && hasAt(b, i, "null"):
			v, i = flatValue{kind: 'n'}, i+4
		case c == '{' || c == '[':
			j, err := skipValue(b, i)
			if err != nil || !json.Valid(b[i:j]) {
				return errFlat
			}
			v, i = flatValue{'{', string(b[i:j])}, j
		default:
			return errFlat
		}
		member(key, v)
		i = skipWS(b, i)
		if i >= len(b) {
			return errFlat
		}
		if b[i] == '}' {
			if skipWS(b, i+1) != len(b) {
				return errFlat
			}
			return nil
		}
		if b[i] != ',' {
			return errFlat
		}
		i = skipWS(b, i+1)
	}
}

func skipWS(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\n' || b[i] == '\t' || b[i] == '\r') {
		i++
	}
	return i
}

func hasAt(b []byte, i int, lit string) bool {
	return len(b)-i >= len(lit) && string(b[i:i+len(lit)]) == lit
}

// validNumber accepts exactly JSON's number grammar.
func validNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	if i >= len(s) {
		return false
	}
	if s[i] == '0' {
		i++
	} else if s[i] >= '1' && s[i] <= '9' {
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	} else {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if i >= len(s) || s[i] < '0' || s[i] > '9' {
			return false
		}
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
	}
	return i == len(s)
}

// parseString reads the string starting at b[i] == '"'. Strings without
// escapes are taken as they are; escapes are decoded as JSON says. Invalid
// UTF-8 and control characters fall back to encoding/json (errFlat).
func parseString(b []byte, i int) (string, int, error) {
	s, j, err := parseStringBytes(b, i)
	return string(s), j, err
}

// parseStringBytes is parseString without the copy of a string that has no
// escapes: it returns the bytes of b between the quotes.
func parseStringBytes(b []byte, i int) ([]byte, int, error) {
	j := i + 1
	plain := true
	for j < len(b) && b[j] != '"' {
		c := b[j]
		if c < 0x20 {
			return nil, 0, errFlat
		}
		if c == '\\' {
			plain = false
			j += 2
			continue
		}
		if c >= utf8.RuneSelf {
			plain = false
		}
		j++
	}
	if j >= len(b) {
		return nil, 0, errFlat
	}
	if plain {
		return b[i+1 : j], j + 1, nil
	}
	raw := b[i+1 : j]
	if !utf8.Valid(raw) {
		return nil, 0, errFlat
	}
	out := make([]byte, 0, len(raw))
	for k := 0; k < len(raw); k++ {
		c := raw[k]
		if c != '\\' {
			out = append(out, c)
			continue
		}
		k++
		if k >= len(raw) {
			return nil, 0, errFlat
		}
		switch raw[k] {
		case '"', '\\', '/':
			out = append(out, raw[k])
		case 'b':
			out = append(out, '\b')
		case 'f':
			out = append(out, '\f')
		case 'n':
			out = append(out, '\n')
		case 'r':
			out = append(out, '\r')
		case 't':
			out = append(out, '\t')
		case 'u':
			r, n, ok := hexRune(raw, k+1)
			if !ok {
				return nil, 0, errFlat
			}
			k += n
			if utf16.IsSurrogate(r) {
				r2, n2, ok2 := rune(0), 0, false
				if k+2 < len(raw) && raw[k+1] == '\\' && raw[k+2] == 'u' {
					r2, n2, ok2 = hexRune(raw, k+3)
				}
				if dec := utf16.DecodeRune(r, r2); ok2 && dec != utf8.RuneError {
					r, k = dec, k+2+n2
				} else {
					r = utf8.RuneError
				}
			}
			out = utf8.AppendRune(out, r)
		default:
			return nil, 0, errFlat
		}
	}
	return out, j + 1, nil
}

func hexRune(b []byte, k int) (rune, int, bool) {
	if k+4 > len(b) {
		return 0, 0, false
	}
	v, err := strconv.ParseUint(string(b[k:k+4]), 16, 32)
	return rune(v), 4, err == nil
}

// skipValue returns the end of the object or array starting at b[i].
func skipValue(b []byte, i int) (int, error) {
	depth := 0
	for j := i; j < len(b); j++ {
		switch b[j] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
			if depth == 0 {
				return j + 1, nil
			}
		case '"':
			j++
			for j < len(b) && b[j] != '"' {
				if b[j] == '\\' {
					j++
				}
				j++
			}
		}
	}
	return 0, errFlat
}
