package extract

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

func openBytes(t *testing.T, b []byte, name string) (Reader, error) {
	t.Helper()
	ps, err := BuiltinProfiles()
	if err != nil {
		t.Fatal(err)
	}
	return Opener{Profiles: ps}.Open(bytes.NewReader(b), name)
}

func day(s string) Value {
	tm, _ := time.Parse("2006-01-02", s)
	return Value{Valid: true, I: DaysSinceEpoch(tm)}
}

// TestRegionalCSVShapes: a SIPD-style CSV in every encoding and delimiter,
// with title rows above the header, Indonesian numbers and percentages,
// three date forms, a blank row and a subtotal row.
func TestRegionalCSVShapes(t *testing.T) {
	rows := [][]string{
		{"Realisasi P3DN Kota Contoh", "", "", "", "", "", "", ""},
		{"Periode: Oktober 2023", "", "", "", "", "", "", ""},
		{"Tahun", "Kode Rekening", "Uraian Belanja", "Nama Penyedia", "Nilai Realisasi", "Nilai PDN", "TKDN (%)", "Tanggal Transaksi"},
		{"2023", "5.1.02.01.01.0024", "Kertas Café", "CV Maju", "Rp 1.234.567,89", "1.234.567", "43,52", "16 Oktober 2023"},
		{"2023", "5.1.02.01.01.0025", "Meja", "CV Jaya", "(1.000)", "0", "43.52%", "16/10/2023"},
		{"", "", "", "", "", "", "", ""},
		{"2023", "5.1.02.01.01.0026", "Kursi", "CV Baru", "2500000", "2500000", "", "2023-10-16"},
		{"Jumlah", "", "", "", "3.733.567,89", "3.734.567", "", ""},
	}
	for _, enc := range []string{"utf8", "bom", "cp1252"} {
		for _, delim := range []string{",", ";", "\t"} {
			var b strings.Builder
			for _, r := range rows {
				for i, c := range r {
					if i > 0 {
						b.WriteString(delim)
					}
					if strings.ContainsAny(c, delim+"\"") {
						c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
					}
					b.WriteString(c)
				}
				b.WriteString("\n")
			}
			data := []byte(b.String())
			switch enc {
			case "bom":
				data = append([]byte("\xef\xbb\xbf"), data...)
			case "cp1252":
				s, _ := charmap.Windows1252.NewEncoder().String(b.String())
				data = []byte(s)
			}
			name := "sipd_" + enc + ".csv"
			r, err := openBytes(t, data, name)
			if err != nil {
				t.Fatalf("%s %q: %v", enc, delim, err)
			}
			got, rejects := drain(t, r)
			if r.Service() != RegionalRealisasi || len(got) != 3 || len(rejects) != 1 || rejects[0].Action != RowSkipped {
				t.Fatalf("%s %q: service %s, rows %d, rejects %v", enc, delim, r.Service().Name, len(got), rejects)
			}
			checks := []struct {
				row   int
				field string
				want  Value
			}{
				{0, "nilai", Value{Valid: true, I: 123456789}},
				{0, "nilai_pdn", Value{Valid: true, I: 123456700}},
				{0, "tkdn_persen", Value{Valid: true, I: 435200}},
				{0, "tanggal", day("2023-10-16")},
				{0, "uraian", Value{Valid: true, S: "Kertas Café"}},
				{1, "nilai", Value{Valid: true, I: -100000}},
				{1, "tkdn_persen", Value{Valid: true, I: 435200}},
				{1, "tanggal", day("2023-10-16")},
				{2, "nilai", Value{Valid: true, I: 250000000}},
				{2, "tanggal", day("2023-10-16")},
				{2, "channel", Value{Valid: true, S: "regional_sipd"}},
			}
			for _, c := range checks {
				if v := got[c.row].Get(c.field); v != c.want {
					t.Errorf("%s %q row %d %s = %+v, want %+v", enc, delim, c.row, c.field, v, c.want)
				}
			}
		}
	}
}

