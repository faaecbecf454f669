package extract

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/p3dn/p3dn/data"
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
	FormatBinary  Format = "binary"
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
	case bytes.HasPrefix(head, []byte("\x89PNG")), bytes.HasPrefix(head, []byte("%PDF")), bytes.HasPrefix(head, []byte("\x1f\x8b")),
		bytes.IndexByte(head, 0) >= 0 && !(t[0] == '[' || t[0] == '{'):
		return FormatBinary
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

// Opener opens input files, with the mapping profiles that spreadsheets
// are read through.
type Opener struct {
	Profiles []*Profile
	Limits   Limits // zero fields: DefaultLimits
}

var builtin struct {
	once     sync.Once
	profiles []*Profile
	err      error
}

// BuiltinProfiles are the profiles shipped in data/profiles.
func BuiltinProfiles() ([]*Profile, error) {
	builtin.once.Do(func() { builtin.profiles, builtin.err = LoadProfiles(data.Profiles, "profiles", "") })
	return builtin.profiles, builtin.err
}

// Open recognises a file by content with the built-in profiles.
func Open(r io.Reader, name string) (Reader, error) {
	ps, err := BuiltinProfiles()
	if err != nil {
		return nil, err
	}
	return Opener{Profiles: ps}.Open(r, name)
}

// Open recognises a file by content and returns a reader for it. r must
// also be an io.ReaderAt and io.Seeker (an *os.File) for Parquet and XLSX.
func (o Opener) Open(r io.Reader, name string) (Reader, error) {
	lim := o.Limits.orDefault()
	br := bufio.NewReaderSize(r, 1<<16)
	head, _ := br.Peek(4096)
	switch f := Sniff(head); f {
	case FormatJSON, FormatEmpty:
		d, err := NewDecoder(br, name)
		if d == nil {
			return nil, err
		}
		d.lim = lim
		return d, err
	case FormatHTML:
		return NewRegistryHTML(br, name)
	case FormatParquet:
		ra, _, err := seekable(r, name)
		if err != nil {
			return nil, err
		}
		return NewParquet(ra, name)
	case FormatZIP:
		ra, size, err := seekable(r, name)
		if err != nil {
			return nil, err
		}
		notes, err := inspectZip(ra, size, name, lim)
		if err != nil {
			return nil, err
		}
		grids, err := xlsxGrids(ra, size, name, lim)
		if err != nil {
			return nil, err
		}
		rd, err := newRegional(grids, o.Profiles, name)
		if rr, ok := rd.(*regionalReader); ok {
			rr.notes = append(notes, rr.notes...)
		}
		return rd, err
	case FormatText:
		g, err := csvGrid(br, name)
		if err != nil {
			return nil, err
		}
		if reg, ok, err := registryFromGrid(g, name); ok || err != nil {
			return reg, err
		}
		return newRegional([]*grid{g}, o.Profiles, name)
	default:
		return nil, fmt.Errorf("%s: %w: %s", name, ErrUnsupported, describe(f))
	}
}

// randomAccess is what Parquet and XLSX need: an *os.File, say.
type randomAccess interface {
	io.ReaderAt
	io.Seeker
}

// seekable gives random access to r and its size, or says why not.
func seekable(r io.Reader, name string) (randomAccess, int64, error) {
	ra, ok := r.(randomAccess)
	if !ok {
		return nil, 0, fmt.Errorf("%s: Parquet and XLSX need a seekable file", name)
	}
	size, err := ra.Seek(0, io.SeekEnd)
	return ra, size, err
}

func describe(f Format) string {
	switch f {
	case FormatBIFF:
		return "a legacy Office (BIFF .xls) file; save it as XLSX or CSV"
	case FormatBinary:
		return "binary data (an image, a PDF, a compressed file?), not a dump"
	}
	return string(f)
}
