package extract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
)

// Reader streams the records of one input file, whatever its format.
type Reader interface {
	// Service is the recognised dataset.
	Service() *Service
	// Detection tells how the dataset was recognised.
	Detection() Detection
	// Next returns the next record, io.EOF at the end, a *ParseError with
	// Action RecordRejected for a record that cannot be loaded (reading
	// goes on), or another error that ends the file.
	Next() (*Row, error)
	// Records is the number of records read so far.
	Records() int64
}

// Format is what a file's first bytes say it is.
type Format string

// Formats recognised by Sniff.
const (
	FormatJSON    Format = "json"
	FormatHTML    Format = "html"
	FormatParquet Format = "parquet"
	FormatZIP     Format = "zip"
	FormatBIFF    Format = "biff"
	FormatText    Format = "text"
	FormatEmpty   Format = "empty"
)

// Sniff recognises a format from the first bytes of a file, never from
// its name.
func Sniff(head []byte) Format {
	t := bytes.TrimSpace(bytes.TrimPrefix(head, []byte("\xef\xbb\xbf")))
	low := strings.ToLower(string(t))
	switch {
	case len(t) == 0:
		return FormatEmpty
	case bytes.HasPrefix(head, []byte("PAR1")):
		return FormatParquet
	case bytes.HasPrefix(head, []byte("PK\x03\x04")):
		return FormatZIP
	case bytes.HasPrefix(head, []byte("\xd0\xcf\x11\xe0")):
		return FormatBIFF
	case t[0] == '[' || t[0] == '{' || strings.HasPrefix(low, "url-not-defined"):
		return FormatJSON
	case t[0] == '<' && (strings.Contains(low, "<table") || strings.Contains(low, "<html") || strings.Contains(low, "<center") ||
		strings.Contains(low, "<div") || strings.Contains(low, "<!doctype")):
		return FormatHTML
	}
	return FormatText
}

// ErrUnsupported marks a file whose format p3dn does not read.
var ErrUnsupported = errors.New("unsupported format")

// Open recognises a file by content and returns a reader for it. r must
// also be an io.ReaderAt and io.Seeker (an *os.File) for Parquet.
func Open(r io.Reader, name string) (Reader, error) {
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(4096)
	switch f := Sniff(head); f {
	case FormatJSON, FormatEmpty:
		d, err := NewDecoder(br, name)
		if d == nil {
			return nil, err
		}
		return d, err
	case FormatHTML:
		return NewRegistryHTML(br, name)
	case FormatParquet:
		ra, ok := r.(interface {
			io.ReaderAt
			io.Seeker
		})
		if !ok {
			return nil, fmt.Errorf("%s: Parquet needs a seekable file", name)
		}
		return NewParquet(ra, name)
	case FormatText:
		return NewRegistryCSV(br, name)
	default:
		return nil, fmt.Errorf("%s: %w: %s", name, ErrUnsupported, describe(f))
	}
}

func describe(f Format) string {
	switch f {
	case FormatZIP:
		return "a ZIP container (XLSX or similar); regional workbooks need a mapping profile"
	case FormatBIFF:
		return "a legacy Office (BIFF .xls) file; save it as XLSX or CSV"
	}
	return string(f)
}
