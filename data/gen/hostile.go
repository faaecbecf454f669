package gen

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/xuri/excelize/v2"
)

// HostileCase is one bad input of the hostile suite, with what p3dn must
// make of it.
type HostileCase struct {
	File    string // name in the inbox
	What    string // the hostility
	Status  string // expected source_files.status
	Loaded  int    // records loaded
	Message string // a piece of the message the file must get ("" = none required)
}

const satkerRec = `{"kd_satker":%d,"kd_satker_str":"9.%02d.0.00.0.00.01.0000","nama_satker":%s,"alamat":null,"telepon":null,"fax":null,"kodepos":null,` +
	`"status_satker":"Aktif","ket_satker":"x","jenis_satker":"SKPD","kd_klpd":"D99","nama_klpd":"Kota Uji","jenis_klpd":"KOTA","kode_eselon":null}`

func satkers(n int, name func(i int) string) string {
	var parts []string
	for i := 1; i <= n; i++ {
		parts = append(parts, fmt.Sprintf(satkerRec, 990000+i, i, name(i)))
	}
	return "[\n" + strings.Join(parts, ",\n") + "\n]\n"
}

func quoted(s string) string { return `"` + s + `"` }

// HostileCases lists the suite (docs/reliability.md describes each).
var HostileCases = []HostileCase{
	{"truncated.json", "JSON cut off in the middle of the third record", "truncated", 2, "malformed JSON"},
	{"bom.json", "UTF-8 byte-order mark before the array", "loaded", 2, ""},
	{"nul.json", "a raw NUL byte inside a string", "truncated", 1, "malformed JSON"},
	{"bigstring.json", "a 10 MB string in one value", "loaded", 2, ""},
	{"deep.json", "a value nested 5,000 levels deep where a flat value belongs", "loaded", 2, ""},
	{"dupkeys.json", "a record with the same key twice", "loaded", 1, ""},
	{"bignum.json", "numbers 1e400 and -0", "loaded", 2, ""},
	{"mixed.csv", "CSV whose lines switch between ; and , delimiters", "loaded", 1, ""},
	{"unbalanced.csv", "CSV with an unbalanced quote", "failed", 0, "malformed CSV"},
	{"cp1252.csv", "Windows-1252 bytes in a UTF-8 file", "loaded", 2, ""},
	{"zipbomb.xlsx", "an XLSX that decompresses to 600 MB", "unrecognised", 0, "zip bomb"},
	{"wide.xlsx", "an XLSX with 16,384 columns", "unrecognised", 0, "columns, over the limit"},
	{"macro.xlsx", "an XLSX with macros and external links", "loaded", 1, "macros"},
	{"script.xls", "the TKDN export as HTML with scripts", "loaded", 1, ""},
	{"empty.json", "an empty file", "no_data", 0, "empty body"},
	{"empty-array.json", "an empty ISB answer", "no_data", 0, "empty array"},
	{"picture.json", "a PNG named .json", "unrecognised", 0, "binary data"},
	{"csv-named.xlsx", "a CSV named .xlsx", "unrecognised", 0, "no mapping profile fits"},
	{"url-not-defined.json", "the text URL-NOT-DEFINED", "no_data", 0, "URL-NOT-DEFINED"},
	{"api-error.json", "an INAPROC error envelope", "unrecognised", 0, "token expired"},
	{"footer-bomb.parquet", "a Parquet file whose trailer claims a 4 GiB footer", "unrecognised", 0, "footer claims 4294967280 bytes"},
	{"page-bomb.parquet", "a Parquet file whose first page claims 2 GiB", "unrecognised", 0, "claims 2147483647 bytes, its chunk has"},
}

