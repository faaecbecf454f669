package gen

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
	"golang.org/x/text/encoding/charmap"
)

// regionalRow is one purchase recorded in the regional systems.
type regionalRow struct {
	sk           satker
	subKeg, rek  string
	uraian       string
	penyedia     string
	npwp         string // formatted
	produk       string
	nilai, pdn   int64 // rupiah cents (the provincial template shows thousands of rupiah)
	tkdn         string
	sertifikat   string
	tanggal      time.Time
	duplikatLKPP bool // repeats an LKPP transaction
}

var fixedTime = time.Date(2023, 10, 15, 0, 0, 0, 0, time.UTC)

// regional builds the regional rows: purchases only the regions recorded
// (their PDN adds up to pdn, whole thousands of rupiah), one import, and
// three that repeat LKPP tenders (same NPWP and value) which must not count
// twice.
func (g *dkiGen) regional(pdn int64, tenders []rec) []regionalRow {
	units := split(pdn/(1000*rp), weights(g.r, 18))
	var out []regionalRow
	tkdn := []string{"43,52", "", "27.5%", "", "12,00", ""}
	cert := []string{"", "", "", "0001/TKDN/2023", "", ""}
	for i, u := range units {
		sk := g.sk(i)
		f, _ := npwp(500 + i)
		v := u * 1000 * rp
		out = append(out, regionalRow{sk: sk, subKeg: fmt.Sprintf("%s.2.01.%04d", sk.str[:7], 10+i), rek: fmt.Sprintf("5.1.02.01.01.%04d", 20+i),
			uraian: fmt.Sprintf("Belanja Bahan Lokal %d", i), penyedia: fmt.Sprintf("CV. USAHA DAERAH %d", i), npwp: f,
			produk: []string{"Kursi Kerja Ergonomis", "Batik Seragam", "Meja Sekolah", "Kursi Kerja", "Paving Block", "Pupuk Organik"}[i%6],
			nilai:  v, pdn: v, tkdn: tkdn[i%6], sertifikat: cert[i%6], tanggal: g.day()})
	}
	out = append(out, regionalRow{sk: g.sk(3), subKeg: "1.03.0.00.2.01.0099", rek: "5.2.02.05.01.0001", uraian: "Pengadaan Alat Ukur Impor",
		penyedia: "PT. IMPORTIR JAYA", npwp: "09.876.543.2-101.000", produk: "Alat Ukur", nilai: 750_000_000 * rp, pdn: 0, tanggal: g.day()})
	for _, i := range []int{2, 11, 20} {
		t := tenders[i]
		get := func(k string) any {
			for _, p := range t {
				if p.k == k {
					return p.v
				}
			}
			return nil
		}
		m := get("nilai_kontrak").(money)
		out = append(out, regionalRow{sk: g.sk(i), subKeg: "1.03.0.00.2.01.0001", rek: "5.2.02.01.01.0001", uraian: "Pekerjaan hasil tender (juga tercatat di SPSE)",
			penyedia: get("nama_penyedia").(string), npwp: get("npwp_penyedia").(string), produk: "Konstruksi",
			nilai: int64(m), pdn: int64(get("nilai_pdn_kontrak").(money)), tanggal: g.day(), duplikatLKPP: true})
	}
	return out
}

