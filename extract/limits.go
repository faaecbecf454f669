package extract

import (
	"archive/zip"
	"fmt"
	"io"
	"strings"
)

// Limits bound what one input may make p3dn read or hold, so that memory
// stays bounded under hostile input. Each has a flag on `p3dn run`.
type Limits struct {
	MaxFileSize   int64 // bytes of one input file
	MaxRecordSize int64 // bytes of one JSON record
	MaxCellSize   int64 // bytes of one text value
	MaxUnzipSize  int64 // bytes an XLSX may decompress to
}

// DefaultLimits are generous for real dumps (the largest real ISB file is
// 3.5 MB; a national yearly service dump is a few GB).
var DefaultLimits = Limits{
	MaxFileSize:   8 << 30,
	MaxRecordSize: 16 << 20,
	MaxCellSize:   1 << 20,
	MaxUnzipSize:  512 << 20,
}

func (l Limits) orDefault() Limits {
	if l.MaxFileSize <= 0 {
		l.MaxFileSize = DefaultLimits.MaxFileSize
	}
	if l.MaxRecordSize <= 0 {
		l.MaxRecordSize = DefaultLimits.MaxRecordSize
	}
	if l.MaxCellSize <= 0 {
		l.MaxCellSize = DefaultLimits.MaxCellSize
	}
	if l.MaxUnzipSize <= 0 {
		l.MaxUnzipSize = DefaultLimits.MaxUnzipSize
	}
	return l
}

// inspectZip checks an XLSX before it is opened: its decompressed size
// against the limit (zip bombs), and whether it carries macros or external
// links, which are never run or followed (noted).
func inspectZip(r io.ReaderAt, size int64, name string, lim Limits) ([]*ParseError, error) {
	z, err := zip.NewReader(r, size)
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable ZIP/XLSX file: %w", name, err)
	}
	var total uint64
	var notes []*ParseError
	macros, links := false, false
	for _, f := range z.File {
		total += f.UncompressedSize64
		n := strings.ToLower(f.Name)
		macros = macros || strings.HasSuffix(n, "vbaproject.bin")
		links = links || strings.HasPrefix(n, "xl/externallinks/")
	}
	if total > uint64(lim.MaxUnzipSize) {
		return nil, fmt.Errorf("%s: decompresses to %d bytes, over --max-unzip-size %d (a zip bomb?)", name, total, lim.MaxUnzipSize)
	}
	if macros {
		notes = append(notes, &ParseError{File: name, Offset: -1, Action: "note", Err: fmt.Errorf("workbook contains macros (vbaProject.bin): never run, data read only")})
	}
	if links {
		notes = append(notes, &ParseError{File: name, Offset: -1, Action: "note", Err: fmt.Errorf("workbook has external links: never followed, cached values not used")})
	}
	return notes, nil
}

// keyScan finds a repeated key at the top level of a JSON object (the
// decoder would silently keep the last value). It returns "" when none.
func keyScan(raw []byte) string {
	depth := 0
	seen := map[string]bool{}
	for i := 0; i < len(raw); i++ {
		switch raw[i] {
		case '{', '[':
			depth++
		case '}', ']':
			depth--
		case '"':
			j := i + 1
			for j < len(raw) && raw[j] != '"' {
				if raw[j] == '\\' {
					j++
				}
				j++
			}
			if depth == 1 {
				k := j + 1
				for k < len(raw) && (raw[k] == ' ' || raw[k] == '\n' || raw[k] == '\t' || raw[k] == '\r') {
					k++
				}
				if k < len(raw) && raw[k] == ':' && j <= len(raw) {
					key := string(raw[i+1 : min(j, len(raw))])
					if seen[key] {
						return key
					}
					seen[key] = true
				}
			}
			i = j
		}
	}
	return ""
}
