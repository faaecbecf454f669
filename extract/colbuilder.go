package extract

import (
	"encoding/binary"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	"github.com/apache/arrow-go/v18/arrow/bitutil"
	"github.com/apache/arrow-go/v18/arrow/memory"
)

// colBuilder builds one Arrow column of a field kind by writing its values
// straight into the column's buffers, which it takes from the allocator
// and hands to the array it finishes. Arrow's own builders check and grow
// each buffer on every value, behind an interface, and zero the room they
// reserve although the allocator gave it zeroed: Batcher.Append took 3.7
// of a 1M-row run's 39.5 CPU-seconds that way (0.8 of them zeroing), 2.5
// this way (docs/performance.md).
type colBuilder struct {
	typ   arrow.DataType
	mem   memory.Allocator
	width int  // bytes a value takes in values (bools: 0, a bit each)
	str   bool // values holds int32 offsets into data

	valid, values, data []byte
	rows                int // the rows valid and values have room for
	n, nulls            int
	dlen                int // bytes of data used
}

func newColBuilder(typ arrow.DataType, mem memory.Allocator) *colBuilder {
	c := &colBuilder{typ: typ, mem: mem}
	switch typ.ID() {
	case arrow.INT64, arrow.TIMESTAMP:
		c.width = 8
	case arrow.DATE32:
		c.width = 4
	case arrow.DECIMAL128:
		c.width = 16
	case arrow.BOOL:
	case arrow.STRING:
		c.width, c.str = 4, true
	default:
		panic("extract: no column builder for " + typ.String())
	}
	return c
}

// valuesSize is the size of the values buffer for rows rows.
func (c *colBuilder) valuesSize(rows int) int {
	switch {
	case c.str:
		return 4 * (rows + 1)
	case c.width == 0:
		return (rows + 7) / 8
	}
	return c.width * rows
}

// reserve gives the empty builder room for rows rows and, for strings,
// data bytes.
func (c *colBuilder) reserve(rows, data int) {
	rows = max(rows, 1)
	c.valid = c.mem.Allocate((rows + 7) / 8)
	c.values = c.mem.Allocate(c.valuesSize(rows))
	c.rows = rows
	if c.str {
		c.data = c.mem.Allocate(max(data, 64))
		binary.LittleEndian.PutUint32(c.values, 0)
	}
}

// grow doubles the room for rows.
func (c *colBuilder) grow() {
	if c.rows == 0 {
		c.reserve(1024, 16*1024)
		return
	}
	rows := 2 * c.rows
	c.valid = c.mem.Reallocate((rows+7)/8, c.valid)
	c.values = c.mem.Reallocate(c.valuesSize(rows), c.values)
	c.rows = rows
}

// next makes room for one more value and marks it valid or null.
func (c *colBuilder) next(valid bool) {
	if c.n == c.rows {
		c.grow()
	}
	bitutil.SetBitTo(c.valid, c.n, valid)
	if !valid {
		c.nulls++
	}
}

// appendNull appends a null; its value slot holds zero (an empty string).
func (c *colBuilder) appendNull() {
	c.next(false)
	switch {
	case c.str:
		binary.LittleEndian.PutUint32(c.values[4*(c.n+1):], uint32(c.dlen))
	case c.width == 0:
		bitutil.ClearBit(c.values, c.n)
	default:
		clear(c.values[c.width*c.n : c.width*(c.n+1)])
	}
	c.n++
}

// appendInt appends an integer column's value: int64, timestamp (µs),
// date32 (days), decimal128 (the unscaled value) or bool (non-zero).
func (c *colBuilder) appendInt(v int64) {
	c.next(true)
	switch c.width {
	case 8:
		binary.LittleEndian.PutUint64(c.values[8*c.n:], uint64(v))
	case 4:
		binary.LittleEndian.PutUint32(c.values[4*c.n:], uint32(int32(v)))
	case 16:
		binary.LittleEndian.PutUint64(c.values[16*c.n:], uint64(v))
		binary.LittleEndian.PutUint64(c.values[16*c.n+8:], uint64(v>>63))
	default:
		bitutil.SetBitTo(c.values, c.n, v != 0)
	}
	c.n++
}

// appendStr appends a string column's value.
func (c *colBuilder) appendStr(s string) {
	c.next(true)
	if need := c.dlen + len(s); need > len(c.data) {
		c.data = c.mem.Reallocate(max(need, 2*len(c.data)), c.data)
	}
	c.dlen += copy(c.data[c.dlen:], s)
	binary.LittleEndian.PutUint32(c.values[4*(c.n+1):], uint32(c.dlen))
	c.n++
}

// finish returns the column built so far (at least one value), which
// takes over the buffers, and leaves the builder empty, without room.
func (c *colBuilder) finish() arrow.Array {
	bufs := []*memory.Buffer{nil, memory.NewBufferWithAllocator(c.values, c.mem)}
	if c.nulls > 0 {
		bufs[0] = memory.NewBufferWithAllocator(c.valid, c.mem)
	} else {
		c.mem.Free(c.valid)
	}
	if c.str {
		bufs = append(bufs, memory.NewBufferWithAllocator(c.data, c.mem))
	}
	data := array.NewData(c.typ, c.n, bufs, nil, c.nulls, 0)
	for _, b := range bufs {
		if b != nil {
			b.Release()
		}
	}
	arr := array.MakeFromData(data)
	data.Release()
	c.empty()
	return arr
}

// release frees the buffers of an unfinished column.
func (c *colBuilder) release() {
	if c.rows == 0 {
		return
	}
	c.mem.Free(c.valid)
	c.mem.Free(c.values)
	if c.str {
		c.mem.Free(c.data)
	}
	c.empty()
}

// empty forgets the buffers (handed over or freed) and the values.
func (c *colBuilder) empty() {
	*c = colBuilder{typ: c.typ, mem: c.mem, width: c.width, str: c.str}
}
