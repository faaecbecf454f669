package extract

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/decimal128"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// arrowBench is a service of the kinds a transaction has, and rows of it
// as the transform reads them back.
var arrowBench = NewService("bench", "bench", "id:id! kd_klpd:id nama_klpd:str nama_paket:str tahun:int "+
	"nilai:money tkdn:num tanggal:date waktu:ts is_pdn:bool alasan:str")

func benchRows(n int) []*Row {
	rows := make([]*Row, n)
	for i := range rows {
		rows[i] = &Row{Service: arrowBench, File: "SPSE-NonTenderSelesai.json", Record: int64(i + 1), Vals: []Value{
			{Valid: true, S: fmt.Sprintf("non_tender:%d", 9000000+i)}, {Valid: true, S: "D101"},
			{Valid: true, S: "Pemerintah Daerah Provinsi DKI Jakarta"}, {Valid: i%7 != 0, S: fmt.Sprintf("Belanja Alat Tulis Kantor %d", i)},
			{Valid: true, I: 2025}, {Valid: true, I: int64(i) * 1_000_000_00}, {Valid: i%3 == 0, I: 40_0000},
			{Valid: true, I: 19_650 + int64(i%365)}, {Valid: true, I: 1_700_000_000_000_000}, {Valid: true, I: int64(i % 2)},
			{Valid: true, S: "Perpres 46/2025 Pasal 66 ayat (1): TKDN 40,00 % dengan sertifikat"}}}
	}
	return rows
}

// BenchmarkBatcher: rows into Arrow record batches of 16,384 (the
// pipeline's batch size), as the extract and the transform build them.
func BenchmarkBatcher(b *testing.B) {
	rows := benchRows(16384)
	b.ReportAllocs()
	bt := NewBatcher(arrowBench, memory.NewGoAllocator())
	defer bt.Release()
	for b.Loop() {
		for _, r := range rows {
			bt.Append(r)
		}
		bt.Flush().Release()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
}

// BenchmarkRowsFromArrow: a record batch back into rows, as the transform
// reads its source queries.
func BenchmarkRowsFromArrow(b *testing.B) {
	rows := benchRows(16384)
	sel := selected(rows)
	defer sel.Release()
	b.ReportAllocs()
	for b.Loop() {
		if err := RowsFromArrow(arrowBench, sel, func(*Row) error { return nil }); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(rows)), "ns/row")
}

// selected is the record batch of rows as the transform's queries give
// it: the fields, _source_file and _record (no _lainnya).
func selected(rows []*Row) arrow.RecordBatch {
	bt := NewBatcher(arrowBench, memory.NewGoAllocator())
	defer bt.Release()
	for _, r := range rows {
		bt.Append(r)
	}
	rec := bt.Flush()
	defer rec.Release()
	k := len(arrowBench.Fields) + 2
	return array.NewRecordBatch(arrow.NewSchema(rec.Schema().Fields()[:k], nil), rec.Columns()[:k], rec.NumRows())
}

func TestRowsFromArrowRoundTrip(t *testing.T) {
	rows := benchRows(100)
	sel := selected(rows)
	defer sel.Release()
	i := 0
	err := RowsFromArrow(arrowBench, sel, func(got *Row) error {
		want := rows[i]
		if got.File != want.File || got.Record != want.Record {
			t.Fatalf("row %d: file/record %s/%d, want %s/%d", i, got.File, got.Record, want.File, want.Record)
		}
		for c, v := range want.Vals {
			if !v.Valid {
				v = Value{}
			}
			if got.Vals[c] != v {
				t.Fatalf("row %d field %s: %+v, want %+v", i, arrowBench.Fields[c].Name, got.Vals[c], v)
			}
		}
		i++
		return nil
	})
	if err != nil || i != len(rows) {
		t.Fatalf("%d rows, %v", i, err)
	}
}

// growthCounter counts the reallocations that grow a buffer past its
// capacity: each copies it.
type growthCounter struct {
	memory.Allocator
	grew int
}

func (g *growthCounter) Reallocate(size int, b []byte) []byte {
	if size > cap(b) {
		g.grew++
	}
	return g.Allocator.Reallocate(size, b)
}

// TestBatcherReserves: a batch like the last one is built in the room
// reserved for it, without growing a buffer, and holds the same rows.
func TestBatcherReserves(t *testing.T) {
	rows := benchRows(1000)
	mem := &growthCounter{Allocator: memory.NewGoAllocator()}
	bt := NewBatcher(arrowBench, mem)
	defer bt.Release()
	var recs []arrow.RecordBatch
	for range 2 {
		mem.grew = 0
		for _, r := range rows {
			bt.Append(r)
		}
		rec := bt.Flush()
		defer rec.Release()
		recs = append(recs, rec)
	}
	if mem.grew != 0 {
		t.Errorf("the second batch grew %d buffers, want 0 (room reserved like the first)", mem.grew)
	}
	if !array.RecordEqual(recs[0], recs[1]) {
		t.Errorf("the second batch differs from the first with the same rows")
	}
}

