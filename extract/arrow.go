package extract

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
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

// Batcher accumulates rows of one service into Arrow record batches.
type Batcher struct {
	svc *Service
	bld *array.RecordBuilder
	n   int
}

// NewBatcher returns a batcher for a service.
func NewBatcher(svc *Service, mem memory.Allocator) *Batcher {
	return &Batcher{svc: svc, bld: array.NewRecordBuilder(mem, svc.Schema())}
}

// Len is the number of rows waiting in the batch.
func (b *Batcher) Len() int { return b.n }

// Append adds a row.
func (b *Batcher) Append(r *Row) {
	for i, f := range b.svc.Fields {
		AppendValue(b.bld.Field(i), f.Kind, r.Vals[i])
	}
	n := len(b.svc.Fields)
	b.bld.Field(n).(*array.StringBuilder).Append(r.File)
	b.bld.Field(n + 1).(*array.Int64Builder).Append(r.Record)
	if !b.svc.Derived {
		if r.Extra == "" {
			b.bld.Field(n + 2).AppendNull()
		} else {
			b.bld.Field(n + 2).(*array.StringBuilder).Append(r.Extra)
		}
	}
	b.n++
}

// AppendValue appends a converted value to the builder of its kind.
func AppendValue(bl array.Builder, k Kind, v Value) {
	if !v.Valid {
		bl.AppendNull()
		return
	}
	switch k {
	case KindInt:
		bl.(*array.Int64Builder).Append(v.I)
	case KindNum, KindMoney:
		bl.(*array.Decimal128Builder).Append(decimal128.FromI64(v.I))
	case KindDate:
		bl.(*array.Date32Builder).Append(arrow.Date32(v.I))
	case KindTS:
		bl.(*array.TimestampBuilder).Append(arrow.Timestamp(v.I))
	case KindBool:
		bl.(*array.BooleanBuilder).Append(v.I != 0)
	default:
		bl.(*array.StringBuilder).Append(v.S)
	}
}

// Flush returns the rows appended so far as a record batch (nil when none).
func (b *Batcher) Flush() arrow.RecordBatch {
	if b.n == 0 {
		return nil
	}
	b.n = 0
	return b.bld.NewRecordBatch()
}

// Release frees the builder.
func (b *Batcher) Release() { b.bld.Release() }
