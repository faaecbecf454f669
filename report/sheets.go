// Package report writes the ministry workbook (XLSX with excelize, or one
// CSV per sheet) from a published warehouse: headline figures, capaian per
// K/L/PD and satker, the monthly trend against the target, the TKDN
// classes, the business-matching list, data-quality caveats and the
// methodology. Filters are bound as query parameters, never spliced into
// SQL; text is neutralised against formula injection; personal data is
// masked unless asked otherwise.
package report

// Kind is how a column is written.
type Kind uint8

// Column kinds.
const (
	Text    Kind = iota
	Rupiah       // DECIMAL rupiah: number format Rp #.##0
	Percent      // a percentage as stored (71.84): written as 0.7184 with a percent format
	Number       // a count
	Date
	Person // a provider's name: masked when it is an individual's
	NPWP   // a tax number: masked
)

// Column is one column of a sheet.
type Column struct {
	Header string
	Kind   Kind
	Width  float64
}

// Sheet is one sheet: a query whose columns are the sheet's, in order.
// The query may use ? for the fiscal year and the K/L/PD filters (both
// NULL when not filtered), bound in that order for each pair.
type Sheet struct {
	Name    string // at most 31 characters
	Title   string
	Query   string
	Columns []Column
	Chart   *chartSpec
}

type chartSpec struct {
	line     bool // line chart (trend) or column chart
	category int  // 0-based column of the categories
	series   []int
	title    string
}

// filter is the WHERE clause shared by the sheets; it takes the year and
// the K/L/PD twice each.
const filter = "(? IS NULL OR tahun_anggaran = ?) AND (? IS NULL OR kd_klpd = ?)"

