package extract

import (
	"bytes"
	"hash/maphash"
	"io"
	"runtime"
)

// The read-ahead of a Decoder: one goroutine cuts the records after the
// first out of the stream, numbers them and drops exact duplicates (all in
// file order); workers parse chunks of them in parallel; Next hands the
// results out in file order. Parsing is most of extraction's CPU, and the
// warehouse inserts run on another core meanwhile.

// chunkRecords is how many records a worker parses at a time; at most
// aheadChunks chunks are in flight, so memory stays bounded.
const (
	chunkRecords = 256
	aheadChunks  = 4
)

type ahead struct {
	chunks chan *chunk // in file order, to Next
	stop   chan struct{}
	cur    *chunk
	i      int
}

type chunk struct {
	items []aheadItem
	done  chan struct{} // closed when the workers have parsed every item
}

type aheadItem struct {
	raw    []byte // to parse; nil when err is already known
	record int64
	off    int64
	row    *Row
	err    error
	ends   bool // err ends the file
}

// nextAhead returns the next record after the first, starting the
// read-ahead on its first call.
func (d *Decoder) nextAhead() (*Row, error) {
	a := d.ahead
	if a == nil {
		a = &ahead{chunks: make(chan *chunk, aheadChunks), stop: make(chan struct{})}
		work := make(chan *chunk, aheadChunks)
		d.ahead = a
		go d.produce(a, work, d.record)
		for range min(runtime.GOMAXPROCS(0), 2) {
			go func() {
				for c := range work {
					for i := range c.items {
						it := &c.items[i]
						if it.raw != nil {
							it.row, it.ends, it.err = d.parse(it.raw, it.record, it.off)
							it.raw = nil
						}
					}
					close(c.done)
				}
			}()
		}
	}
	for a.cur == nil || a.i == len(a.cur.items) {
		c, ok := <-a.chunks
		if !ok {
			d.finished = true
			return nil, io.EOF
		}
		<-c.done
		a.cur, a.i = c, 0
	}
	it := a.cur.items[a.i]
	a.cur.items[a.i] = aheadItem{} // let the row go once handed out
	a.i++
	d.record = it.record
	if it.ends {
		d.record--
		d.finished = true
		d.Close()
	}
	return it.row, it.err
}

// produce cuts the records out of the stream into chunks, each sent to the
// workers and, in order, to Next. It ends at the end of the array, at a
// syntax error or when the decoder is closed. record is the number of
// records before the first it cuts.
func (d *Decoder) produce(a *ahead, work chan<- *chunk, record int64) {
	defer close(a.chunks)
	defer close(work)
	for end := false; !end; {
		c := &chunk{done: make(chan struct{})}
		for len(c.items) < chunkRecords && !end {
			m, off, size, err := d.split.next(d.lim.MaxRecordSize)
			switch {
			case err == io.EOF:
				end = true
				continue
			case err != nil:
				c.items = append(c.items, aheadItem{record: record + 1, err: d.malformedAt(record+1, off, err), ends: true})
				end = true
				continue
			}
			record++
			it := aheadItem{record: record, off: off}
			if m == nil { // over the limit: skipped, not kept
				it.err = d.tooLong(record, size, off, "")
			} else if h := maphash.Bytes(d.seed, m); d.seen[h] != 0 {
				it.err = d.duplicate(record, d.seen[h], m)
			} else {
				d.seen[h] = record
				it.raw = bytes.Clone(m) // m is the splitter's buffer
			}
			c.items = append(c.items, it)
		}
		if len(c.items) == 0 {
			return
		}
		select {
		case work <- c:
		case <-a.stop:
			return
		}
		select {
		case a.chunks <- c:
		case <-a.stop:
			return
		}
	}
}

// Close stops the read-ahead of a decoder left before its end (a file
// that failed, or changed while it was read). It is safe to call more
// than once.
func (d *Decoder) Close() error {
	if a := d.ahead; a != nil {
		select {
		case <-a.stop:
		default:
			close(a.stop)
		}
	}
	return nil
}