// monthlyWorkbook builds a DKI-style workbook: two month sheets with title
// rows, "Nilai (dalam ribuan rupiah)" merged over Total and PDN, a hidden
// duplicate column, subtotal and total rows, numbers stored as text, a
// numeric percent cell (a built-in format in January, a custom one in
// February), an Excel date; and a notes sheet without a table.
func monthlyWorkbook(t *testing.T) []byte {
	f := excelize.NewFile()
	defer f.Close()
	pctStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 10})
	custom := "0.0%"
	customPct, _ := f.NewStyle(&excelize.Style{CustomNumFmt: &custom})
	dateStyle, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, sh := range []string{"Januari", "Februari"} {
		if i == 0 {
			f.SetSheetName("Sheet1", sh)
		} else {
			f.NewSheet(sh)
		}
		f.SetCellValue(sh, "A1", "LAPORAN REALISASI P3DN")
		f.SetCellValue(sh, "A2", "PEMERINTAH PROVINSI DKI JAKARTA TAHUN ANGGARAN 2023")
		top := []any{"No", "Perangkat Daerah", "Uraian Pekerjaan", "Tanggal Kontrak", "Nilai (dalam ribuan rupiah)", "", "Nilai PDN", "TKDN (%)"}
		sub := []any{"", "", "", "", "Total", "PDN", "", ""}
		f.SetSheetRow(sh, "A4", &top)
		f.SetSheetRow(sh, "A5", &sub)
		for _, c := range []string{"A", "B", "C", "D", "G", "H"} {
			f.MergeCell(sh, c+"4", c+"5")
		}
		f.MergeCell(sh, "E4", "F4")
		f.SetColVisible(sh, "G", false) // an old PDN column, hidden: the visible one wins
		f.SetSheetRow(sh, "A6", &[]any{1, "DINAS A", "Kursi", 45215, 1500, 1500, 999999, 0.4352})
		f.SetCellStyle(sh, "D6", "D6", dateStyle)
		f.SetCellStyle(sh, "H6", "H6", []int{pctStyle, customPct}[i])
		f.SetSheetRow(sh, "A7", &[]any{2, "DINAS A", "Meja", "16 Oktober 2023", "2.000", "1.000,5", 0, "25"})
		f.SetSheetRow(sh, "A8", &[]any{"", "Jumlah DINAS A", "", "", 3500, 2500.5, "", ""})
		f.SetSheetRow(sh, "A10", &[]any{"TOTAL", "", "", "", 3500, 2500.5, "", ""})
	}
	f.NewSheet("Catatan")
	f.SetCellValue("Catatan", "A1", "Disusun oleh Biro Pengadaan")
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestRegionalWorkbookShapes(t *testing.T) {
	r, err := openBytes(t, monthlyWorkbook(t), "bulanan.xlsx")
	if err != nil {
		t.Fatal(err)
	}
	if rr := r.(*regionalReader); rr.Profile().Nama != "provinsi-realisasi-bulanan" {
		t.Fatalf("profile %s", rr.Profile().Nama)
	}
	rows, rejects := drain(t, r)
	if len(rows) != 4 {
		t.Fatalf("rows %d, want 4 (two per month sheet)", len(rows))
	}
	skipped := 0
	for _, pe := range rejects {
		if pe.Action == RowSkipped {
			skipped++
		}
	}
	if skipped != 4 || len(rejects) != 4 {
		t.Errorf("subtotal and total rows: %d skipped of %d rejects, want 4 of 4", skipped, len(rejects))
	}
	a, b := rows[0], rows[1]
	checks := []struct {
		row   *Row
		field string
		want  Value
	}{
		{a, "nilai", Value{Valid: true, I: 150000000}}, // 1.500 thousand rupiah
		{a, "nilai_pdn", Value{Valid: true, I: 150000000}},
		{a, "tkdn_persen", Value{Valid: true, I: 435200}},       // a numeric percent cell, 0.4352
		{rows[2], "tkdn_persen", Value{Valid: true, I: 435000}}, // the same as 0.0%: 43.5% as shown
		{a, "tanggal", day("2023-10-16")},                       // Excel serial 45215
		{a, "tahun_anggaran", Value{Valid: true, I: 2023}},      // from the title
		{a, "kd_klpd", Value{Valid: true, S: "D11"}},            // fixed by the profile
		{a, "lembar", Value{Valid: true, S: "Januari"}},
		{a, "baris", Value{Valid: true, I: 6}},
		{b, "nilai", Value{Valid: true, I: 200000000}},     // "2.000" stored as text
		{b, "nilai_pdn", Value{Valid: true, I: 100050000}}, // "1.000,5" thousand
		{b, "tanggal", day("2023-10-16")},
		{rows[2], "lembar", Value{Valid: true, S: "Februari"}},
	}
	for _, c := range checks {
		if v := c.row.Get(c.field); v != c.want {
			t.Errorf("%s = %+v, want %+v", c.field, v, c.want)
		}
	}
	if !strings.Contains(a.Extra, `"Nilai PDN":"999999"`) {
		t.Errorf("the hidden column's value must be kept in _lainnya: %s", a.Extra)
	}
	notes := r.(*regionalReader).Notes()
	if len(notes) != 1 || !strings.Contains(notes[0].Error(), `sheet "Catatan" has no header`) {
		t.Errorf("notes: %v", notes)
	}
}

