package report

import (
	"fmt"
	"strconv"
	"time"

	"github.com/xuri/excelize/v2"
)

type xlsxWriter struct {
	f      *excelize.File
	sw     *excelize.StreamWriter
	name   string
	sheet  Sheet
	next   int // next row number
	styles map[Kind]int
	header int
	title  int
	charts []pendingChart
	first  bool
	err    error
}

type pendingChart struct {
	sheet string
	spec  *chartSpec
	cols  []Column
	rows  int
}

func newXLSX(opt Options) *xlsxWriter {
	f := excelize.NewFile()
	w := &xlsxWriter{f: f, styles: map[Kind]int{}, first: true}
	rupiah := `"Rp "#,##0`
	date := "dd mmm yyyy"
	mk := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil && w.err == nil {
			w.err = err
		}
		return id
	}
	w.styles[Rupiah] = mk(&excelize.Style{CustomNumFmt: &rupiah})
	w.styles[Percent] = mk(&excelize.Style{NumFmt: 10}) // 0.00%
	w.styles[Number] = mk(&excelize.Style{NumFmt: 3})   // #,##0
	w.styles[Date] = mk(&excelize.Style{CustomNumFmt: &date})
	w.styles[Text] = mk(&excelize.Style{Alignment: &excelize.Alignment{Vertical: "top"}})
	w.header = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Color: "FFFFFF"},
		Fill:      excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"1F4E79"}},
		Alignment: &excelize.Alignment{WrapText: true, Vertical: "center"}})
	w.title = mk(&excelize.Style{Font: &excelize.Font{Bold: true, Size: 13}})
	f.SetDocProps(&excelize.DocProperties{Title: "Laporan Capaian P3DN", Creator: "p3dn " + opt.Version,
		Created: opt.Now.UTC().Format(time.RFC3339), Modified: opt.Now.UTC().Format(time.RFC3339)})
	return w
}

// sheetName keeps names within Excel's 31 characters; parts past the row
// limit are numbered.
func sheetName(name string, part int) string {
	if part > 1 {
		suffix := fmt.Sprintf(" (%d)", part)
		if len(name)+len(suffix) > 31 {
			name = name[:31-len(suffix)]
		}
		return name + suffix
	}
	if len(name) > 31 {
		return name[:31]
	}
	return name
}