// WriteHostile writes the hostile suite into dir (symbolic links and a
// ../ name come from the test itself).
func WriteHostile(dir string) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	name := func(i int) string { return quoted(fmt.Sprintf("SATKER %d", i)) }
	full := satkers(3, name)
	files := map[string][]byte{
		"truncated.json":       []byte(full[:strings.LastIndex(full, `"status_satker"`)]),
		"bom.json":             append([]byte("\xef\xbb\xbf"), satkers(2, name)...),
		"nul.json":             []byte(satkers(2, func(i int) string { return quoted(strings.Repeat("SAT\x00KER", i-1) + "X") })),
		"bigstring.json":       []byte(satkers(2, func(i int) string { return quoted(strings.Repeat("A", 10<<20*(i%2))) })),
		"deep.json":            []byte(satkers(2, func(i int) string { return strings.Repeat("[", 5000*(i%2)) + "1" + strings.Repeat("]", 5000*(i%2)) })),
		"dupkeys.json":         []byte(strings.Replace(satkers(2, name), `"nama_satker":"SATKER 1",`, `"nama_satker":"SATKER 1","nama_satker":"LAIN",`, 1)),
		"bignum.json":          []byte(strings.Replace(strings.Replace(satkers(2, name), `"kd_satker":990001`, `"kd_satker":-0`, 1), `"kodepos":null`, `"kodepos":1e400`, 1)),
		"mixed.csv":            []byte("Nama Perusahaan;Produk;Nilai TKDN (%)\nPT A;Pompa;41,00\nPT B,Kursi,30.00\n"),
		"unbalanced.csv":       []byte("Nama Perusahaan,Produk,Nilai TKDN (%)\nPT A,\"Pompa,41.00\nPT B,Kursi,30.00\n"),
		"cp1252.csv":           []byte("Nama Perusahaan,Produk,Nilai TKDN (%)\nPT Caf\xe9,Kopi,41.00\nPT B,Kursi,30.00\n"),
		"script.xls":           []byte(`<center>Daftar TKDN<script>alert(1)</script></center><table><tr><th>Nama Perusahaan</th><th>Produk</th><th>Nilai TKDN (%)</th></tr><tr><td>PT A<script>document.cookie</script></td><td onmouseover="x()">Pompa</td><td>41.00</td></tr></table>`),
		"empty.json":           {},
		"empty-array.json":     []byte("[]"),
		"picture.json":         []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
		"csv-named.xlsx":       []byte("a,b,c\n1,2,3\n"),
		"url-not-defined.json": []byte("URL-NOT-DEFINED"),
		"api-error.json":       []byte(`{"success":false,"error":{"code":"UNAUTHORIZED","message":"token expired"},"meta":{"request_id":"r1"}}`),
	}
	for n, b := range files {
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			return err
		}
	}
	for n, fn := range map[string]func() ([]byte, error){"zipbomb.xlsx": zipBomb, "wide.xlsx": wideWorkbook, "macro.xlsx": macroWorkbook,
		"footer-bomb.parquet": parquetFooterBomb, "page-bomb.parquet": parquetPageBomb} {
		b, err := fn()
		if err != nil {
			return fmt.Errorf("%s: %w", n, err)
		}
		if err := os.WriteFile(filepath.Join(dir, n), b, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// zipBomb is a small file whose one sheet decompresses to 600 MB.
func zipBomb() ([]byte, error) {
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	w, err := z.Create("xl/worksheets/sheet1.xml")
	if err != nil {
		return nil, err
	}
	chunk := bytes.Repeat([]byte(" "), 1<<20)
	for i := 0; i < 600; i++ {
		w.Write(chunk)
	}
	for _, n := range []string{"[Content_Types].xml", "xl/workbook.xml"} {
		if w, err = z.Create(n); err != nil {
			return nil, err
		}
		w.Write([]byte("<x/>"))
	}
	err = z.Close()
	return buf.Bytes(), err
}

func wideWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	sw, err := f.NewStreamWriter("Sheet1")
	if err != nil {
		return nil, err
	}
	row := make([]any, 16384)
	for i := range row {
		row[i] = i
	}
	if err := sw.SetRow("A1", row); err != nil {
		return nil, err
	}
	if err := sw.Flush(); err != nil {
		return nil, err
	}
	var buf bytes.Buffer
	err = f.Write(&buf)
	return buf.Bytes(), err
}

// macroWorkbook is a statistics workbook carrying a VBA project and an
// external link: the data is read, the macro never run, the link never
// followed.
func macroWorkbook() ([]byte, error) {
	f := excelize.NewFile()
	defer f.Close()
	f.SetSheetRow("Sheet1", "A1", &[]any{"Instansi", "Jenis Instansi", "Total Nilai RUP", "Total Paket RUP"})
	f.SetSheetRow("Sheet1", "A2", &[]any{"Kota Uji", "KOTA", 1000000, 3})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return nil, err
	}
	src, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		return nil, err
	}
	var out bytes.Buffer
	z := zip.NewWriter(&out)
	for _, zf := range src.File {
		w, err := z.Create(zf.Name)
		if err != nil {
			return nil, err
		}
		r, _ := zf.Open()
		var b bytes.Buffer
		b.ReadFrom(r)
		r.Close()
		w.Write(b.Bytes())
	}
	for n, body := range map[string]string{"xl/vbaProject.bin": "Attribute VB_Name = \"Evil\"\nShell \"calc.exe\"", "xl/externalLinks/externalLink1.xml": `<externalLink><externalBook r:id="http://evil.example/x.xlsx"/></externalLink>`} {
		w, err := z.Create(n)
		if err != nil {
			return nil, err
		}
		w.Write([]byte(body))
	}
	err = z.Close()
	return out.Bytes(), err
}