// sipdWorkbook writes the SIPD P3DN export: title rows, one header row, a
// hidden internal-id column, money as numbers or as Indonesian text, dates
// as Excel dates or Indonesian text.
func sipdWorkbook(path string, rows []regionalRow) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Realisasi P3DN"
	f.SetSheetName("Sheet1", sh)
	f.SetCellValue(sh, "A1", "REALISASI BELANJA PRODUK DALAM NEGERI - SIPD P3DN")
	f.SetCellValue(sh, "A2", "Pemerintah Provinsi DKI Jakarta, Periode Januari s.d. 15 Oktober 2023")
	head := []string{"No", "Tahun", "Kode Pemda", "Pemda", "Kode SKPD", "Nama SKPD", "Kode Sub Kegiatan", "Kode Rekening", "Uraian Belanja",
		"Nama Penyedia", "NPWP", "Nama Produk", "Nilai Realisasi", "Nilai PDN", "TKDN (%)", "Nomor Sertifikat TKDN", "Tanggal Transaksi", "ID Internal"}
	f.SetSheetRow(sh, "A4", &head)
	date, _ := f.NewStyle(&excelize.Style{NumFmt: 14})
	for i, r := range rows {
		row := i + 5
		vals := []any{i + 1, 2023, DKIKlpd, "Provinsi DKI Jakarta", r.sk.str, r.sk.nama, r.subKeg, r.rek, r.uraian, r.penyedia, r.npwp, r.produk}
		axis, _ := excelize.CoordinatesToCellName(1, row)
		f.SetSheetRow(sh, axis, &vals)
		set := func(col string, v any) { f.SetCellValue(sh, fmt.Sprintf("%s%d", col, row), v) }
		if i%4 == 1 { // numbers stored as text, Indonesian style
			set("M", fmt.Sprintf("Rp %s,%02d", thousands(r.nilai/rp), r.nilai%rp))
			set("N", thousands(r.pdn/rp))
		} else {
			set("M", float64(r.nilai)/rp)
			set("N", float64(r.pdn)/rp)
		}
		if r.tkdn != "" {
			set("O", r.tkdn)
		}
		if r.sertifikat != "" {
			set("P", r.sertifikat)
		}
		if i%3 == 0 {
			set("Q", r.tanggal.Format("2")+" "+bulan[r.tanggal.Month()-1]+" "+r.tanggal.Format("2006"))
		} else {
			set("Q", r.tanggal)
			f.SetCellStyle(sh, fmt.Sprintf("Q%d", row), fmt.Sprintf("Q%d", row), date)
		}
		set("R", fmt.Sprintf("SIPD-%06d", 900+i))
	}
	f.SetColVisible(sh, "R", false)
	return saveFixed(f, path)
}

var bulan = []string{"Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus", "September", "Oktober", "November", "Desember"}

// provinsiWorkbook writes the DKI-style monthly workbook: one sheet per
// month, title and period rows, a two-row header with "Nilai (dalam ribuan
// rupiah)" merged over Total and PDN, a subtotal row per work unit and a
// grand total. Its purchases are the ones SIPD recorded: they must count
// once.
func provinsiWorkbook(path string, rows []regionalRow) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, _ := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	first := true
	for m := time.January; m <= time.October; m++ {
		var in []regionalRow
		for _, r := range rows {
			if r.tanggal.Month() == m && !r.duplikatLKPP {
				in = append(in, r)
			}
		}
		sh := bulan[m-1]
		if first {
			f.SetSheetName("Sheet1", sh)
			first = false
		} else {
			f.NewSheet(sh)
		}
		f.SetCellValue(sh, "A1", "LAPORAN REALISASI PENGGUNAAN PRODUK DALAM NEGERI")
		f.SetCellValue(sh, "A2", "PEMERINTAH PROVINSI DKI JAKARTA TAHUN ANGGARAN 2023")
		f.SetCellValue(sh, "A3", "Bulan: "+sh+" 2023")
		top := []any{"No", "Perangkat Daerah", "Kode Rekening", "Uraian Pekerjaan", "Penyedia", "NPWP", "Tanggal Kontrak", "Nilai (dalam ribuan rupiah)", "", "TKDN (%)"}
		sub := []any{"", "", "", "", "", "", "", "Total", "PDN", ""}
		f.SetSheetRow(sh, "A5", &top)
		f.SetSheetRow(sh, "A6", &sub)
		for _, c := range []string{"A", "B", "C", "D", "E", "F", "G", "J"} {
			f.MergeCell(sh, c+"5", c+"6")
		}
		f.MergeCell(sh, "H5", "I5")
		f.SetCellStyle(sh, "A5", "J6", bold)
		row, n := 7, 0
		bySatker := map[string][]regionalRow{}
		var order []string
		for _, r := range in {
			if _, ok := bySatker[r.sk.nama]; !ok {
				order = append(order, r.sk.nama)
			}
			bySatker[r.sk.nama] = append(bySatker[r.sk.nama], r)
		}
		var grand, grandPDN int64
		for _, name := range order {
			var tot, totPDN int64
			for _, r := range bySatker[name] {
				n++
				vals := []any{n, r.sk.nama, r.rek, r.uraian, r.penyedia, r.npwp, r.tanggal.Format("02/01/2006"), r.nilai / (1000 * rp), r.pdn / (1000 * rp), r.tkdn}
				f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &vals)
				row++
				tot, totPDN = tot+r.nilai/(1000*rp), totPDN+r.pdn/(1000*rp)
			}
			vals := []any{"", "Jumlah " + name, "", "", "", "", "", tot, totPDN, ""}
			f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &vals)
			f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("J%d", row), bold)
			row += 2 // a blank row after each subtotal
			grand, grandPDN = grand+tot, grandPDN+totPDN
		}
		vals := []any{"TOTAL", "", "", "", "", "", "", grand, grandPDN, ""}
		f.SetSheetRow(sh, fmt.Sprintf("A%d", row), &vals)
		f.SetCellStyle(sh, fmt.Sprintf("A%d", row), fmt.Sprintf("J%d", row), bold)
	}
	return saveFixed(f, path)
}