// referenceBatch builds rows with Arrow's own builders, as the Batcher
// did before its column builders.
func referenceBatch(svc *Service, rows []*Row) arrow.RecordBatch {
	bld := array.NewRecordBuilder(memory.NewGoAllocator(), svc.Schema())
	defer bld.Release()
	for _, r := range rows {
		for i, f := range svc.Fields {
			bl, v := bld.Field(i), r.Vals[i]
			if !v.Valid {
				bl.AppendNull()
				continue
			}
			switch f.Kind {
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
		n := len(svc.Fields)
		bld.Field(n).(*array.StringBuilder).Append(r.File)
		bld.Field(n + 1).(*array.Int64Builder).Append(r.Record)
		if r.Extra == "" {
			bld.Field(n + 2).AppendNull()
		} else {
			bld.Field(n + 2).(*array.StringBuilder).Append(r.Extra)
		}
	}
	return bld.NewRecordBatch()
}

// TestBatcherAsArrowBuilders: the Batcher's batches equal those Arrow's
// builders make of the same rows, for every kind, nulls and negative
// amounts among them, in batches that grow past their first room and
// batches built in the room the last one left; every buffer is freed.
func TestBatcherAsArrowBuilders(t *testing.T) {
	svc := NewService("kinds", "kinds", "id:id! n:int m:money x:num d:date ts:ts b:bool s:str")
	mem := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer mem.AssertSize(t, 0)
	bt := NewBatcher(svc, mem)
	defer bt.Release()
	for _, size := range []int{1, 5000, 5000, 3, 9000} {
		rows := make([]*Row, size)
		for i := range rows {
			k := int64(i)*7919 - 20000
			rows[i] = &Row{Service: svc, File: fmt.Sprintf("f%d.json", size), Record: int64(i), Vals: []Value{
				{Valid: true, S: fmt.Sprintf("id-%d", i)}, {Valid: i%5 != 0, I: k}, {Valid: i%3 != 0, I: k * 1_000_003},
				{Valid: i%4 != 1, I: -k}, {Valid: i%6 != 2, I: k % 40000}, {Valid: i%7 != 3, I: k * 86_400_000_000},
				{Valid: i%2 == 0, I: k % 2}, {Valid: i%9 != 4, S: strings.Repeat("é", i%23)}}}
			if i%11 == 0 {
				rows[i].Extra = `{"x":1}`
			}
		}
		for _, r := range rows {
			bt.Append(r)
		}
		got := bt.Flush()
		want := referenceBatch(svc, rows)
		if !array.RecordEqual(got, want) {
			t.Fatalf("batch of %d rows differs from Arrow's builders", size)
		}
		got.Release()
		want.Release()
	}
	// Rows left unflushed are freed by Release.
	bt.Append(&Row{Service: svc, Vals: make([]Value, len(svc.Fields))})
}

// TestRowsFromArrowOtherTypes: columns of another Arrow type than a
// field's kind loads as are read from their text (a decimal of another
// scale, a large string, an int32), nulls stay null, and a value that does
// not convert fails the batch naming its field.
func TestRowsFromArrowOtherTypes(t *testing.T) {
	svc := NewService("other", "other", "s:str n:int m:money")
	mem := memory.NewGoAllocator()
	ls := array.NewLargeStringBuilder(mem)
	ls.AppendValues([]string{"a", ""}, []bool{true, false})
	i32 := array.NewInt32Builder(mem)
	i32.AppendValues([]int32{-7, 0}, []bool{true, false})
	dec := array.NewDecimal128Builder(mem, &arrow.Decimal128Type{Precision: 20, Scale: 4})
	dec.AppendValues([]decimal128.Num{decimal128.FromI64(125000), decimal128.FromI64(-5)}, nil)
	file := array.NewStringBuilder(mem)
	file.AppendValues([]string{"f.json", "f.json"}, nil)
	rec := array.NewInt64Builder(mem)
	rec.AppendValues([]int64{1, 2}, nil)
	cols := []arrow.Array{ls.NewArray(), i32.NewArray(), dec.NewArray(), file.NewArray(), rec.NewArray()}
	fields := []arrow.Field{{Name: "s", Type: cols[0].DataType()}, {Name: "n", Type: cols[1].DataType()},
		{Name: "m", Type: cols[2].DataType()}, {Name: ColFile, Type: cols[3].DataType()}, {Name: ColRecord, Type: cols[4].DataType()}}
	batch := array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, 2)
	var got [][]Value
	if err := RowsFromArrow(svc, batch, func(r *Row) error {
		if r.File != "f.json" || r.Record != int64(len(got)+1) {
			t.Errorf("row %d: file %q record %d", len(got), r.File, r.Record)
		}
		got = append(got, append([]Value(nil), r.Vals...))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	want := [][]Value{{{Valid: true, S: "a"}, {Valid: true, I: -7}, {Valid: true, I: 1250}}, {{}, {}, {Valid: true, I: 0}}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("rows %v, want %v", got, want)
	}
	// A text column where the field is an integer: its text does not convert.
	bad := array.NewStringBuilder(mem)
	bad.AppendValues([]string{"1", "dua"}, nil)
	cols[1] = bad.NewArray()
	fields[1].Type = cols[1].DataType()
	batch = array.NewRecordBatch(arrow.NewSchema(fields, nil), cols, 2)
	err := RowsFromArrow(svc, batch, func(*Row) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "field n") {
		t.Errorf("got %v, want an error naming field n", err)
	}
}

// TestBatcherFullByBytes: a batch of large strings is full at BatchBytes
// whatever its rows, and starts empty again after Flush.
func TestBatcherFullByBytes(t *testing.T) {
	defer func(n int) { BatchBytes = n }(BatchBytes)
	BatchBytes = 10000
	svc := NewService("big", "big", "id:id! s:str")
	bt := NewBatcher(svc, memory.NewGoAllocator())
	defer bt.Release()
	big := strings.Repeat("x", 999)
	rows := 0
	for !bt.Full() {
		bt.Append(&Row{Service: svc, File: "f", Vals: []Value{{Valid: true, S: "k"}, {Valid: true, S: big}}})
		rows++
	}
	if rows != 10 { // 10 rows of 1,001 bytes (with the file name) reach 10,000
		t.Errorf("full after %d rows, want 10", rows)
	}
	bt.Flush().Release()
	if bt.Full() || bt.Len() != 0 {
		t.Errorf("after Flush: full %v, %d rows", bt.Full(), bt.Len())
	}
}
