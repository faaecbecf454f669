package pipeline

import (
	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/memory"

	"github.com/p3dn/p3dn/extract"
)

// rejectLog streams rejects into the warehouse's rejects table through
// the inserter, as Arrow batches, in the transaction of the file they
// belong to: a file rolled back takes its rejects with it, and the run
// holds at most one batch of them in memory (a 5M-row inbox has about
// 33,000, which used to be kept until the ledger).
type rejectLog struct {
	runID   string
	ins     *inserter
	bld     *array.RecordBuilder
	n       int64 // rejects logged by this run
	pending int   // of them, not yet handed to the inserter
	err     error // the first failure to hand them over (the check reports it)
}

// rejectBatchRows is how many rejects one insert carries.
var rejectBatchRows = 4096

// rejectsSchema is the rejects table's (sql/schema/010_ledger.sql);
// columns are matched by name.
var rejectsSchema = arrow.NewSchema([]arrow.Field{
	{Name: "run_id", Type: arrow.BinaryTypes.String},
	{Name: "source_file", Type: arrow.BinaryTypes.String},
	{Name: "record_no", Type: arrow.PrimitiveTypes.Int64},
	{Name: "byte_offset", Type: arrow.PrimitiveTypes.Int64, Nullable: true},
	{Name: "field", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "raw_value", Type: arrow.BinaryTypes.String, Nullable: true},
	{Name: "alasan", Type: arrow.BinaryTypes.String},
	{Name: "tindakan", Type: arrow.BinaryTypes.String},
}, nil)

func newRejectLog(runID string, mem memory.Allocator, ins *inserter) *rejectLog {
	return &rejectLog{runID: runID, ins: ins, bld: array.NewRecordBuilder(mem, rejectsSchema)}
}

// add logs rejects; a full batch goes to the inserter.
func (l *rejectLog) add(pes ...*extract.ParseError) {
	for _, pe := range pes {
		l.bld.Field(0).(*array.StringBuilder).Append(l.runID)
		l.bld.Field(1).(*array.StringBuilder).Append(pe.File)
		l.bld.Field(2).(*array.Int64Builder).Append(pe.Record)
		if pe.Offset >= 0 {
			l.bld.Field(3).(*array.Int64Builder).Append(pe.Offset)
		} else {
			l.bld.Field(3).AppendNull()
		}
		if pe.Field != "" {
			l.bld.Field(4).(*array.StringBuilder).Append(pe.Field)
		} else {
			l.bld.Field(4).AppendNull()
		}
		// The raw value is NULL where the record or file is the problem
		// and nothing of it was kept.
		if pe.Raw != "" || pe.Field != "" {
			l.bld.Field(5).(*array.StringBuilder).Append(pe.Raw)
		} else {
			l.bld.Field(5).AppendNull()
		}
		l.bld.Field(6).(*array.StringBuilder).Append(pe.Err.Error())
		l.bld.Field(7).(*array.StringBuilder).Append(string(pe.Action))
		l.n++
		if l.pending++; l.pending >= rejectBatchRows {
			l.flush()
		}
	}
}

// flush hands the logged rejects to the inserter (without waiting); an
// insert that fails fails the file whose transaction waits for it.
func (l *rejectLog) flush() {
	if l.pending == 0 {
		return
	}
	l.pending = 0
	l.failed(l.ins.insert("rejects", l.bld.NewRecordBatch()))
}

// write logs rejects found outside a file's transaction and waits until
// they are in the table.
func (l *rejectLog) write(pes ...*extract.ParseError) {
	l.add(pes...)
	l.flush()
	l.failed(l.ins.wait())
}

func (l *rejectLog) failed(err error) {
	if err != nil && l.err == nil {
		l.err = err
	}
}

// rolledBack forgets the rejects logged since mark (their file was rolled
// back, and with it those already inserted; none are pending then).
func (l *rejectLog) rolledBack(mark int64) { l.n = mark }
