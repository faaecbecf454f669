package extract

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"hash/maphash"
	"io"
	"strconv"
	"strings"
)

// ErrNoData marks an ISB answer that holds no records: a 0-byte body,
// the text URL-NOT-DEFINED, an empty array or an empty envelope.
var ErrNoData = errors.New("no data")

// ErrNotJSON marks content that is not a JSON array or object at all.
var ErrNotJSON = errors.New("not an ISB JSON answer (does not start with [ or {)")

// Decoder streams the records of one ISB JSON answer: a bare array of flat
// objects (ISB) or the INAPROC envelope {"success":..,"data":[...]}.
// Memory stays flat: a bounded window of records is held at a time.
type Decoder struct {
	name     string
	cr       *countingReader
	dec      *json.Decoder // the head: envelope and first record
	split    *splitter     // the records after the first
	svc      *Service
	detect   Detection
	first    json.RawMessage
	record   int64
	seed     maphash.Seed
	seen     map[uint64]int64
	finished bool
	lim      Limits
	ahead    *ahead // the read-ahead after the first record (isbahead.go)
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// NewDecoder reads the start of an ISB answer and recognises its service.
// It returns ErrNoData (wrapped) for answers without records, and a
// descriptive error for content that is not an ISB answer at all.
func NewDecoder(r io.Reader, name string) (*Decoder, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(64)
	trimmed := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%s: %w: empty body", name, ErrNoData)
	}
	if bytes.HasPrefix(trimmed, []byte("URL-NOT-DEFINED")) {
		return nil, fmt.Errorf("%s: %w: ISB answered URL-NOT-DEFINED (bad service parameters)", name, ErrNoData)
	}
	if trimmed[0] != '[' && trimmed[0] != '{' {
		return nil, fmt.Errorf("%s: %w", name, ErrNotJSON)
	}
	if bytes.HasPrefix(head, []byte("\xef\xbb\xbf")) {
		_, _ = br.Discard(3)
	}
	d := &Decoder{name: name, cr: &countingReader{r: br}, seed: maphash.MakeSeed(), seen: map[uint64]int64{}, lim: DefaultLimits}
	d.dec = json.NewDecoder(d.cr)
	d.dec.UseNumber()
	if err := d.openArray(); err != nil {
		return nil, err
	}
	if !d.dec.More() {
		d.finished = true
		return d, fmt.Errorf("%s: %w: empty array", name, ErrNoData)
	}
	if err := d.dec.Decode(&d.first); err != nil {
		return nil, d.syntax(err)
	}
	keys, err := objectKeys(d.first)
	if err != nil {
		return nil, fmt.Errorf("%s: record 1: %v", name, err)
	}
	d.detect, err = Detect(keys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	d.svc = d.detect.Service
	d.split = newSplitter(io.MultiReader(d.dec.Buffered(), d.cr), d.dec.InputOffset(), false)
	return d, nil
}

// openArray positions the decoder inside the array of records.
func (d *Decoder) openArray() error {
	tok, err := d.dec.Token()
	if err != nil {
		return d.syntax(err)
	}
	switch tok {
	case json.Delim('['):
		return nil
	case json.Delim('{'):
		// INAPROC envelope: find "data".
		var success *bool
		var apiErr json.RawMessage
		for d.dec.More() {
			kt, err := d.dec.Token()
			if err != nil {
				return d.syntax(err)
			}
			key, _ := kt.(string)
			switch key {
			case "data":
				t, err := d.dec.Token()
				if err != nil {
					return d.syntax(err)
				}
				if t == nil {
					return fmt.Errorf("%s: %w: envelope data is null", d.name, ErrNoData)
				}
				if t != json.Delim('[') {
					return fmt.Errorf("%s: envelope field data is not an array", d.name)
				}
				return nil
			case "success":
				var b bool
				if err := d.dec.Decode(&b); err != nil {
					return d.syntax(err)
				}
				success = &b
			case "error":
				if err := d.dec.Decode(&apiErr); err != nil {
					return d.syntax(err)
				}
			default:
				var skip json.RawMessage
				if err := d.dec.Decode(&skip); err != nil {
					return d.syntax(err)
				}
			}
		}
		if success != nil && !*success {
			return fmt.Errorf("%s: the API answered an error: %s", d.name, strings.TrimSpace(string(apiErr)))
		}
		return fmt.Errorf("%s: %w: envelope without data", d.name, ErrNoData)
	default:
		return fmt.Errorf("%s: not an ISB answer: expected a JSON array or an INAPROC envelope, found %v", d.name, tok)
	}
}

func (d *Decoder) syntax(err error) error { return d.malformed(d.dec.InputOffset(), err) }

// Service is the recognised service.
func (d *Decoder) Service() *Service { return d.svc }

// Detection tells how the service was recognised.
func (d *Decoder) Detection() Detection { return d.detect }

// Records is the number of records read so far.
func (d *Decoder) Records() int64 { return d.record }

// Next returns the next record. At the end it returns io.EOF. A record that
// cannot be loaded returns a *ParseError with Action RecordRejected and the
// decoder stays usable; an error of another kind, or a ParseError whose Err
// says "malformed JSON", ends the file.
func (d *Decoder) Next() (*Row, error) {
	if d.finished {
		return nil, io.EOF
	}
	if raw := d.first; raw != nil {
		d.first = nil
		d.record++
		return d.convert(raw)
	}
	return d.nextAhead()
}

// tooLong rejects a record for its size.
func (d *Decoder) tooLong(record, size, offset int64, raw string) *ParseError {
	return &ParseError{File: d.name, Record: record, Offset: offset, Action: RecordRejected, Raw: raw,
		Err: fmt.Errorf("record of %d bytes, over --max-record-size %d", size, d.lim.MaxRecordSize)}
}

// malformed ends the file at a JSON syntax error: the record there and
// the rest are unreadable.
func (d *Decoder) malformed(offset int64, err error) error {
	d.finished = true
	return d.malformedAt(d.record+1, offset, err)
}

func (d *Decoder) malformedAt(record, offset int64, err error) *ParseError {
	return &ParseError{File: d.name, Record: record, Offset: offset, Action: RecordRejected,
		Err: fmt.Errorf("malformed JSON: %v", err)}
}

// duplicate rejects a record whose bytes repeat an earlier record's.
func (d *Decoder) duplicate(record, first int64, raw []byte) *ParseError {
	return &ParseError{File: d.name, Record: record, Offset: -1, Action: RecordRejected,
		Raw: cut(string(raw)), Err: fmt.Errorf("exact duplicate of record %d", first)}
}

// convert converts the first record, read by the head decoder.
func (d *Decoder) convert(raw json.RawMessage) (*Row, error) {
	if int64(len(raw)) > d.lim.MaxRecordSize {
		return nil, d.tooLong(d.record, int64(len(raw)), -1, cut(string(raw)))
	}
	// Exact duplicates: ISB writes repeated records byte for byte, so the
	// raw bytes (without surrounding white space) identify them.
	d.seen[maphash.Bytes(d.seed, raw)] = d.record
	row, ends, err := d.parse(raw, d.record, -1)
	if ends {
		d.record--
		d.finished = true
	}
	return row, err
}

// parse converts one record's bytes (at stream offset off, -1 if not
// known). ends reports bytes that are not JSON at all: that ends the file,
// as a syntax error between records does. It reads no decoder state that
// changes, so that records are parsed in parallel.
func (d *Decoder) parse(raw []byte, record, off int64) (row *Row, ends bool, err error) {
	if row, ok, err := parseRow(d.svc, raw, d.name, record, d.lim.MaxCellSize); ok {
		return row, false, err
	}
	// Anything the fast path does not expect goes through encoding/json.
	obj := make(map[string]any, len(d.svc.Fields))
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if err := dec.Decode(&obj); err != nil {
		var se *json.SyntaxError
		if errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF) {
			if se != nil && off >= 0 {
				off += se.Offset - 1
			}
			return nil, true, d.malformedAt(record, off, err)
		}
		return nil, false, &ParseError{File: d.name, Record: record, Offset: -1, Action: RecordRejected,
			Raw: cut(string(raw)), Err: errors.New("record is not a JSON object")}
	}
	if k := keyScan(raw); k != "" {
		return nil, false, duplicateKey(d.name, record, k, raw)
	}
	row, err = convertRecord(d.svc, obj, d.name, record, d.lim.MaxCellSize)
	return row, false, err
}

