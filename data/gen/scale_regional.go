package gen

import (
	"bufio"
	"fmt"
	"iter"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/xuri/excelize/v2"
)

// dupEvery: one non-tender contract in dupEvery is recorded again by its
// region, so that a tenth of the regional rows repeat LKPP.
const dupEvery = nonTenderShare * 10 / regionalShare

// regionalDup is a non-tender contract that its region's SIPD P3DN export
// records too: same K/L/PD, provider NPWP and value (without the sen). It
// must count once (sql/model/012_regional.sql).
type regionalDup struct {
	klpd, npwp, penyedia string
	satker               int
	nilai                int64
	pdn                  bool
	tgl                  string // "2006-01-02 15:04:05"
}

// scaleRegionalRow is one line of a SIPD P3DN realisation export.
type scaleRegionalRow struct {
	kdSatker, namaSatker     string
	subKeg, rekening, uraian string
	penyedia, npwp, produk   string
	nilai, pdn               string // as the export shows them
	tkdn, sertifikat         string
	tanggal                  any // time.Time (an Excel date) or text
}

var sipdHeader = []string{"No", "Tahun", "Kode Pemda", "Pemda", "Kode SKPD", "Nama SKPD", "Kode Sub Kegiatan", "Kode Rekening",
	"Uraian Belanja", "Nama Penyedia", "NPWP", "Nama Produk", "Nilai Realisasi", "Nilai PDN", "TKDN (%)", "Nomor Sertifikat TKDN",
	"Tanggal Transaksi"}

