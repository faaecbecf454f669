package extract

import (
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"strconv"
	"time"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/format"
)

// parquetReader reads an ISB service re-published as Parquet (one file per
// service and year, as regional dashboards do) through the same record
// conversion as the JSON: values are turned back into JSON-like text.
type parquetReader struct {
	name   string
	r      *parquet.GenericReader[any]
	det    Detection
	conv   map[string]func(any) any // per column, for logical types
	buf    []any
	pos    int
	record int64
}

// NewParquet opens a Parquet file and recognises its service from the
// column names.
func NewParquet(ra randomAccess, name string) (rd Reader, err error) {
	// A damaged file must give an error, never take the run down.
	defer func() {
		if p := recover(); p != nil {
			rd, err = nil, fmt.Errorf("%s: unreadable Parquet file: %v", name, p)
		}
	}()
	size, err := ra.Seek(0, io.SeekEnd)
	if err != nil {
		return nil, err
	}
	if err := checkParquetTrailer(ra, size); err != nil {
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", name, err)
	}
	// Page indexes and bloom filters are not needed to read rows.
	f, err := parquet.OpenFile(ra, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable Parquet file: %w", name, err)
	}
	if err := checkParquetPages(ra, size, f.Metadata()); err != nil {
		return nil, fmt.Errorf("%s: damaged Parquet file: %w", name, err)
	}
	var keys []string
	conv := map[string]func(any) any{}
	for _, fl := range f.Schema().Fields() {
		keys = append(keys, fl.Name())
		c, err := logicalConverter(fl.Type().LogicalType())
		if err != nil {
			return nil, fmt.Errorf("%s: column %s: %w", name, fl.Name(), err)
		}
		if c != nil {
			conv[fl.Name()] = c
		}
	}
	det, err := Detect(keys, name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if f.NumRows() == 0 {
		return nil, fmt.Errorf("%s: %w: Parquet file without rows", name, ErrNoData)
	}
	return &parquetReader{name: name, r: parquet.NewGenericReader[any](f), det: det, conv: conv}, nil
}

func (p *parquetReader) Service() *Service    { return p.det.Service }
func (p *parquetReader) Detection() Detection { return p.det }
func (p *parquetReader) Records() int64       { return p.record }

func (p *parquetReader) Next() (row *Row, err error) {
	defer func() {
		if x := recover(); x != nil {
			row, err = nil, fmt.Errorf("%s: record %d: unreadable Parquet data: %v", p.name, p.record+1, x)
		}
	}()
	if p.pos >= len(p.buf) {
		if p.buf == nil {
			p.buf = make([]any, 256)
		}
		p.buf = p.buf[:cap(p.buf)]
		n, err := p.r.Read(p.buf)
		if n == 0 {
			if err == nil || err == io.EOF {
				return nil, io.EOF
			}
			return nil, fmt.Errorf("%s: record %d: %w", p.name, p.record+1, err)
		}
		p.buf, p.pos = p.buf[:n], 0
	}
	v := p.buf[p.pos]
	p.pos++
	p.record++
	m, ok := v.(map[string]any)
	if !ok {
		return nil, &ParseError{File: p.name, Record: p.record, Offset: -1, Action: RecordRejected, Err: fmt.Errorf("row is %T, not a record", v)}
	}
	for k, x := range m {
		if c := p.conv[k]; c != nil && x != nil {
			x = c(x)
		}
		m[k] = jsonLike(x)
	}
	return ConvertRecord(p.det.Service, m, p.name, p.record)
}

// maxDecimalScale bounds a DECIMAL column's scale: Parquet's widest decimals
// (38 digits) fit, and a damaged scale cannot make the converter compute
// 10^2147483647.
const maxDecimalScale = 38

// logicalConverter handles physical values whose meaning is in the logical
// type: DATE (days), TIMESTAMP (units since the epoch) and integer-backed
// DECIMAL (unscaled).
func logicalConverter(lt *format.LogicalType) (func(any) any, error) {
	if lt == nil {
		return nil, nil
	}
	switch t := lt.Value.(type) {
	case *format.DateType:
		return func(v any) any {
			if n, ok := asInt(v); ok {
				return time.Unix(0, 0).UTC().AddDate(0, 0, int(n))
			}
			return v
		}, nil
	case *format.TimestampType:
		unit := time.Microsecond
		if t.Unit.Value != nil {
			unit = t.Unit.Value.Duration()
		}
		return func(v any) any {
			if n, ok := asInt(v); ok {
				return time.Unix(0, 0).UTC().Add(time.Duration(n) * unit)
			}
			return v
		}, nil
	case *format.DecimalType:
		scale := int(t.Scale)
		if scale < 0 || scale > maxDecimalScale {
			return nil, fmt.Errorf("DECIMAL scale %d outside 0..%d", scale, maxDecimalScale)
		}
		pow := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil)
		return func(v any) any {
			if n, ok := asInt(v); ok {
				r := new(big.Rat).SetFrac(big.NewInt(n), pow)
				return json.Number(r.FloatString(scale))
			}
			return v
		}, nil
	}
	return nil, nil
}

func asInt(v any) (int64, bool) {
	switch x := v.(type) {
	case int32:
		return int64(x), true
	case int64:
		return x, true
	case int:
		return int64(x), true
	}
	return 0, false
}

// jsonLike turns a Parquet value into what the JSON decoder would give:
// numbers as json.Number (exact), times as ISB-style text.
func jsonLike(v any) any {
	switch x := v.(type) {
	case nil, string, bool, json.Number:
		return x
	case []byte:
		return string(x)
	case int:
		return json.Number(strconv.FormatInt(int64(x), 10))
	case int32:
		return json.Number(strconv.FormatInt(int64(x), 10))
	case int64:
		return json.Number(strconv.FormatInt(x, 10))
	case uint32:
		return json.Number(strconv.FormatUint(uint64(x), 10))
	case uint64:
		return json.Number(strconv.FormatUint(x, 10))
	case float32:
		return json.Number(strconv.FormatFloat(float64(x), 'f', -1, 32))
	case float64:
		return json.Number(strconv.FormatFloat(x, 'f', -1, 64))
	case *big.Float:
		return json.Number(x.Text('f', -1))
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05.999999")
	}
	return v
}