// duplicateKey rejects a record that names a key twice.
func duplicateKey(file string, record int64, key string, raw []byte) *ParseError {
	return &ParseError{File: file, Record: record, Offset: -1, Field: key, Action: RecordRejected,
		Raw: cut(string(raw)), Err: fmt.Errorf("key %q appears twice in the record: which value is meant cannot be told", key)}
}

// parseRow is the fast path of parse: the record's members go straight to
// the row's fields as scanFlat reads them, without the map of members that
// convertRecord takes (its keys, entries and iteration were a third of the
// parse). It gives the same row, rejection or problems (these in record
// order) as convertRecord given the same members (FuzzParseRow; FuzzFlatJSON
// checks the members against encoding/json); ok is false where the record
// needs the slower path (anything scanFlat does not expect, or a selection
// of a service).
func parseRow(svc *Service, raw []byte, file string, record, maxCell int64) (row *Row, ok bool, err error) {
	if svc.of != nil {
		return nil, false, nil
	}
	b := newRowBuilder(svc, file, record, maxCell)
	seen := make([]bool, len(svc.Fields))
	var dup string
	if scanFlat(raw, func(k []byte, v flatValue) {
		i := svc.index.find(string(k))
		if i < 0 {
			if key := string(k); b.unknown(key, v.value()) && dup == "" {
				dup = key
			}
			return
		}
		if seen[i] && dup == "" {
			dup = svc.Fields[i].Name
		}
		seen[i] = true
		b.flat(i, v)
	}) != nil {
		return nil, false, nil
	}
	if dup != "" {
		return nil, true, duplicateKey(file, record, dup, raw)
	}
	row, err = b.finish()
	return row, true, err
}

