package extract

import (
	"fmt"
	"hash/maphash"
	"io"
	"regexp"
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/text/width"
)

// Registry is the Kemenperin TKDN certificate registry: the bulk export
// (an HTML table served as .xls, 12 columns) or a CSV form that adds the
// certificate number, issue date and BMP (TKDN_RULES.md §5).
var Registry = NewService("Kemenperin-SertifikatTKDN", "sertifikat_tkdn",
	"kode_hs:id kbli:id kelompok_barang:str nama_perusahaan:str! alamat:str provinsi:str produk:str! "+
		"spesifikasi:str tipe:str merk:str nilai_tkdn:num nilai_tkdn_mentah:str nilai_bmp:num "+
		"nomor_sertifikat:id tanggal_terbit:date tanggal_kadaluarsa:date judul_ekspor:str")

// registryHeaders maps a header, lowercased with everything but letters
// and digits removed, to its field.
var registryHeaders = map[string]string{
	"kodehs": "kode_hs", "hs": "kode_hs", "kbli": "kbli", "kelompokbarang": "kelompok_barang",
	"namaperusahaan": "nama_perusahaan", "perusahaan": "nama_perusahaan", "alamat": "alamat", "provinsi": "provinsi",
	"produk": "produk", "namaproduk": "produk", "jenisproduk": "produk", "spesifikasi": "spesifikasi",
	"tipe": "tipe", "type": "tipe", "merk": "merk", "merek": "merk",
	"nilaitkdn": "nilai_tkdn", "tkdn": "nilai_tkdn", "nilaibmp": "nilai_bmp", "bmp": "nilai_bmp",
	"nomorsertifikat": "nomor_sertifikat", "nosertifikat": "nomor_sertifikat", "nomorsertifikattkdn": "nomor_sertifikat",
	"tanggalterbit": "tanggal_terbit", "tglterbit": "tanggal_terbit", "tanggalterbitsertifikat": "tanggal_terbit",
	"tanggalkadaluarsasertifikat": "tanggal_kadaluarsa", "tanggalkadaluarsa": "tanggal_kadaluarsa",
	"tanggalkedaluwarsa": "tanggal_kadaluarsa", "berlakusampai": "tanggal_kadaluarsa", "tanggalberakhir": "tanggal_kadaluarsa",
}

var nonAlnum = regexp.MustCompile(`[^a-z0-9]+`)

func headerField(h string) string {
	return registryHeaders[nonAlnum.ReplaceAllString(strings.ToLower(NormText(h)), "")]
}

// NormText folds full-width forms to ASCII, turns non-breaking spaces and
// runs of white space into one space, and trims.
func NormText(s string) string {
	s = width.Fold.String(s)
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), " ")
}

var (
	excelTime = regexp.MustCompile(`^(\d{1,3})\.(\d{2})\.00$`) // "37.01.00": a percentage rendered as a time
	kbliCode  = regexp.MustCompile(`\b\d{5}\b`)
)

// registryRecord turns the cells of one row into a record of Registry.
func registryRecord(cols []string, cells []string, title string) map[string]any {
	obj := map[string]any{}
	for i, c := range cells {
		if i >= len(cols) || cols[i] == "" {
			continue
		}
		v := NormText(c)
		if IsEmptyMarker(v) {
			continue
		}
		switch cols[i] {
		case "nilai_tkdn":
			obj["nilai_tkdn_mentah"] = v
			if m := excelTime.FindStringSubmatch(v); m != nil {
				v = m[1] + "." + m[2]
			}
			if v == "999.99" || v == "999,99" { // "not applicable" sentinel
				continue
			}
		case "kbli":
			if m := kbliCode.FindString(v); m != "" {
				v = m // label text around the code
			}
		}
		obj[cols[i]] = v
	}
	if title != "" {
		obj["judul_ekspor"] = title
	}
	return obj
}

// mapHeader maps header cells to fields; ok when the row names at least
// the company, the product and the TKDN value.
func mapHeader(cells []string) ([]string, bool) {
	cols := make([]string, len(cells))
	found := map[string]bool{}
	for i, c := range cells {
		cols[i] = headerField(c)
		found[cols[i]] = true
	}
	return cols, found["nama_perusahaan"] && found["produk"] && found["nilai_tkdn"]
}

// tableReader is shared by the HTML and CSV forms: rows of cells in, rows
// of Registry out.
type tableReader struct {
	name   string
	next   func() ([]string, error) // the next row of cells, io.EOF at the end
	cols   []string
	title  string
	record int64
	seed   maphash.Seed
	seen   map[uint64]int64
}

