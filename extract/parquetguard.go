package extract

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"

	"github.com/parquet-go/parquet-go/encoding/thrift"
	"github.com/parquet-go/parquet-go/format"
)

// parquet-go trusts the lengths a file states: it allocates a footer, a
// Thrift list, a page or a decompressed page of the size written in the file
// before comparing it with what is there. One damaged byte can then ask for
// gigabytes, and Go cannot recover from running out of memory. The checks here
// read those lengths first and give a damaged file an error instead.

// Limits no Parquet writer we know of comes near (pyarrow and DuckDB write
// pages of about 1 MiB and footers of kilobytes to a few MiB); a value past
// them is damage.
const (
	maxParquetFooter     = 256 << 20
	maxParquetPageBytes  = 256 << 20
	maxParquetPageValues = 1 << 24
	// maxParquetPageHeader bounds one page header (statistics included).
	maxParquetPageHeader = 16 << 20
	thriftMaxDepth       = 64
)

// errThriftShort is a Thrift value running past the bytes given.
var errThriftShort = errors.New("thrift value runs past its bytes")

// checkParquetTrailer reads the file's last eight bytes (footer length and
// magic), checks the footer fits in the file and walks its Thrift, so that
// parquet.OpenFile allocates nothing the file does not hold.
func checkParquetTrailer(ra randomAccess, size int64) error {
	const magic = "PAR1"
	if size < 12 {
		return fmt.Errorf("%d bytes, too short for a Parquet file (12 at least)", size)
	}
	var b [8]byte
	if _, err := ra.ReadAt(b[:], size-8); err != nil {
		return fmt.Errorf("reading the trailer: %w", err)
	}
	switch string(b[4:]) {
	case magic:
	case "PARE":
		return fmt.Errorf("encrypted Parquet (magic PARE) is not supported: export it unencrypted")
	default:
		return fmt.Errorf("ends in %q, not the Parquet magic %q", b[4:], magic)
	}
	n := int64(binary.LittleEndian.Uint32(b[:4]))
	if n > size-12 || n > maxParquetFooter {
		return fmt.Errorf("footer claims %d bytes but the file has %d", n, size)
	}
	footer := make([]byte, n)
	if _, err := ra.ReadAt(footer, size-8-n); err != nil {
		return fmt.Errorf("reading the footer: %w", err)
	}
	w := thriftWalker{b: footer}
	if err := w.structure(0); err != nil {
		return fmt.Errorf("damaged footer at byte %d of %d: %w", w.pos, n, err)
	}
	return nil
}

// checkParquetPages walks every column chunk's page headers and checks that
// each chunk lies inside the file and each page inside its chunk, with sizes
// and value counts under the limits above.
func checkParquetPages(ra io.ReaderAt, size int64, md *format.FileMetaData) error {
	for i := range md.RowGroups {
		for j := range md.RowGroups[i].Columns {
			if err := checkParquetChunk(ra, size, &md.RowGroups[i].Columns[j].MetaData); err != nil {
				return fmt.Errorf("row group %d, column %d: %w", i, j, err)
			}
		}
	}
	return nil
}

func checkParquetChunk(ra io.ReaderAt, size int64, m *format.ColumnMetaData) error {
	start := m.DataPageOffset
	if m.DictionaryPageOffset > 0 && m.DictionaryPageOffset < start {
		start = m.DictionaryPageOffset
	}
	end := start + m.TotalCompressedSize
	if start < 4 || m.TotalCompressedSize < 0 || end < start || end > size-8 {
		return fmt.Errorf("chunk at bytes %d to %d lies outside the file's %d", start, end, size)
	}
	// The walk below stops once the chunk's values are counted: a negative
	// count would let its pages through unread (the fuzzer found one whose
	// page then claimed 1.5 GB).
	if m.NumValues < 0 {
		return fmt.Errorf("chunk at byte %d claims %d values", start, m.NumValues)
	}
	var values int64
	for off := start; off < end && values < m.NumValues; {
		h, n, err := readPageHeader(ra, off, end-off)
		if err != nil {
			return fmt.Errorf("page header at byte %d: %w", off, err)
		}
		switch body := int64(h.CompressedPageSize); {
		case body < 0 || body > end-off-n:
			return fmt.Errorf("page at byte %d claims %d bytes, its chunk has %d left", off, body, end-off-n)
		case h.UncompressedPageSize < 0 || h.UncompressedPageSize > maxParquetPageBytes:
			return fmt.Errorf("page at byte %d claims %d bytes uncompressed", off, h.UncompressedPageSize)
		case m.Codec == format.Uncompressed && int64(h.UncompressedPageSize) != body:
			return fmt.Errorf("uncompressed page at byte %d claims %d bytes but holds %d", off, h.UncompressedPageSize, body)
		}
		nv := pageValues(h)
		if nv < 0 || nv > maxParquetPageValues {
			return fmt.Errorf("page at byte %d claims %d values", off, nv)
		}
		if h.Type != format.DictionaryPage {
			values += nv
		}
		off += n + int64(h.CompressedPageSize)
	}
	return nil
}