// rowBuilder converts the members of one record into a Row, one member at
// a time in any order: the entries of a decoded record (convertRecord) or
// the members as scanFlat reads them (parseRow). A missing or invalid
// business key rejects the record; any other bad value becomes NULL and a
// Problem; members the service does not have go to Extra.
type rowBuilder struct {
	svc     *Service
	row     *Row
	maxCell int64
	extra   map[string]any
	keyErr  *ParseError // the first key that could not be converted
	keyRaws map[int]any // the values of key fields that came out empty
}

func newRowBuilder(svc *Service, file string, record, maxCell int64) *rowBuilder {
	return &rowBuilder{svc: svc, maxCell: maxCell,
		row: &Row{Service: svc, File: file, Record: record, Vals: make([]Value, len(svc.Fields))}}
}

// unknown keeps a member the service has no field for; it reports whether
// the record named it before.
func (b *rowBuilder) unknown(key string, v any) (twice bool) {
	if b.extra == nil {
		b.extra = map[string]any{}
	}
	_, twice = b.extra[key]
	b.extra[key] = v
	return twice
}

// value converts a decoded value (string, json.Number, bool, nil or
// nested) into field i.
func (b *rowBuilder) value(i int, v any) {
	val, err := convertValue(b.svc.Fields[i].Kind, v)
	if str, ok := v.(string); ok && int64(len(str)) > b.maxCell {
		val, err = Value{}, b.tooLong(len(str))
	}
	b.set(i, val, err, v)
}

// flat converts a value as scanFlat read it into field i, boxing it only
// when it must be kept as raw text.
func (b *rowBuilder) flat(i int, v flatValue) {
	var val Value
	var err error
	switch v.kind {
	case '"':
		val, err = ConvertText(b.svc.Fields[i].Kind, v.s, false)
		if int64(len(v.s)) > b.maxCell {
			val, err = Value{}, b.tooLong(len(v.s))
		}
	case '0':
		val, err = ConvertText(b.svc.Fields[i].Kind, v.s, true)
	default:
		b.value(i, v.value())
		return
	}
	var raw any
	if err != nil || (b.svc.Fields[i].Key && !val.Valid) {
		raw = v.value()
	}
	b.set(i, val, err, raw)
}

func (b *rowBuilder) tooLong(n int) error {
	return fmt.Errorf("text of %d bytes, over --max-cell-size %d", n, b.maxCell)
}

func (b *rowBuilder) set(i int, val Value, err error, raw any) {
	f := b.svc.Fields[i]
	if err != nil {
		pe := &ParseError{File: b.row.File, Record: b.row.Record, Offset: -1, Field: f.Name, Raw: cut(rawText(raw)), Action: ValueNulled, Err: err}
		if !f.Key {
			b.row.Problems = append(b.row.Problems, pe)
		} else if b.keyErr == nil {
			pe.Action = RecordRejected
			b.keyErr = pe
		}
		return
	}
	b.row.Vals[i] = val
	if f.Key && !val.Valid {
		if b.keyRaws == nil {
			b.keyRaws = map[int]any{}
		}
		b.keyRaws[i] = raw
	}
}

// finish returns the row, or the rejection of a record whose business key
// is invalid, missing or empty.
func (b *rowBuilder) finish() (*Row, error) {
	if b.keyErr != nil {
		return nil, b.keyErr
	}
	for i, f := range b.svc.Fields {
		if f.Key && !b.row.Vals[i].Valid {
			return nil, &ParseError{File: b.row.File, Record: b.row.Record, Offset: -1, Field: f.Name, Raw: rawText(b.keyRaws[i]),
				Action: RecordRejected, Err: errors.New("business key is missing or empty")}
		}
	}
	if b.extra != nil {
		out, _ := json.Marshal(b.extra) // keys sorted: deterministic
		b.row.Extra = string(out)
	}
	return b.row, nil
}