func (t *tableReader) Service() *Service    { return Registry }
func (t *tableReader) Detection() Detection { return Detection{Service: Registry, Score: 1} }
func (t *tableReader) Records() int64       { return t.record }

// findHeader reads rows until the header; rows above it are the title.
func (t *tableReader) findHeader() error {
	var seen []string
	for i := 0; i < 50; i++ {
		cells, err := t.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if cols, ok := mapHeader(cells); ok {
			t.cols = cols
			return nil
		}
		if len(seen) < 3 {
			seen = append(seen, strings.Join(cells, " | "))
		}
	}
	return fmt.Errorf("%s: no TKDN registry header found (need Nama Perusahaan, Produk and Nilai TKDN (%%)); first rows: %q", t.name, seen)
}

func (t *tableReader) Next() (*Row, error) {
	for {
		cells, err := t.next()
		if err != nil {
			return nil, err
		}
		blank := true
		for _, c := range cells {
			if NormText(c) != "" {
				blank = false
				break
			}
		}
		if blank {
			continue // a blank row is not a record
		}
		t.record++
		joined := strings.Join(cells, "\x1f")
		if len(cells) != len(t.cols) {
			return nil, &ParseError{File: t.name, Record: t.record, Offset: -1, Action: RecordRejected, Raw: cut(joined),
				Err: fmt.Errorf("row has %d cells, the header has %d", len(cells), len(t.cols))}
		}
		h := maphash.String(t.seed, joined)
		if first, dup := t.seen[h]; dup {
			return nil, &ParseError{File: t.name, Record: t.record, Offset: -1, Action: RecordRejected, Raw: cut(joined),
				Err: fmt.Errorf("exact duplicate of record %d", first)}
		}
		t.seen[h] = t.record
		return ConvertRecord(Registry, registryRecord(t.cols, cells, t.title), t.name, t.record)
	}
}

func newTable(name string, next func() ([]string, error)) *tableReader {
	return &tableReader{name: name, next: next, seed: maphash.MakeSeed(), seen: map[uint64]int64{}}
}

// NewRegistryHTML reads the Kemenperin bulk export: an HTML fragment with a
// <center> title and one <table>. Text inside <script> and <style> is
// ignored.
func NewRegistryHTML(r io.Reader, name string) (Reader, error) {
	z := html.NewTokenizer(r)
	var title strings.Builder
	inCenter, inTable, skip := 0, false, 0
	var row []string
	var cell *strings.Builder
	next := func() ([]string, error) {
		for {
			switch z.Next() {
			case html.ErrorToken:
				if z.Err() == io.EOF {
					if row != nil {
						out := row
						row = nil
						return out, nil
					}
					return nil, io.EOF
				}
				return nil, z.Err()
			case html.StartTagToken, html.SelfClosingTagToken:
				tn, _ := z.TagName()
				switch string(tn) {
				case "script", "style":
					skip++
				case "center":
					inCenter++
				case "br":
					if inCenter > 0 {
						title.WriteString(" ")
					}
				case "table":
					inTable = true
				case "tr":
					row = []string{}
				case "td", "th":
					row = append(row, "")
					cell = &strings.Builder{}
				}
			case html.EndTagToken:
				tn, _ := z.TagName()
				switch string(tn) {
				case "script", "style":
					if skip > 0 {
						skip--
					}
				case "center":
					inCenter--
				case "td", "th":
					if cell != nil && len(row) > 0 {
						row[len(row)-1] = cell.String()
					}
					cell = nil
				case "tr":
					out := row
					row = nil
					if out != nil {
						return out, nil
					}
				}
			case html.TextToken:
				if skip > 0 {
					continue
				}
				txt := string(z.Text())
				switch {
				case cell != nil:
					cell.WriteString(txt)
				case inCenter > 0 && !inTable:
					title.WriteString(txt)
				}
			}
		}
	}
	t := newTable(name, next)
	if err := t.findHeader(); err != nil {
		return nil, err
	}
	t.title = NormText(title.String())
	return t, nil
}

// registryFromGrid reads the registry's CSV form from a grid (UTF-8 with
// or without BOM, or Windows-1252; comma, semicolon or tab; title rows
// allowed above the header). ok is false when the grid has no registry
// header.
func registryFromGrid(g *grid, name string) (Reader, bool, error) {
	i := 0
	next := func() ([]string, error) {
		if i >= len(g.raw) {
			return nil, io.EOF
		}
		i++
		return g.raw[i-1], nil
	}
	t := newTable(name, next)
	if err := t.findHeader(); err != nil {
		return nil, false, nil
	}
	return t, true, nil
}
