package extract

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// grid is one sheet of cells: raw values (numbers as stored), formatted
// values where they differ (percentages), and which columns are hidden.
type grid struct {
	sheet   string
	raw     [][]string
	shown   [][]string // the cells shown as percentages, as shown (XLSX only: percentCells)
	hidden  map[int]bool
	numeric func(row, col int) bool // the cell holds a number (nil: text source)
	headers map[string]headerText   // header candidates already normalised
}

// headerText is a cell's text as header matching compares it. It is worked
// out once per grid: matching asks for each profile and header span, and
// the normalisation (regular expressions) took a third of the time of a
// run over 94 small SIPD exports.
type headerText struct{ name, unit, norm string }

func (g *grid) headerText(s string) headerText {
	if h, ok := g.headers[s]; ok {
		return h
	}
	if g.headers == nil {
		g.headers = map[string]headerText{}
	}
	h := headerText{name: NormText(s), unit: unitOf(s), norm: normHeader(s)}
	g.headers[s] = h
	return h
}

func (g *grid) cell(r, c int) string {
	if r < len(g.raw) && c < len(g.raw[r]) {
		return g.raw[r][c]
	}
	return ""
}

func (g *grid) shownCell(r, c int) string {
	if g.shown != nil && r < len(g.shown) && c < len(g.shown[r]) {
		return g.shown[r][c]
	}
	return g.cell(r, c)
}

// Limits on spreadsheets, against zip bombs and runaway sheets.
var (
	MaxSheetRows  = 2_000_000
	MaxSheetCols  = 512
	MaxSheetCells = 20_000_000
)

// xlsxGrids reads every sheet of a workbook. Merged cells are filled over
// their whole range, so that a merged header names every column under it.
func xlsxGrids(r io.ReaderAt, size int64, name string, lim Limits) ([]*grid, error) {
	f, err := excelize.OpenReader(io.NewSectionReader(r, 0, size), excelize.Options{UnzipSizeLimit: lim.MaxUnzipSize, UnzipXMLSizeLimit: min(lim.MaxUnzipSize, 64<<20)})
	if err != nil {
		return nil, fmt.Errorf("%s: not a readable XLSX workbook: %w", name, err)
	}
	defer f.Close()
	var out []*grid
	cells := 0
	for _, sh := range f.GetSheetList() {
		raw, err := f.GetRows(sh, excelize.Options{RawCellValue: true})
		if err != nil {
			return nil, fmt.Errorf("%s: sheet %q: %w", name, sh, err)
		}
		if len(raw) > MaxSheetRows {
			return nil, fmt.Errorf("%s: sheet %q has %d rows, over the limit of %d", name, sh, len(raw), MaxSheetRows)
		}
		for _, row := range raw {
			if len(row) > MaxSheetCols {
				return nil, fmt.Errorf("%s: sheet %q has %d columns, over the limit of %d", name, sh, len(row), MaxSheetCols)
			}
			cells += len(row)
		}
		if cells > MaxSheetCells {
			return nil, fmt.Errorf("%s: over %d cells", name, MaxSheetCells)
		}
		g := &grid{sheet: sh, raw: raw, hidden: map[int]bool{}}
		merged, _ := f.GetMergeCells(sh) // loads the sheet for the lookups below
		g.shown = percentCells(f, sh, raw)
		for _, m := range merged {
			c1, r1, e1 := excelize.CellNameToCoordinates(m.GetStartAxis())
			c2, r2, e2 := excelize.CellNameToCoordinates(m.GetEndAxis())
			if e1 != nil || e2 != nil || (r2-r1+1)*(c2-c1+1) > 10000 {
				continue
			}
			v := m.GetCellValue()
			for rr := r1; rr <= r2; rr++ {
				for cc := c1; cc <= c2; cc++ {
					setCell(g, rr-1, cc-1, v)
				}
			}
		}
		width := 0
		for _, row := range raw {
			width = max(width, len(row))
		}
		for c := 0; c < width; c++ {
			col, _ := excelize.ColumnNumberToName(c + 1)
			if vis, err := f.GetColVisible(sh, col); err == nil && !vis {
				g.hidden[c] = true
			}
		}
		sheet := sh
		g.numeric = func(row, col int) bool {
			axis, _ := excelize.CoordinatesToCellName(col+1, row+1)
			t, err := f.GetCellType(sheet, axis)
			return err == nil && (t == excelize.CellTypeNumber || t == excelize.CellTypeUnset)
		}
		// GetCellType needs the file open: resolve lazily now for the
		// ambiguous cells only, caching the answer.
		g.numeric = cachedNumeric(g, g.numeric)
		out = append(out, g)
	}
	return out, nil
}

