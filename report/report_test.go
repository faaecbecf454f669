package report_test

import (
	"archive/zip"
	"context"
	"encoding/csv"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/p3dn/p3dn/pipeline"
	"github.com/p3dn/p3dn/report"
)

// warehouse builds a warehouse from the bundled sample plus a Toko Daring
// order whose text tries formula injection and names an individual.
func warehouse(t *testing.T) string {
	t.Helper()
	inbox := t.TempDir()
	files, _ := filepath.Glob("../data/sample/inbox/*")
	for _, f := range files {
		b, _ := os.ReadFile(f)
		os.WriteFile(filepath.Join(inbox, filepath.Base(f)), b, 0o644)
	}
	hostile := `[{"tahun":2023,"kd_klpd":"D11","nama_klpd":"Provinsi DKI Jakarta","kd_satker":"230101","nama_satker":"DINAS PENDIDIKAN",
		"order_id":"HOSTILE-1","order_desc":"=HYPERLINK(\"http://x\",\"klik\")","valuasi":999000000000,"kategori":null,"metode_bayar":"transfer",
		"tanggal_transaksi":"2023-09-01 10:00:00","marketplace":"m","merchant_name":"Budi Santoso","jenis_transaksi":"bela",
		"kota_kab":"x","provinsi":"y","nama_pemesan":"z","status_verif":"verified","sumber_data":"api_v3",
		"status_konfirmasi_ppmse":"berhasil","keterangan_ppmse":null}]`
	os.WriteFile(filepath.Join(inbox, "Bela-TokoDaringRealisasi-extra.json"), []byte(hostile), 0o644)
	dir := t.TempDir()
	wh := filepath.Join(dir, "p3dn.duckdb")
	if _, err := pipeline.Run(context.Background(), pipeline.Config{Inbox: inbox, Warehouse: wh, MaxRejectRate: 1}); err != nil {
		t.Fatal(err)
	}
	return wh
}

func TestWorkbook(t *testing.T) {
	wh := warehouse(t)
	out := filepath.Join(t.TempDir(), "laporan.xlsx")
	now := time.Date(2023, 10, 16, 8, 0, 0, 0, time.UTC)
	if err := report.Write(context.Background(), report.Options{Warehouse: wh, Out: out, AsOf: "2023-10-15", Version: "test", Now: now}); err != nil {
		t.Fatal(err)
	}
	f, err := excelize.OpenFile(out)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	want := []string{"Ringkasan", "Capaian KLPD", "Capaian Satker", "Tren Bulanan", "Kategori TKDN", "Peluang Substitusi",
		"Transaksi Terbesar", "Kualitas Data", "Metodologi"}
	if got := f.GetSheetList(); strings.Join(got, "|") != strings.Join(want, "|") {
		t.Fatalf("sheets %v", got)
	}
	cellIs := func(sheet, axis, want string) {
		t.Helper()
		got, err := f.GetCellValue(sheet, axis)
		if err != nil || got != want {
			t.Errorf("%s!%s = %q, want %q (%v)", sheet, axis, got, want, err)
		}
	}
	raw := func(sheet, axis string) string {
		t.Helper()
		v, _ := f.GetCellValue(sheet, axis, excelize.Options{RawCellValue: true})
		return v
	}
	// The seed figure, as numbers with their formats: komitmen, realisasi,
	// capaian (DKI Jakarta adds the hostile order's Rp999 M as UNKNOWN only).
	cellIs("Ringkasan", "B3", "2023-10-15")
	if raw("Ringkasan", "B6") != "15800000000000" || raw("Ringkasan", "B7") != "11350000000000" || raw("Ringkasan", "B9") != "0.7184" {
		t.Errorf("headline figures: %s %s %s", raw("Ringkasan", "B6"), raw("Ringkasan", "B7"), raw("Ringkasan", "B9"))
	}
	cellIs("Ringkasan", "B6", "Rp 15,800,000,000,000")
	cellIs("Ringkasan", "B9", "71.84%")
	cellIs("Capaian KLPD", "A2", "Tahun")
	// Frozen header rows.
	panes, err := f.GetPanes("Capaian KLPD")
	if err != nil || !panes.Freeze || panes.YSplit != 2 {
		t.Errorf("panes %+v %v", panes, err)
	}
	// The trend: twelve... up to October as of 15 Oct, ending at 71.84 %.
	cellIs("Tren Bulanan", "A12", "10")
	if raw("Tren Bulanan", "F12") != "0.7184" || raw("Tren Bulanan", "G12") != "0.8" {
		t.Errorf("trend October: %s against %s", raw("Tren Bulanan", "F12"), raw("Tren Bulanan", "G12"))
	}
	if v, _ := f.GetCellValue("Tren Bulanan", "A13"); v != "" {
		t.Errorf("months after the as-of date must not appear: %q", v)
	}
	// Formula injection neutralised, personal names masked.
	rows, _ := f.GetRows("Transaksi Terbesar")
	var hostile []string
	for _, r := range rows {
		if len(r) > 3 && r[3] == "toko_daring:HOSTILE-1" {
			hostile = r
		}
	}
	if hostile == nil || hostile[4] != `'=HYPERLINK("http://x","klik")` || hostile[5] != "B*** S***" {
		t.Errorf("hostile row: %q", hostile)
	}
	for _, name := range f.GetSheetList() {
		if len(name) > 31 {
			t.Errorf("sheet name %q over 31 characters", name)
		}
	}
	// Native charts on the trend and class sheets.
	z, _ := zip.OpenReader(out)
	defer z.Close()
	charts, drawingRefs := 0, 0
	for _, zf := range z.File {
		if strings.HasPrefix(zf.Name, "xl/charts/chart") {
			charts++
		}
		if strings.HasPrefix(zf.Name, "xl/worksheets/sheet") {
			rc, _ := zf.Open()
			b, _ := io.ReadAll(rc)
			rc.Close()
			if strings.Contains(string(b), "<drawing ") {
				drawingRefs++
			}
		}
	}
	if charts != 2 || drawingRefs != 2 {
		t.Errorf("charts %d, sheets referring to a drawing %d; want 2 and 2", charts, drawingRefs)
	}
}