// TestRealStatistik reads the two real LKPP statistics spreadsheets through
// the lkpp-statistik profile: the header's "dalam miliar rupiah" over
// values in rupiah is caught by the magnitude check.
func TestRealStatistik(t *testing.T) {
	dir := "../../shared/samples/lkpp-statistik"
	cases := []struct {
		file       string
		rows       int
		field      string
		first      int64
		unitNotes  int
		blankAbove bool
	}{
		{"lkpp_sirup.xlsx", 630, "nilai_rup", 16493385800000, 1, false},
		{"lkpp_monitoring.xlsx", 630, "nilai_realisasi", 6986421734780, 2, true}, // 69864217347.800003 -> .80
	}
	for _, c := range cases {
		b, err := os.ReadFile(filepath.Join(dir, c.file))
		if err != nil {
			t.Skipf("real spreadsheets not found in %s: %v", dir, err)
		}
		r, err := openBytes(t, b, c.file)
		if err != nil {
			t.Fatalf("%s: %v", c.file, err)
		}
		rows, rejects := drain(t, r)
		if r.Service() != StatistikLKPP || len(rows) < c.rows || len(rows) > c.rows+2 || len(rejects) > 2 {
			t.Errorf("%s: service %s rows %d rejects %v", c.file, r.Service().Name, len(rows), rejects)
		}
		if got := rows[0].Get(c.field); got.I != c.first {
			t.Errorf("%s: first %s = %d, want %d (rupiah, not miliar)", c.file, c.field, got.I, c.first)
		}
		notes := r.(*regionalReader).Notes()
		if len(notes) != c.unitNotes || !strings.Contains(notes[0].Error(), "values read as rupiah") {
			t.Errorf("%s: unit notes %v", c.file, notes)
		}
	}
}