// ConvertRecord converts one decoded record (JSON types: string,
// json.Number, bool, nil, or nested values) into a Row. It is shared by the
// JSON and Parquet readers. A missing or invalid business key rejects the
// record; any other bad value becomes NULL and a Problem.
func ConvertRecord(svc *Service, obj map[string]any, file string, record int64) (*Row, error) {
	return convertRecord(svc, obj, file, record, DefaultLimits.MaxCellSize)
}

func convertRecord(svc *Service, obj map[string]any, file string, record int64, maxCell int64) (*Row, error) {
	b := newRowBuilder(svc, file, record, maxCell)
	for k, v := range obj {
		if i := svc.Index(k); i >= 0 {
			b.value(i, v)
		} else {
			b.unknown(k, v)
		}
	}
	return b.finish()
}

func rawText(v any) string {
	switch x := v.(type) {
	case nil:
		return ""
	case string:
		return x
	case json.Number:
		return x.String()
	case bool:
		return strconv.FormatBool(x)
	case nested:
		return string(x)
	}
	b, _ := json.Marshal(v)
	return string(b)
}

var errNested = errors.New("nested JSON value where a flat value was expected")

// convertValue converts one JSON value to a field kind. "" and null are
// NULL for every kind (LKPP_FORMATS quirk 15).
func convertValue(k Kind, v any) (Value, error) {
	switch x := v.(type) {
	case nil:
		return Value{}, nil
	case map[string]any, []any, nested:
		return Value{}, errNested
	case bool:
		switch k {
		case KindBool:
			return Value{Valid: true, I: b2i(x)}, nil
		case KindID, KindStr:
			return Value{Valid: true, S: strconv.FormatBool(x)}, nil
		}
		return Value{}, fmt.Errorf("boolean where a %s was expected", kindLabel[k])
	case json.Number:
		return ConvertText(k, x.String(), true)
	case string:
		return ConvertText(k, x, false)
	}
	return Value{}, fmt.Errorf("unexpected JSON value %T", v)
}

var kindLabel = map[Kind]string{KindID: "code", KindStr: "text", KindInt: "whole number", KindNum: "number",
	KindMoney: "rupiah amount", KindDate: "date", KindTS: "timestamp", KindBool: "boolean"}

// ConvertText converts a text (or a JSON number's text when machine is true)
// to a field kind.
func ConvertText(k Kind, s string, machine bool) (Value, error) {
	switch k {
	case KindStr:
		if s == "" {
			return Value{}, nil
		}
		return Value{Valid: true, S: s}, nil
	case KindID:
		s = CleanText(s)
		if s == "" {
			return Value{}, nil
		}
		return Value{Valid: true, S: s}, nil
	}
	if IsEmptyMarker(s) {
		return Value{}, nil
	}
	s = CleanText(s)
	switch k {
	case KindInt:
		if n, err := strconv.ParseInt(s, 10, 64); err == nil {
			return Value{Valid: true, I: n}, nil
		}
		n, err := ParseDecimal(s, 0)
		if err != nil || !strings.Contains(s, ".") && !strings.ContainsAny(s, "eE") {
			return Value{}, ErrNotInt
		}
		if f, _ := ParseDecimal(s, 4); f != n*10000 {
			return Value{}, ErrNotInt
		}
		return Value{Valid: true, I: n}, nil
	case KindNum, KindMoney:
		n, err := ParseDecimal(s, k.Scale())
		if err != nil && !machine && err != ErrOverflow {
			n, err = ParseRupiah(s, k.Scale())
		}
		if err != nil {
			return Value{}, err
		}
		return Value{Valid: true, I: n}, nil
	case KindDate, KindTS:
		t, err := ParseTimestamp(s)
		if err != nil {
			return Value{}, err
		}
		if k == KindDate {
			return Value{Valid: true, I: DaysSinceEpoch(t)}, nil
		}
		return Value{Valid: true, I: t.UnixMicro()}, nil
	case KindBool:
		b, err := ParseBool(s)
		if err != nil {
			return Value{}, err
		}
		return Value{Valid: true, I: b2i(b)}, nil
	}
	return Value{}, fmt.Errorf("unknown kind %d", k)
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}

// objectKeys lists the keys of a JSON object.
func objectKeys(raw json.RawMessage) ([]string, error) {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		return nil, errors.New("the array does not hold JSON objects")
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	return keys, nil
}
