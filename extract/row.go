package extract

import (
	"fmt"
	"time"
)

// Value is one converted field. I holds ints, scaled decimals, days since
// 1970-01-01 for dates, microseconds for timestamps, and 0/1 for booleans;
// S holds text.
type Value struct {
	Valid bool
	I     int64
	S     string
}

// Row is one record of a service after conversion.
type Row struct {
	Service *Service
	File    string // source file as given in the inbox
	Record  int64  // 1-based position of the record in the file
	Vals    []Value
	Extra   string // JSON object of keys the service does not declare, or ""
	// Problems lists values that could not be converted; they are NULL in Vals.
	Problems []*ParseError
}

// Get returns the value of a named field (zero Value when absent).
func (r *Row) Get(name string) Value {
	if i := r.Service.Index(name); i >= 0 {
		return r.Vals[i]
	}
	return Value{}
}

// Str returns a text field, "" when NULL or absent.
func (r *Row) Str(name string) string { return r.Get(name).S }

// Date converts a date or timestamp value to a time.Time at midnight UTC.
func (v Value) Date() time.Time {
	return time.Unix(0, 0).UTC().AddDate(0, 0, int(v.I))
}

// DaysSinceEpoch converts a calendar date to the day number used for dates.
func DaysSinceEpoch(t time.Time) int64 {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC).Unix() / 86400
}

// Action says what happened to a record that had a problem.
type Action string

// What a problem did to its record.
const (
	ValueNulled    Action = "value_nulled"    // the field was loaded as NULL, the rest of the record kept
	RecordRejected Action = "record_rejected" // the whole record went to rejects
)

// ParseError records a value or record that could not be loaded, with its
// position, in the manner of encoding/csv's ParseError.
type ParseError struct {
	File   string
	Record int64  // 1-based record number; 0 for the file as a whole
	Offset int64  // byte offset in the file where known, else -1
	Field  string // "" when the problem is the record or file itself
	Raw    string // the raw value, cut to 500 bytes
	Action Action
	Err    error
}

func (e *ParseError) Error() string {
	pos := fmt.Sprintf("record %d", e.Record)
	if e.Record == 0 {
		pos = "file"
	}
	if e.Offset >= 0 {
		pos += fmt.Sprintf(" (byte %d)", e.Offset)
	}
	if e.Field != "" {
		return fmt.Sprintf("%s: %s, field %s: %v (raw %q)", e.File, pos, e.Field, e.Err, e.Raw)
	}
	return fmt.Sprintf("%s: %s: %v", e.File, pos, e.Err)
}

func (e *ParseError) Unwrap() error { return e.Err }

// cut limits raw values kept in rejects.
func cut(s string) string {
	if len(s) > 500 {
		return s[:500] + "…"
	}
	return s
}