// pageValues is the number of values a page header states.
func pageValues(h *format.PageHeader) int64 {
	switch {
	case h.DataPageHeader.Valid:
		return int64(h.DataPageHeader.V.NumValues)
	case h.DataPageHeaderV2.Valid:
		return int64(h.DataPageHeaderV2.V.NumValues)
	case h.DictionaryPageHeader.Valid:
		return int64(h.DictionaryPageHeader.V.NumValues)
	}
	return 0
}

// readPageHeader decodes the page header at off, reading at most left bytes:
// a window that grows until the header fits, walked before it is decoded.
func readPageHeader(ra io.ReaderAt, off, left int64) (*format.PageHeader, int64, error) {
	window := min(left, 4<<10)
	for {
		buf := make([]byte, window)
		if _, err := ra.ReadAt(buf, off); err != nil && !errors.Is(err, io.EOF) {
			return nil, 0, err
		}
		w := thriftWalker{b: buf}
		err := w.structure(0)
		if errors.Is(err, errThriftShort) && window < min(left, maxParquetPageHeader) {
			window = min(window*8, left, maxParquetPageHeader)
			continue
		}
		if err != nil {
			return nil, 0, err
		}
		h := new(format.PageHeader)
		if err := thrift.Unmarshal(new(thrift.CompactProtocol), buf[:w.pos], h); err != nil {
			return nil, 0, err
		}
		return h, int64(w.pos), nil
	}
}

// thriftWalker steps over one compact-protocol Thrift struct without building
// it, checking that every length and element count fits in the bytes left
// (every element takes at least one byte) and that nesting stays shallow.
type thriftWalker struct {
	b   []byte
	pos int
}

func (w *thriftWalker) left() uint64 { return uint64(len(w.b) - w.pos) }

func (w *thriftWalker) skip(n uint64) error {
	if n > w.left() {
		return errThriftShort
	}
	w.pos += int(n)
	return nil
}

func (w *thriftWalker) byte1() (byte, error) {
	if w.pos >= len(w.b) {
		return 0, errThriftShort
	}
	w.pos++
	return w.b[w.pos-1], nil
}

func (w *thriftWalker) uvarint() (uint64, error) {
	v, n := binary.Uvarint(w.b[w.pos:])
	switch {
	case n == 0:
		return 0, errThriftShort
	case n < 0:
		return 0, errors.New("varint overflows 64 bits")
	}
	w.pos += n
	return v, nil
}

// structure steps over fields up to the stop byte.
func (w *thriftWalker) structure(depth int) error {
	if depth > thriftMaxDepth {
		return fmt.Errorf("structs nested over %d deep", thriftMaxDepth)
	}
	for {
		h, err := w.byte1()
		if err != nil {
			return err
		}
		if h == 0 {
			return nil
		}
		if h>>4 == 0 { // long form: the field id follows as a varint
			if _, err := w.uvarint(); err != nil {
				return err
			}
		}
		if err := w.value(h&0x0f, depth, true); err != nil {
			return err
		}
	}
}

// value steps over one value of compact type t; a boolean field keeps its
// value in the field header, a boolean list element takes a byte.
func (w *thriftWalker) value(t byte, depth int, field bool) error {
	switch t {
	case 1, 2:
		if !field {
			return w.skip(1)
		}
		return nil
	case 3:
		return w.skip(1)
	case 4, 5, 6:
		_, err := w.uvarint()
		return err
	case 7:
		return w.skip(8)
	case 8:
		n, err := w.uvarint()
		if err != nil {
			return err
		}
		return w.skip(n)
	case 9, 10:
		h, err := w.byte1()
		if err != nil {
			return err
		}
		n := uint64(h >> 4)
		if n == 15 {
			if n, err = w.uvarint(); err != nil {
				return err
			}
		}
		if n > w.left() {
			return errThriftShort
		}
		for range n {
			if err := w.value(h&0x0f, depth+1, false); err != nil {
				return err
			}
		}
		return nil
	case 11:
		n, err := w.uvarint()
		if err != nil || n == 0 {
			return err
		}
		kv, err := w.byte1()
		if err != nil {
			return err
		}
		if n > w.left()/2 {
			return errThriftShort
		}
		for range n {
			if err := w.value(kv>>4, depth+1, false); err != nil {
				return err
			}
			if err := w.value(kv&0x0f, depth+1, false); err != nil {
				return err
			}
		}
		return nil
	case 12:
		return w.structure(depth + 1)
	case 13:
		return w.skip(16)
	}
	return fmt.Errorf("unknown thrift type %d", t)
}