var sheets = []Sheet{
	{Name: "Capaian KLPD", Title: "Capaian P3DN per K/L/PD",
		Query: `SELECT tahun_anggaran, kd_klpd, nama_klpd, komitmen_pdn, realisasi_pdn, realisasi_total, persen_capaian,
			target_persen, selisih_poin, selisih_rupiah, persen_pdn_realisasi, persen_umk_realisasi, peringkat, jumlah_transaksi
			FROM capaian_p3dn WHERE ` + filter + ` ORDER BY tahun_anggaran, peringkat, kd_klpd`,
		Columns: []Column{{"Tahun", Number, 8}, {"Kode K/L/PD", Text, 12}, {"K/L/PD", Text, 34}, {"Komitmen PDN", Rupiah, 22},
			{"Realisasi PDN", Rupiah, 22}, {"Realisasi total", Rupiah, 22}, {"Capaian", Percent, 10}, {"Target", Percent, 10},
			{"Selisih (poin)", Number, 12}, {"Kekurangan menuju target", Rupiah, 24}, {"PDN / realisasi total", Percent, 14},
			{"UMK-K / realisasi total", Percent, 14}, {"Peringkat", Number, 10}, {"Jumlah transaksi", Number, 12}}},
	{Name: "Capaian Satker", Title: "Capaian P3DN per satuan kerja",
		Query: `SELECT tahun_anggaran, kd_klpd, kd_satker_str, nama_satker, komitmen_pdn, realisasi_pdn, realisasi_total,
			persen_capaian, target_persen, selisih_rupiah, peringkat
			FROM capaian_p3dn_satker WHERE ` + filter + ` ORDER BY tahun_anggaran, kd_klpd, peringkat, kd_satker_str`,
		Columns: []Column{{"Tahun", Number, 8}, {"Kode K/L/PD", Text, 12}, {"Kode satker", Text, 24}, {"Satuan kerja", Text, 40},
			{"Komitmen PDN", Rupiah, 22}, {"Realisasi PDN", Rupiah, 22}, {"Realisasi total", Rupiah, 22}, {"Capaian", Percent, 10},
			{"Target", Percent, 10}, {"Kekurangan menuju target", Rupiah, 24}, {"Peringkat", Number, 10}}},
	{Name: "Tren Bulanan", Title: "Capaian kumulatif di akhir tiap bulan terhadap target",
		Query: `SELECT bulan_ke, akhir_bulan, sum(komitmen_pdn), sum(realisasi_pdn_kumulatif), sum(realisasi_total_kumulatif),
			p3dn_persen(sum(realisasi_pdn_kumulatif), sum(komitmen_pdn)), max(target_persen)
			FROM tren_capaian WHERE ` + filter + ` GROUP BY bulan_ke, akhir_bulan ORDER BY akhir_bulan`,
		Columns: []Column{{"Bulan", Number, 8}, {"Akhir bulan", Date, 14}, {"Komitmen PDN", Rupiah, 22}, {"Realisasi PDN kumulatif", Rupiah, 24},
			{"Realisasi total kumulatif", Rupiah, 24}, {"Capaian", Percent, 10}, {"Target", Percent, 10}},
		Chart: &chartSpec{line: true, category: 1, series: []int{5, 6}, title: "Capaian kumulatif terhadap target"}},
	{Name: "Kategori TKDN", Title: "Realisasi menurut kelas TKDN",
		Query: `SELECT pdn_class, sum(nilai), p3dn_persen(sum(nilai), sum(sum(nilai)) OVER ())
			FROM kategori_tkdn WHERE ` + filter + ` GROUP BY pdn_class
			ORDER BY list_position(['TKDN_BMP_40','TKDN_25','TKDN_LT25','PDN_NON_TKDN','PDN_TIER_UNKNOWN','IMPOR','UNKNOWN'], pdn_class)`,
		Columns: []Column{{"Kelas TKDN", Text, 20}, {"Nilai", Rupiah, 24}, {"Porsi", Percent, 10}},
		Chart:   &chartSpec{category: 0, series: []int{1}, title: "Realisasi menurut kelas TKDN"}},
	{Name: "Peluang Substitusi", Title: "Belanja impor / tanpa TKDN dan produk dalam negeri bersertifikat sejenis",
		Query: `SELECT tahun_anggaran, kd_klpd, komoditas, pdn_class, jumlah_baris, nilai_belanja, produk_bersertifikat, produsen,
			provinsi, nilai_tkdn, nilai_bmp, tkdn_bmp, nomor_sertifikat, tanggal_kadaluarsa
			FROM peluang_substitusi WHERE ` + filter,
		Columns: []Column{{"Tahun", Number, 8}, {"Kode K/L/PD", Text, 12}, {"Komoditas", Text, 24}, {"Kelas dibeli", Text, 16},
			{"Baris", Number, 8}, {"Nilai belanja", Rupiah, 22}, {"Produk bersertifikat", Text, 30}, {"Produsen", Text, 30},
			{"Provinsi", Text, 16}, {"TKDN", Percent, 9}, {"BMP", Percent, 9}, {"TKDN + BMP", Percent, 11}, {"No. sertifikat", Text, 18},
			{"Berlaku s.d.", Date, 13}}},
	{Name: "Transaksi Terbesar", Title: "1.000 transaksi terbesar",
		Query: `SELECT tahun_anggaran, kd_klpd, channel, transaksi_id, nama_paket, nama_penyedia, npwp_penyedia, tanggal, nilai,
			nilai_pdn, pdn_class, alasan
			FROM p3dn_transaksi_asof WHERE ` + filter + ` ORDER BY nilai DESC NULLS LAST, transaksi_id LIMIT 1000`,
		Columns: []Column{{"Tahun", Number, 8}, {"Kode K/L/PD", Text, 12}, {"Kanal", Text, 20}, {"ID transaksi", Text, 30},
			{"Paket", Text, 40}, {"Penyedia", Person, 28}, {"NPWP", NPWP, 20}, {"Tanggal", Date, 12}, {"Nilai", Rupiah, 22},
			{"Nilai PDN", Rupiah, 22}, {"Kelas TKDN", Text, 18}, {"Alasan", Text, 80}}},
	{Name: "Kualitas Data", Title: "Catatan kualitas data",
		Query: `SELECT tahun_anggaran, kd_klpd, sumber, indikator, jumlah, nilai, persen, keterangan
			FROM kualitas_data WHERE (? IS NULL OR tahun_anggaran = ? OR tahun_anggaran IS NULL) AND (? IS NULL OR kd_klpd = ? OR kd_klpd IS NULL)
			ORDER BY tahun_anggaran, kd_klpd, sumber, indikator`,
		Columns: []Column{{"Tahun", Number, 8}, {"Kode K/L/PD", Text, 12}, {"Sumber", Text, 30}, {"Indikator", Text, 30},
			{"Jumlah", Number, 10}, {"Nilai", Rupiah, 22}, {"Persen", Percent, 10}, {"Keterangan", Text, 80}}},
}
