package extract

import (
	"fmt"
	"strings"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// ArrowType is the Arrow type a field kind is loaded as.
func (k Kind) ArrowType() arrow.DataType {
	switch k {
	case KindInt:
		return arrow.PrimitiveTypes.Int64
	case KindNum:
		return &arrow.Decimal128Type{Precision: 20, Scale: 4}
	case KindMoney:
		return &arrow.Decimal128Type{Precision: 20, Scale: 2}
	case KindDate:
		return arrow.FixedWidthTypes.Date32
	case KindTS:
		return &arrow.TimestampType{Unit: arrow.Microsecond}
	case KindBool:
		return arrow.FixedWidthTypes.Boolean
	}
	return arrow.BinaryTypes.String
}

// SQLType is the DuckDB column type of a field kind.
func (k Kind) SQLType() string {
	switch k {
	case KindInt:
		return "BIGINT"
	case KindNum:
		return "DECIMAL(20,4)"
	case KindMoney:
		return "DECIMAL(20,2)"
	case KindDate:
		return "DATE"
	case KindTS:
		return "TIMESTAMP"
	case KindBool:
		return "BOOLEAN"
	}
	return "VARCHAR"
}

// Lineage columns added to every staging table.
const (
	ColFile   = "_source_file"
	ColRecord = "_record"
	ColExtra  = "_lainnya" // JSON object of source keys the service does not declare
)

// Schema is the Arrow schema of a service's staging table.
func (s *Service) Schema() *arrow.Schema {
	fs := make([]arrow.Field, 0, len(s.Fields)+3)
	for _, f := range s.Fields {
		fs = append(fs, arrow.Field{Name: f.Name, Type: f.Kind.ArrowType(), Nullable: true})
	}
	fs = append(fs,
		arrow.Field{Name: ColFile, Type: arrow.BinaryTypes.String},
		arrow.Field{Name: ColRecord, Type: arrow.PrimitiveTypes.Int64})
	if !s.Derived {
		fs = append(fs, arrow.Field{Name: ColExtra, Type: arrow.BinaryTypes.String, Nullable: true})
	}
	return arrow.NewSchema(fs, nil)
}

// Batcher accumulates rows of one service into Arrow record batches, one
// colBuilder per column.
//
// Each batch after the first starts with room for as many rows, and for as
// many string bytes in each column and an eighth more, as the last one
// held: its columns then do not grow by doubling, which copies a column
// eleven times (a string column's bytes up to sixteen) per 65,536-row batch.
type Batcher struct {
	svc    *Service
	schema *arrow.Schema
	cols   []*colBuilder
	n      int
	bytes  int   // string bytes in the batch
	last   int   // rows in the last batch
	data   []int // string bytes in each column of the last batch
}

// BatchBytes is how many string bytes a batch holds before it is full
// whatever its rows: a column's offsets are 32-bit, and a file of large
// records must not make one batch the size of the file.
var BatchBytes = 256 << 20

// Full reports whether the batch holds BatchBytes of strings.
func (b *Batcher) Full() bool { return b.bytes >= BatchBytes }

// NewBatcher returns a batcher for a service.
func NewBatcher(svc *Service, mem memory.Allocator) *Batcher {
	schema := svc.Schema()
	cols := make([]*colBuilder, schema.NumFields())
	for i, f := range schema.Fields() {
		cols[i] = newColBuilder(f.Type, mem)
	}
	return &Batcher{svc: svc, schema: schema, cols: cols, data: make([]int, len(cols))}
}

// Len is the number of rows waiting in the batch.
func (b *Batcher) Len() int { return b.n }

// Append adds a row.
func (b *Batcher) Append(r *Row) {
	if b.n == 0 && b.last > 0 {
		b.reserve()
	}
	for i := range b.svc.Fields {
		c, v := b.cols[i], r.Vals[i]
		switch {
		case !v.Valid:
			c.appendNull()
		case c.str:
			c.appendStr(v.S)
			b.bytes += len(v.S)
		default:
			c.appendInt(v.I)
		}
	}
	n := len(b.svc.Fields)
	b.cols[n].appendStr(r.File)
	b.cols[n+1].appendInt(r.Record)
	b.bytes += len(r.File)
	if !b.svc.Derived {
		if r.Extra == "" {
			b.cols[n+2].appendNull()
		} else {
			b.cols[n+2].appendStr(r.Extra)
			b.bytes += len(r.Extra)
		}
	}
	b.n++
}

// Flush returns the rows appended so far as a record batch (nil when none).
func (b *Batcher) Flush() arrow.RecordBatch {
	if b.n == 0 {
		return nil
	}
	arrs := make([]arrow.Array, len(b.cols))
	for i, c := range b.cols {
		b.data[i] = c.dlen
		arrs[i] = c.finish()
	}
	rec := array.NewRecordBatch(b.schema, arrs, int64(b.n))
	for _, a := range arrs {
		a.Release()
	}
	b.last, b.n, b.bytes = b.n, 0, 0
	return rec
}

// reserve makes room for a batch like the last one.
func (b *Batcher) reserve() {
	for i, c := range b.cols {
		c.reserve(b.last, b.data[i]+b.data[i]/8)
	}
}

// Release frees the rows not flushed.
func (b *Batcher) Release() {
	for _, c := range b.cols {
		c.release()
	}
}

// RowsFromArrow turns a record batch whose columns are a service's fields
// (in order) followed by _source_file and _record into rows of that
// service. Strings are copied: the rows outlive the batch. The rows of a
// batch, their values and each column's text share one allocation each.
func RowsFromArrow(svc *Service, rec arrow.RecordBatch, emit func(*Row) error) error {
	n := len(svc.Fields)
	if int(rec.NumCols()) != n+2 {
		return fmt.Errorf("%s: %d columns, want %d", svc.Name, rec.NumCols(), n+2)
	}
	cols := make([]column, n+2)
	for c, f := range svc.Fields {
		cols[c] = columnOf(rec.Column(c), f.Kind)
	}
	cols[n], cols[n+1] = columnOf(rec.Column(n), KindStr), columnOf(rec.Column(n+1), KindInt)
	nrows := int(rec.NumRows())
	rows, vals := make([]Row, nrows), make([]Value, nrows*n)
	for i := range rows {
		row := &rows[i]
		row.Service, row.Vals = svc, vals[i*n:(i+1)*n:(i+1)*n]
		for c, f := range svc.Fields {
			v, err := cols[c](i)
			if err != nil {
				return fmt.Errorf("%s field %s: %w", svc.Name, f.Name, err)
			}
			row.Vals[c] = v
		}
		file, _ := cols[n](i)
		record, _ := cols[n+1](i)
		row.File, row.Record = file.S, record.I
		if err := emit(row); err != nil {
			return err
		}
	}
	return nil
}

// column reads the value of one Arrow column at a row.
type column func(i int) (Value, error)

// columnOf returns the reader of an Arrow column holding values of kind k:
// the column's type is looked at once per batch, not at every value.
func columnOf(col arrow.Array, k Kind) column {
	var value func(i int) (Value, error)
	switch a := col.(type) {
	case *array.String:
		if k != KindStr && k != KindID {
			break // read from its text, below
		}
		// One copy of the column's text; each value is a slice of it.
		text, offs := string(a.ValueBytes()), a.ValueOffsets()
		value = func(i int) (Value, error) {
			return Value{Valid: true, S: text[offs[i]-offs[0] : offs[i+1]-offs[0]]}, nil
		}
	case *array.LargeString:
		value = func(i int) (Value, error) { return Value{Valid: true, S: strings.Clone(a.Value(i))}, nil }
	case *array.Int64:
		value = func(i int) (Value, error) { return Value{Valid: true, I: a.Value(i)}, nil }
	case *array.Int32:
		value = func(i int) (Value, error) { return Value{Valid: true, I: int64(a.Value(i))}, nil }
	case *array.Decimal128:
		if scale := a.DataType().(*arrow.Decimal128Type).Scale; int(scale) == k.Scale() {
			value = func(i int) (Value, error) { return Value{Valid: true, I: int64(a.Value(i).LowBits())}, nil }
		}
	case *array.Date32:
		value = func(i int) (Value, error) { return Value{Valid: true, I: int64(a.Value(i))}, nil }
	case *array.Timestamp:
		if a.DataType().(*arrow.TimestampType).Unit == arrow.Microsecond {
			value = func(i int) (Value, error) { return Value{Valid: true, I: int64(a.Value(i))}, nil }
		}
	case *array.Boolean:
		value = func(i int) (Value, error) {
			if a.Value(i) {
				return Value{Valid: true, I: 1}, nil
			}
			return Value{Valid: true}, nil
		}
	}
	if value == nil {
		value = func(i int) (Value, error) { return ConvertText(k, col.ValueStr(i), true) }
	}
	if col.NullN() == 0 {
		return value
	}
	return func(i int) (Value, error) {
		if col.IsNull(i) {
			return Value{}, nil
		}
		return value(i)
	}
}