func TestProfileErrors(t *testing.T) {
	csv := "Tahun;Satker;Jumlah Uang\n2023;A;5\n"
	_, err := openBytes(t, []byte(csv), "aneh.csv")
	if err == nil || !strings.Contains(err.Error(), "aneh.csv") || !strings.Contains(err.Error(), `"Tahun | Satker | Jumlah Uang"`) ||
		!strings.Contains(err.Error(), "expects") {
		t.Errorf("error must name the file, the header found and what was expected: %v", err)
	}
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"nama":"x","tabel":"regional_realisasi","channel":"sipd","kolom":{"nilai":["nilai"]}}`), 0o644)
	if _, err := LoadProfiles(nil, "", dir); err == nil || !strings.Contains(err.Error(), "regional_") {
		t.Errorf("a profile with a bad channel: %v", err)
	}
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"nama":"x","tabel":"regional_realisasi","channel":"regional_x","kolom":{"harga":["nilai"]}}`), 0o644)
	if _, err := LoadProfiles(nil, "", dir); err == nil || !strings.Contains(err.Error(), `"harga" is not a field`) {
		t.Errorf("a profile with an unknown field: %v", err)
	}
	// A user's own profile, added without a rebuild, reads a new layout.
	os.WriteFile(filepath.Join(dir, "bad.json"), []byte(`{"nama":"kota-x","tabel":"regional_realisasi","channel":"regional_kota",
		"wajib":["nilai"],"kolom":{"nama_satker":["satker"],"nilai":["jumlah uang"]},"tetap":{"kd_klpd":"D999"}}`), 0o644)
	ps, err := LoadProfiles(nil, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Opener{Profiles: ps}.Open(strings.NewReader(csv), "aneh.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := drain(t, r)
	if len(rows) != 1 || rows[0].Get("nilai").I != 500 || rows[0].Str("kd_klpd") != "D999" || rows[0].Str("channel") != "regional_kota" {
		t.Errorf("user profile rows: %+v", rows)
	}
}

func FuzzRegionalCSV(f *testing.F) {
	f.Add([]byte("Tahun;Kode Rekening;Nilai Realisasi;Nilai PDN\n2023;5.1;Rp 1.000,00;(500)\nJumlah;;1000;500\n"))
	f.Add([]byte("\xef\xbb\xbfPerangkat Daerah,Nilai Total,Nilai PDN\nA,\"1.000\",1e9\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := openBytes(t, b, "fuzz.csv")
		if err != nil {
			return
		}
		drain(t, r)
	})
}

// BenchmarkRegionalFiles: opening and reading the bundled sample's
// regional exports (two workbooks and a CSV), the per-file work a run does
// for each regional dump: sheet parsing, header matching against every
// profile, and the rows.
func BenchmarkRegionalFiles(b *testing.B) {
	ps, err := BuiltinProfiles()
	if err != nil {
		b.Fatal(err)
	}
	names := []string{"SIPD_P3DN_Realisasi_2023.xlsx", "DKI_Realisasi_P3DN_Bulanan_2023.xlsx", "Komitmen_P3DN_DKI_2023.csv"}
	files := map[string][]byte{}
	for _, n := range names {
		data, err := os.ReadFile(filepath.Join("../data/sample/inbox", n))
		if err != nil {
			b.Skipf("bundled sample not found: %v", err)
		}
		files[n] = data
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, n := range names {
			r, err := Opener{Profiles: ps}.Open(bytes.NewReader(files[n]), n)
			if err != nil {
				b.Fatal(err)
			}
			for {
				if _, err := r.Next(); err != nil {
					break
				}
			}
		}
	}
}

// FuzzNormHeader: normHeader gives what its plain regular-expression form
// gives (the pre-checks only skip expressions that cannot match).
func FuzzNormHeader(f *testing.F) {
	for _, s := range []string{"Nilai Realisasi (Rp)", "NILAI PDN (dalam ribuan rupiah)", "TKDN %", "Kode  SKPD\u00a0", "Nilai (Rp juta", "Jutaan Rupiah",
		"Ｎｉｌａｉ", "Nilai—PDN/Rp", "ÉTÉ (x) (y)", "tahun 2023 (TA)", "Milyar rp", "Rp"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		want := strings.ToLower(NormText(s))
		want = parenthetical.ReplaceAllString(want, " ")
		want = unitWords.ReplaceAllString(want, " ")
		want = strings.ReplaceAll(want, "%", " persen ")
		want = nonAlnum.ReplaceAllString(want, " ")
		want = strings.Join(strings.Fields(want), " ")
		want = strings.TrimSuffix(strings.TrimSuffix(want, " rp"), " persen")
		if got := normHeader(s); got != want {
			t.Fatalf("normHeader(%q) = %q, want %q", s, got, want)
		}
	})
}