func (w *xlsxWriter) begin(sh Sheet, part int) error {
	if w.err != nil {
		return w.err
	}
	w.name, w.sheet, w.next = sheetName(sh.Name, part), sh, 3
	if w.first {
		if err := w.f.SetSheetName("Sheet1", w.name); err != nil {
			return err
		}
		w.first = false
	} else if _, err := w.f.NewSheet(w.name); err != nil {
		return err
	}
	// Print: landscape, A4, one page wide (set before the stream writer
	// takes the sheet over).
	landscape, a4, one, zero, fit := "landscape", 9, 1, 0, true
	if err := w.f.SetPageLayout(w.name, &excelize.PageLayoutOptions{Orientation: &landscape, Size: &a4, FitToWidth: &one, FitToHeight: &zero}); err != nil {
		return err
	}
	if err := w.f.SetSheetProps(w.name, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return err
	}
	title := sh.Title
	if part > 1 {
		title += fmt.Sprintf(" (lanjutan %d)", part)
	}
	if sh.Chart != nil {
		// Small sheets with a chart are written cell by cell: a chart needs
		// the sheet's drawing reference, which the stream writer has
		// already written out.
		w.sw = nil
		return w.direct(sh, title)
	}
	sw, err := w.f.NewStreamWriter(w.name)
	if err != nil {
		return err
	}
	w.sw = sw
	for i, c := range sh.Columns {
		if err := sw.SetColWidth(i+1, i+1, c.Width); err != nil {
			return err
		}
	}
	if err := sw.SetPanes(&excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	if err := sw.SetRow("A1", []any{excelize.Cell{StyleID: w.title, Value: Neutralise(title)}}); err != nil {
		return err
	}
	head := make([]any, len(sh.Columns))
	for i, c := range sh.Columns {
		head[i] = excelize.Cell{StyleID: w.header, Value: c.Header}
	}
	return sw.SetRow("A2", head, excelize.RowOpts{Height: 30})
}

func (w *xlsxWriter) direct(sh Sheet, title string) error {
	f := w.f
	for i, c := range sh.Columns {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(w.name, col, col, c.Width); err != nil {
			return err
		}
		axis, _ := excelize.CoordinatesToCellName(i+1, 2)
		f.SetCellValue(w.name, axis, c.Header)
		f.SetCellStyle(w.name, axis, axis, w.header)
	}
	f.SetCellValue(w.name, "A1", Neutralise(title))
	f.SetCellStyle(w.name, "A1", "A1", w.title)
	f.SetRowHeight(w.name, 2, 30)
	return f.SetPanes(w.name, &excelize.Panes{Freeze: true, YSplit: 2, TopLeftCell: "A3", ActivePane: "bottomLeft"})
}

func (w *xlsxWriter) row(vals []cell) error {
	out := make([]any, len(vals))
	for i, c := range vals {
		out[i] = excelize.Cell{StyleID: w.styles[c.kind], Value: value(c)}
	}
	axis, _ := excelize.CoordinatesToCellName(1, w.next)
	w.next++
	if w.sw != nil {
		return w.sw.SetRow(axis, out)
	}
	for i, c := range vals {
		cellName, _ := excelize.CoordinatesToCellName(i+1, w.next-1)
		if err := w.f.SetCellValue(w.name, cellName, value(c)); err != nil {
			return err
		}
		if err := w.f.SetCellStyle(w.name, cellName, cellName, w.styles[c.kind]); err != nil {
			return err
		}
	}
	return nil
}

// value converts a cell to what Excel stores: numbers for money, counts
// and percentages (71.84 -> 0.7184), dates as dates, text neutralised.
func value(c cell) any {
	if c.null {
		return nil
	}
	switch c.kind {
	case Rupiah, Number:
		if f, err := strconv.ParseFloat(c.text, 64); err == nil {
			return f
		}
	case Percent:
		if f, err := strconv.ParseFloat(c.text, 64); err == nil {
			return f / 100
		}
	case Date:
		if t, err := time.Parse("2006-01-02", c.text); err == nil {
			return t
		}
	}
	return Neutralise(c.text)
}

func (w *xlsxWriter) end(rows int) error {
	if w.sw != nil {
		if err := w.sw.Flush(); err != nil {
			return err
		}
	}
	if w.sheet.Chart != nil && rows > 0 {
		w.charts = append(w.charts, pendingChart{sheet: w.name, spec: w.sheet.Chart, cols: w.sheet.Columns, rows: rows})
	}
	return nil
}

func (w *xlsxWriter) close(out string) error {
	for _, c := range w.charts {
		if err := w.addChart(c); err != nil {
			return fmt.Errorf("chart on %s: %w", c.sheet, err)
		}
	}
	w.f.SetActiveSheet(0)
	if err := w.f.SaveAs(out); err != nil {
		return err
	}
	return w.f.Close()
}

func (w *xlsxWriter) addChart(c pendingChart) error {
	ref := func(col, from, to int) string {
		a, _ := excelize.CoordinatesToCellName(col+1, from, true)
		b, _ := excelize.CoordinatesToCellName(col+1, to, true)
		return fmt.Sprintf("'%s'!%s:%s", c.sheet, a, b)
	}
	cats := ref(c.spec.category, 3, c.rows+2)
	var series []excelize.ChartSeries
	for _, s := range c.spec.series {
		name, _ := excelize.CoordinatesToCellName(s+1, 2, true)
		series = append(series, excelize.ChartSeries{Name: fmt.Sprintf("'%s'!%s", c.sheet, name), Categories: cats, Values: ref(s, 3, c.rows+2),
			Marker: excelize.ChartMarker{Symbol: "circle", Size: 5}})
	}
	typ := excelize.Col
	if c.spec.line {
		typ = excelize.Line
	}
	anchor, _ := excelize.CoordinatesToCellName(len(c.cols)+2, 3)
	return w.f.AddChart(c.sheet, anchor, &excelize.Chart{
		Type:   typ,
		Series: series,
		Title:  excelize.ChartTitle{Paragraph: []excelize.RichTextRun{{Text: c.spec.title}}},
		Legend: excelize.ChartLegend{Position: "bottom"},
		Format: excelize.GraphicOptions{ScaleX: 1.6, ScaleY: 1.4},
	})
}
