package extract

import (
	"archive/zip"
	"bytes"
	"io"
	"testing"

	"github.com/xuri/excelize/v2"
)

// workbookWithSheet is a valid workbook whose first sheet's XML is sheet:
// the fuzzer then works on what excelize parses, not on the zip around it.
func workbookWithSheet(t testing.TB, sheet []byte) []byte {
	f := excelize.NewFile()
	defer f.Close()
	var tmpl bytes.Buffer
	if err := f.Write(&tmpl); err != nil {
		t.Fatal(err)
	}
	zr, err := zip.NewReader(bytes.NewReader(tmpl.Bytes()), int64(tmpl.Len()))
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	zw := zip.NewWriter(&out)
	for _, zf := range zr.File {
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: zip.Store})
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == "xl/worksheets/sheet1.xml" {
			if _, err := w.Write(sheet); err != nil {
				t.Fatal(err)
			}
			continue
		}
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		_, err = io.Copy(w, rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}

const fuzzSheetXML = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cols><col min="2" max="2" hidden="1"/></cols>` +
	`<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Nama Satker</t></is></c><c r="B1" t="inlineStr"><is><t>Nilai</t></is></c></row>` +
	`<row r="2"><c r="A2" t="inlineStr"><is><t>Dinas A</t></is></c><c r="B2"><v>1.234</v></c></row></sheetData>` +
	`<mergeCells count="1"><mergeCell ref="A1:A2"/></mergeCells></worksheet>`

// FuzzXLSX: whatever a sheet's XML holds, reading the workbook gives grids
// or an error, never a panic.
func FuzzXLSX(f *testing.F) {
	f.Add([]byte(fuzzSheetXML))
	f.Add([]byte(`<worksheet><sheetData><row r="0"><c r="XFE1048577"><v>x</v></c></row></sheetData></worksheet>`))
	f.Fuzz(func(t *testing.T, sheet []byte) {
		b := workbookWithSheet(t, sheet)
		grids, err := xlsxGrids(bytes.NewReader(b), int64(len(b)), "fuzz.xlsx", DefaultLimits)
		if err != nil {
			return
		}
		for _, g := range grids {
			for r := range g.raw {
				for c := range g.raw[r] {
					g.cell(r, c)
					g.shownCell(r, c)
				}
			}
		}
	})
}

func TestFuzzSheetSeedReads(t *testing.T) {
	b := workbookWithSheet(t, []byte(fuzzSheetXML))
	grids, err := xlsxGrids(bytes.NewReader(b), int64(len(b)), "seed.xlsx", DefaultLimits)
	if err != nil {
		t.Fatal(err)
	}
	if len(grids) != 1 || grids[0].cell(1, 0) != "Dinas A" || grids[0].cell(0, 1) != "Nilai" || !grids[0].hidden[1] {
		t.Fatalf("the seed workbook reads wrong: %+v", grids)
	}
}