// komitmenCSV writes a commitment workbook exported as CSV: Windows-1252,
// semicolon-delimited, Indonesian numbers and percentages.
func komitmenCSV(path string, rows []regionalRow) error {
	var b strings.Builder
	b.WriteString("Komitmen Penggunaan Produk Dalam Negeri;;;;;;;\nPemerintah Provinsi DKI Jakarta - Tahun Anggaran 2023;;;;;;;\n;;;;;;;\n")
	b.WriteString("Kode SKPD;SKPD;Kode Sub Kegiatan;Kode Rekening;Uraian;Pagu;Komitmen PDN;TKDN (%)\n")
	for i, r := range rows {
		if r.duplikatLKPP {
			continue
		}
		pagu := (r.nilai + r.nilai/10) / rp
		fmt.Fprintf(&b, "%s;%s;%s;%s;%s;%s;%s;%s\n", r.sk.str, r.sk.nama, r.subKeg, r.rek, "Rencana "+strings.ToLower(r.uraian)+" (pengadaan barang/jasa)",
			"Rp "+thousands(pagu)+",00", thousands((r.pdn+r.pdn/10)/rp), []string{"43,52", "25,00", "", "40,10"}[i%4])
	}
	enc, err := charmap.Windows1252.NewEncoder().String(b.String())
	if err != nil {
		return err
	}
	return os.WriteFile(path, []byte(enc), 0o644)
}

// thousands writes 1234567 as 1.234.567.
func thousands(v int64) string {
	s := fmt.Sprint(v)
	var out []byte
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	return string(out)
}

// saveFixed saves a workbook with fixed document times, so that the same
// generator run gives the same bytes.
func saveFixed(f *excelize.File, path string) error {
	ts := fixedTime.Format(time.RFC3339)
	f.SetDocProps(&excelize.DocProperties{Creator: "p3dn gen", Created: ts, Modified: ts})
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func writeRegional(dir string, rows []regionalRow) ([]string, error) {
	files := map[string]func(string, []regionalRow) error{
		"SIPD_P3DN_Realisasi_2023.xlsx":        sipdWorkbook,
		"DKI_Realisasi_P3DN_Bulanan_2023.xlsx": provinsiWorkbook,
		"Komitmen_P3DN_DKI_2023.csv":           komitmenCSV,
	}
	var out []string
	for _, name := range []string{"SIPD_P3DN_Realisasi_2023.xlsx", "DKI_Realisasi_P3DN_Bulanan_2023.xlsx", "Komitmen_P3DN_DKI_2023.csv"} {
		p := filepath.Join(dir, name)
		if err := files[name](p, rows); err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		out = append(out, p)
	}
	return out, nil
}