// percentCells returns the cells of a sheet shown as percentages, as
// shown (0.4352 as 43.52%), in a grid that is empty elsewhere: the one
// formatted value the readers use (nil when the sheet has none). Only
// numbers are formatted, and only a percent format (built in, 9 and 10, or
// a custom one with %) shows one as a percentage: formatting every cell of
// the sheet, as excelize's GetRows does, took a quarter of the time of
// reading the bundled sample's workbooks.
func percentCells(f *excelize.File, sheet string, raw [][]string) [][]string {
	percent := map[int]bool{} // by style
	var shown [][]string
	for r, row := range raw {
		for c, v := range row {
			if _, err := strconv.ParseFloat(v, 64); err != nil {
				continue
			}
			axis, _ := excelize.CoordinatesToCellName(c+1, r+1)
			id, err := f.GetCellStyle(sheet, axis)
			if err != nil || id == 0 {
				continue
			}
			is, ok := percent[id]
			if !ok {
				st, err := f.GetStyle(id)
				is = err == nil && (st.NumFmt == 9 || st.NumFmt == 10 || st.CustomNumFmt != nil && strings.Contains(*st.CustomNumFmt, "%"))
				percent[id] = is
			}
			if !is {
				continue
			}
			if s, err := f.GetCellValue(sheet, axis); err == nil {
				fill(&shown, r, c, s)
			}
		}
	}
	return shown
}

// cachedNumeric answers "is this cell a number" for the ambiguous cells of
// a grid (a single dot followed by three digits: 1.234) while the workbook
// is open, and remembers the answers.
func cachedNumeric(g *grid, ask func(r, c int) bool) func(r, c int) bool {
	answers := map[[2]int]bool{}
	for r, row := range g.raw {
		for c, v := range row {
			if ambiguousNumber(v) {
				answers[[2]int{r, c}] = ask(r, c)
			}
		}
	}
	return func(r, c int) bool { return answers[[2]int{r, c}] }
}

func ambiguousNumber(s string) bool {
	i := strings.IndexByte(s, '.')
	return i > 0 && strings.Count(s, ".") == 1 && len(s)-i-1 == 3 && !strings.ContainsAny(s, ",%")
}

// setCell fills an empty cell (raw and, for XLSX, as shown) with the value
// of the merged range it belongs to.
func setCell(g *grid, r, c int, v string) {
	fill(&g.raw, r, c, v)
	if g.shown != nil {
		fill(&g.shown, r, c, v)
	}
}

func fill(rows *[][]string, r, c int, v string) {
	for len(*rows) <= r {
		*rows = append(*rows, nil)
	}
	row := (*rows)[r]
	for len(row) <= c {
		row = append(row, "")
	}
	if row[c] == "" {
		row[c] = v
	}
	(*rows)[r] = row
}

// csvGrid reads a CSV (UTF-8, UTF-8 with BOM or Windows-1252; comma,
// semicolon or tab) into one grid. Quotes are read strictly: a quoted field
// left open would swallow the rest of the file into one cell, so it is an
// error with its line; a stray quote inside an unquoted field (14" monitor)
// is kept as text.
func csvGrid(r io.Reader, name string) (*grid, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	delim := sniffDelimiter(data[:min(len(data), 8192)])
	g, err := parseCSV(data, delim, false, name)
	var pe *csv.ParseError
	if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrBareQuote) {
		g, err = parseCSV(data, delim, true, name)
	}
	return g, err
}

func parseCSV(data []byte, delim rune, lazy bool, name string) (*grid, error) {
	cr := csv.NewReader(bytes.NewReader(data))
	cr.Comma, cr.FieldsPerRecord, cr.LazyQuotes = delim, -1, lazy
	g := &grid{sheet: "", hidden: map[int]bool{}}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) && !(lazy == false && errors.Is(pe.Err, csv.ErrBareQuote)) {
				return nil, &ParseError{File: name, Record: int64(pe.StartLine), Offset: -1, Action: "file_unreadable",
					Err: fmt.Errorf("malformed CSV at line %d (record starting line %d): %v", pe.Line, pe.StartLine, pe.Err)}
			}
			return nil, err
		}
		if len(rec) > MaxSheetCols {
			return nil, fmt.Errorf("%s: line %d has %d fields, over the limit of %d", name, len(g.raw)+1, len(rec), MaxSheetCols)
		}
		for i, c := range rec {
			if !utf8.ValidString(c) {
				if s, err := charmap.Windows1252.NewDecoder().String(c); err == nil {
					rec[i] = s
				}
			}
		}
		g.raw = append(g.raw, rec)
		if len(g.raw) > MaxSheetRows {
			return nil, fmt.Errorf("%s: over %d lines", name, MaxSheetRows)
		}
	}
	return g, nil
}

// sniffDelimiter picks the delimiter that appears most in the first lines.
func sniffDelimiter(head []byte) rune {
	delim, best := ',', 0
	for _, d := range []rune{',', ';', '\t'} {
		if n := bytes.Count(head, []byte(string(d))); n > best {
			delim, best = d, n
		}
	}
	return delim
}