func TestWorkbookFiltersUnmaskAndSplit(t *testing.T) {
	wh := warehouse(t)
	dir := t.TempDir()
	// A K/L/PD filter is a bound parameter: an injection attempt matches nothing.
	out := filepath.Join(dir, "x.xlsx")
	if err := report.Write(context.Background(), report.Options{Warehouse: wh, Out: out, KLPD: "D11' OR '1'='1", Tahun: 2023}); err != nil {
		t.Fatal(err)
	}
	f, _ := excelize.OpenFile(out)
	if rows, _ := f.GetRows("Capaian KLPD"); len(rows) != 2 {
		t.Errorf("an injected K/L/PD code must match nothing: %d rows", len(rows))
	}
	f.Close()
	// --unmask shows names; past MaxRows a sheet continues on a numbered one.
	old := report.MaxRows
	report.MaxRows = 100
	defer func() { report.MaxRows = old }()
	out = filepath.Join(dir, "y.xlsx")
	if err := report.Write(context.Background(), report.Options{Warehouse: wh, Out: out, Unmask: true}); err != nil {
		t.Fatal(err)
	}
	f, _ = excelize.OpenFile(out)
	defer f.Close()
	list := strings.Join(f.GetSheetList(), "|")
	if !strings.Contains(list, "Transaksi Terbesar|Transaksi Terbesar (2)|Transaksi Terbesar (3)|Kualitas Data") {
		t.Errorf("split sheets: %s", list)
	}
	found := false
	for _, name := range []string{"Transaksi Terbesar", "Transaksi Terbesar (2)", "Transaksi Terbesar (3)"} {
		rows, _ := f.GetRows(name)
		for _, r := range rows {
			if len(r) > 5 && r[5] == "Budi Santoso" {
				found = true
			}
		}
	}
	if !found {
		t.Error("--unmask must show the provider's name")
	}
}

func TestCSV(t *testing.T) {
	wh := warehouse(t)
	dir := filepath.Join(t.TempDir(), "csv")
	if err := report.Write(context.Background(), report.Options{Warehouse: wh, Out: dir, Format: "csv"}); err != nil {
		t.Fatal(err)
	}
	fh, err := os.Open(filepath.Join(dir, "07_transaksi_terbesar.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	recs, err := csv.NewReader(fh).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ok := false
	for _, r := range recs {
		if r[3] == "toko_daring:HOSTILE-1" {
			ok = r[4] == `'=HYPERLINK("http://x","klik")` && r[5] == "B*** S***"
		}
	}
	if !ok {
		t.Error("CSV: the hostile text must be neutralised and the name masked")
	}
}

// TestOpensInLibreOffice converts the workbook headless; a workbook that
// needed repair would not convert cleanly. Skipped where LibreOffice is not
// installed (apt-get install libreoffice-calc-nogui).
func TestOpensInLibreOffice(t *testing.T) {
	soffice, err := exec.LookPath("soffice")
	if err != nil {
		t.Skip("LibreOffice (soffice) not installed")
	}
	wh := warehouse(t)
	dir := t.TempDir()
	out := filepath.Join(dir, "laporan.xlsx")
	if err := report.Write(context.Background(), report.Options{Warehouse: wh, Out: out}); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(soffice, "--headless", "-env:UserInstallation=file://"+filepath.Join(dir, "lo"), "--convert-to", "pdf", "--outdir", dir, out)
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("soffice: %v\n%s", err, b)
	}
	st, err := os.Stat(filepath.Join(dir, "laporan.pdf"))
	if err != nil || st.Size() < 10000 {
		t.Fatalf("no PDF from LibreOffice: %v", err)
	}
}

func TestMasking(t *testing.T) {
	cases := map[string]string{"Budi Santoso": "B*** S***", "PT. KARYA JAYA 27": "PT. KARYA JAYA 27", "CV Makmur": "CV Makmur", "Koperasi Sejahtera": "Koperasi Sejahtera"}
	for in, want := range cases {
		if got := report.MaskPerson(in); got != want {
			t.Errorf("MaskPerson(%q) = %q, want %q", in, got, want)
		}
	}
	if got := report.MaskNPWP("016711962421000"); got != "01**********000" {
		t.Errorf("MaskNPWP: %q", got)
	}
	for in, want := range map[string]string{"=1+1": "'=1+1", "+62": "'+62", "-5": "'-5", "@x": "'@x", "\tx": "'\tx", "ok": "ok", "": ""} {
		if got := report.Neutralise(in); got != want {
			t.Errorf("Neutralise(%q) = %q, want %q", in, got, want)
		}
	}
}
