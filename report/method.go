package report

import (
	"fmt"

	"github.com/p3dn/p3dn/transform"
)

// methodology writes the Metodologi sheet: definitions, denominators,
// classes and the regulation periods used.
func methodology(w writer, opt Options) error {
	lines := [][2]string{
		{"Komitmen PDN", "Jumlah pagu paket RUP (SiRUP) berstatus PDN yang terumumkan, aktif dan tidak dihapus, per tahun anggaran."},
		{"Realisasi PDN", "Nilai bagian PDN dari transaksi yang tercatat di SPSE (tender, non-tender, pencatatan), e-Katalog dan Toko Daring, kumulatif sampai tanggal laporan."},
		{"Realisasi total", "Nilai seluruh transaksi tercatat, termasuk yang kelas TKDN-nya tidak diketahui (tidak pernah dihitung sebagai PDN)."},
		{"Capaian (penyebut KOMITMEN_RUP)", "Realisasi PDN / komitmen PDN x 100. Penyebut lain di view capaian_penyebut: TOTAL_RUP (seluruh pagu RUP aktif) dan TOTAL_REALISASI (seluruh realisasi)."},
		{"Target", "80% per K/L/PD dan tahun kecuali diatur lain di tabel target_p3dn."},
		{"Basis nilai", "Nilai kontrak (setelah addendum terakhir) atau nilai pesanan/pencatatan; pembayaran (BAST, kuitansi) disimpan terpisah di tabel pembayaran dan tidak dicampur."},
	}
	for _, k := range []struct{ k, d string }{
		{"TKDN_BMP_40", "Sertifikat TKDN berlaku, TKDN + BMP (BMP paling tinggi 15%) >= 40%"},
		{"TKDN_25", "Sertifikat TKDN berlaku, TKDN >= 25%"},
		{"TKDN_LT25", "Sertifikat TKDN berlaku, TKDN < 25%"},
		{"PDN_NON_TKDN", "Produk dalam negeri tanpa nilai TKDN yang berlaku"},
		{"PDN_TIER_UNKNOWN", "Sumber hanya melaporkan nilai PDN (SPSE): PDN, tingkat TKDN tidak diketahui"},
		{"IMPOR", "Bukan produk dalam negeri, termasuk sisa non-PDN dari kontrak"},
		{"UNKNOWN", "Data tidak cukup; tidak dihitung sebagai PDN"},
	} {
		lines = append(lines, [2]string{"Kelas " + k.k, k.d})
	}
	for i, p := range transform.Periods {
		until := "sekarang"
		if i+1 < len(transform.Periods) {
			until = transform.Periods[i+1].Dari.AddDate(0, 0, -1).Format("2 Jan 2006")
		}
		from := "awal"
		if !p.Dari.IsZero() {
			from = p.Dari.Format("2 Jan 2006")
		}
		lines = append(lines, [2]string{fmt.Sprintf("Periode %s (%s s.d. %s)", p.ID, from, until), p.Dasar})
	}
	lines = append(lines,
		[2]string{"Aturan", "Setiap baris transaksi membawa rule_id dan alasan; daftar lengkap aturan di tabel aturan_tkdn."},
		[2]string{"Data pribadi", "Nama penyedia perorangan dan NPWP disamarkan kecuali laporan dibuat dengan --unmask."},
		[2]string{"Teks", "Sel teks yang diawali =, +, -, @, tab atau CR diberi awalan apostrof agar tidak dibaca sebagai rumus."},
	)
	sh := Sheet{Name: "Metodologi", Title: "Metodologi dan definisi", Columns: []Column{{"Istilah", Text, 40}, {"Definisi", Text, 110}}}
	if err := w.begin(sh, 1); err != nil {
		return err
	}
	for _, l := range lines {
		if err := w.row([]cell{txt(l[0]), txt(l[1])}); err != nil {
			return err
		}
	}
	return w.end(len(lines))
}