// regional writes one SIPD P3DN realisation export per K/L/PD, streaming:
// the K/L/PD's share of count(regionalShare) purchases the region recorded
// itself and the non-tender contracts of s.dups it recorded again.
func (s *scaleGen) regional(dir string) ([]string, error) {
	per := s.count(regionalShare) / 94
	byKlpd := map[string][]regionalDup{}
	for _, d := range s.dups {
		byKlpd[d.klpd] = append(byKlpd[d.klpd], d)
	}
	var out []string
	for k := 0; k < 94; k++ {
		kd, nama := s.klpd(k)
		rows := func(yield func(scaleRegionalRow) bool) {
			for j := 0; j < per; j++ {
				if !yield(s.regionalRow(k + 94*j)) {
					return
				}
			}
			for _, d := range byKlpd[kd] {
				if !yield(s.dupRow(d)) {
					return
				}
			}
		}
		var p string
		var err error
		if k < 34 { // provinces export a workbook, kabupaten/kota a CSV
			p = filepath.Join(dir, fmt.Sprintf("SIPD_P3DN_Realisasi_2025_%s.xlsx", kd))
			err = sipdScaleWorkbook(p, kd, nama, rows)
		} else {
			p = filepath.Join(dir, fmt.Sprintf("SIPD_P3DN_Realisasi_2025_%s.csv", kd))
			err = sipdScaleCSV(p, kd, nama, rows)
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		out = append(out, p)
	}
	return out, nil
}

// regionalRow is a purchase only the region recorded: a local provider,
// PDN in full, in part or not at all, a TKDN figure or certificate number
// on some rows, money and dates in the forms regional staff type them, and
// a bad value at BadRate.
func (s *scaleGen) regionalRow(j int) scaleRegionalRow {
	_, str, sn := s.satker(j)
	v := s.amount() / 10
	pdn := v
	switch j % 5 {
	case 2:
		pdn = v / 2
	case 4:
		pdn = 0
	}
	f, _ := npwp(40_000_000 + j%30000)
	r := scaleRegionalRow{kdSatker: str, namaSatker: sn, subKeg: fmt.Sprintf("%s.2.01.%04d", str[:6], j%100),
		rekening: fmt.Sprintf("5.1.02.01.01.%04d", j%200), uraian: fmt.Sprintf("Belanja bahan lokal %d", j),
		penyedia: fmt.Sprintf("CV. USAHA DAERAH %d", j%30000), npwp: f,
		produk: []string{"Kursi Kerja", "Batik Seragam", "Meja Sekolah", "Paving Block", "Pupuk Organik", "Alat Tulis"}[j%6],
		nilai:  rupiahID(v, j%4 == 1), pdn: rupiahID(pdn, false),
		tkdn: []string{"43,52", "", "27.5%", "", "12,00", ""}[j%6], tanggal: s.date()}
	if j%6 == 3 {
		r.sertifikat = fmt.Sprintf("%04d/TKDN/2024", j%500)
	}
	if j%3 == 0 {
		d := r.tanggal.(time.Time)
		r.tanggal = d.Format("2") + " " + bulan[d.Month()-1] + " " + d.Format("2006")
	}
	if s.bad() {
		r.nilai = "belum diisi"
	}
	if s.bad() {
		r.tanggal = "31/02/2025"
	}
	return r
}

// dupRow is a non-tender contract as its region recorded it.
func (s *scaleGen) dupRow(d regionalDup) scaleRegionalRow {
	_, str, sn := s.satker(d.satker)
	pdn := d.nilai
	if !d.pdn {
		pdn = 0
	}
	t, _ := time.Parse("2006-01-02 15:04:05", d.tgl)
	return scaleRegionalRow{kdSatker: str, namaSatker: sn, subKeg: fmt.Sprintf("%s.2.01.0001", str[:6]), rekening: "5.2.02.01.01.0001",
		uraian: "Pengadaan langsung (juga tercatat di SPSE)", penyedia: d.penyedia, npwp: d.npwp, produk: "Barang",
		nilai: rupiahID(d.nilai, false), pdn: rupiahID(pdn, false), tanggal: t}
}

// rupiahID writes whole rupiah the Indonesian way: 1.234.567,00, with
// "Rp " before it if rp.
func rupiahID(v int64, rp bool) string {
	s := thousands(v) + ",00"
	if rp {
		return "Rp " + s
	}
	return s
}

// sipdScaleWorkbook writes a province's export as the SIPD P3DN workbook:
// title rows, the header on row 4, money as numbers or Indonesian text,
// dates as Excel dates or Indonesian text; streamed row by row.
func sipdScaleWorkbook(path, kd, nama string, rows iter.Seq[scaleRegionalRow]) error {
	f := excelize.NewFile()
	defer f.Close()
	sh := "Realisasi P3DN"
	f.SetSheetName("Sheet1", sh)
	date, err := f.NewStyle(&excelize.Style{NumFmt: 14})
	if err != nil {
		return err
	}
	sw, err := f.NewStreamWriter(sh)
	if err != nil {
		return err
	}
	set := func(row int, vals []any) error {
		axis, _ := excelize.CoordinatesToCellName(1, row)
		return sw.SetRow(axis, vals)
	}
	if err := set(1, []any{"REALISASI BELANJA PRODUK DALAM NEGERI - SIPD P3DN"}); err != nil {
		return err
	}
	if err := set(2, []any{nama + ", Tahun Anggaran 2025"}); err != nil {
		return err
	}
	head := make([]any, len(sipdHeader))
	for i, h := range sipdHeader {
		head[i] = h
	}
	if err := set(4, head); err != nil {
		return err
	}
	i := 0
	for r := range rows {
		i++
		var nilai, pdn any = r.nilai, r.pdn
		if n, ok := plainRupiah(r.nilai); ok { // most cells hold numbers
			nilai = n
		}
		if n, ok := plainRupiah(r.pdn); ok {
			pdn = n
		}
		tgl := any(r.tanggal)
		if t, ok := r.tanggal.(time.Time); ok {
			tgl = excelize.Cell{StyleID: date, Value: t}
		}
		if err := set(4+i, []any{i, 2025, kd, nama, r.kdSatker, r.namaSatker, r.subKeg, r.rekening, r.uraian, r.penyedia, r.npwp,
			r.produk, nilai, pdn, r.tkdn, r.sertifikat, tgl}); err != nil {
			return err
		}
	}
	if err := sw.Flush(); err != nil {
		return err
	}
	return saveFixed(f, path)
}

// plainRupiah reads back what rupiahID wrote without "Rp ": whole rupiah.
func plainRupiah(s string) (int64, bool) {
	body, ok := strings.CutSuffix(s, ",00")
	if !ok || strings.HasPrefix(s, "Rp") {
		return 0, false
	}
	var n int64
	for _, c := range body {
		switch {
		case c == '.':
		case c >= '0' && c <= '9':
			n = n*10 + int64(c-'0')
		default:
			return 0, false
		}
	}
	return n, true
}

// sipdScaleCSV writes a kabupaten/kota's export as SIPD's CSV: two title
// lines, semicolons, Indonesian numbers, dates as dd/mm/yyyy or text.
func sipdScaleCSV(path, kd, nama string, rows iter.Seq[scaleRegionalRow]) error {
	fh, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(fh)
	fmt.Fprintf(w, "REALISASI BELANJA PRODUK DALAM NEGERI - SIPD P3DN\n%s, Tahun Anggaran 2025\n%s\n", nama, strings.Join(sipdHeader, ";"))
	i := 0
	for r := range rows {
		i++
		tgl := r.tanggal
		if t, ok := r.tanggal.(time.Time); ok {
			tgl = t.Format("02/01/2006")
		}
		fmt.Fprintf(w, "%d;2025;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s;%s\n", i, kd, nama, r.kdSatker, r.namaSatker, r.subKeg,
			r.rekening, r.uraian, r.penyedia, r.npwp, r.produk, r.nilai, r.pdn, r.tkdn, r.sertifikat, tgl)
	}
	if err := w.Flush(); err != nil {
		fh.Close()
		return err
	}
	return fh.Close()
}
