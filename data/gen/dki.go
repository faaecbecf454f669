package gen

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// The bundled sample reproduces the figure DKI Jakarta reported for 2023
// (Bisnis.com, 17 Oct 2023, from the Bigbox LKPP dashboard): realisasi
// belanja PDN Rp11,35 T of a komitmen of Rp15,8 T = 71,8 % as of 15 Oct
// 2023, against an 80 % target. The dump is "pulled" on 15 Oct 2023.
const (
	DKIKomitmen  = 15_800_000_000_000 // rupiah
	DKIRealisasi = 11_350_000_000_000 // rupiah, PDN part as of 15 Oct 2023
	// DKIKlpd is the K/L/PD code used for the sample. DKI's real SiRUP
	// code was not found (LKPP_FORMATS.md §5); "D11" follows SiRUP's
	// provinsi id 11 and is an assumption of the sample, not LKPP's code.
	DKIKlpd = "D11"
)

var dkiPull = time.Date(2023, 10, 15, 0, 0, 0, 0, time.UTC)

type satker struct {
	id   int
	str  string
	nama string
}

var dkiSatker = []satker{
	{230101, "1.01.0.00.0.00.01.0000", "DINAS PENDIDIKAN"},
	{230102, "1.02.0.00.0.00.01.0000", "DINAS KESEHATAN"},
	{230103, "1.03.0.00.0.00.01.0000", "DINAS BINA MARGA"},
	{230104, "1.03.0.00.0.00.02.0000", "DINAS SUMBER DAYA AIR"},
	{230105, "1.04.0.00.0.00.01.0000", "DINAS PERUMAHAN RAKYAT DAN KAWASAN PERMUKIMAN"},
	{230106, "1.05.0.00.0.00.01.0000", "DINAS PENANGGULANGAN KEBAKARAN DAN PENYELAMATAN"},
	{230107, "2.11.0.00.0.00.01.0000", "DINAS LINGKUNGAN HIDUP"},
	{230108, "2.15.0.00.0.00.01.0000", "DINAS PERHUBUNGAN"},
	{230109, "4.01.0.00.0.00.01.0000", "SEKRETARIAT DAERAH"},
	{230110, "5.01.0.00.0.00.01.0000", "BADAN PERENCANAAN PEMBANGUNAN DAERAH"},
}

const rp = 100 // cents per rupiah

// WriteDKI2023 writes the DKI Jakarta 2023 sample into dir and returns the
// files written. The output is the same, byte for byte, on every call.
func WriteDKI2023(dir string) ([]string, error) {
	g := &dkiGen{r: rand.New(rand.NewPCG(2023, 1015))}
	files := map[string][]rec{
		"RUP-MasterSatker.json":             g.masterSatker(),
		"RUP-PaketPenyedia-Terumumkan.json": g.rup(),
	}
	// PDN realised by channel, as of the pull date; they add up to DKIRealisasi.
	pdn := split(DKIRealisasi*rp, []int64{44, 20, 21, 7, 8})
	// The regional part is whole thousands of rupiah (the provincial
	// template counts in thousands); the rest goes to pencatatan.
	regional := pdn[4] / (1000 * rp) * (1000 * rp)
	pdn[2] += pdn[4] - regional
	files["SPSE-TenderSelesaiNilai.json"] = g.tender(pdn[0])
	files["SPSE-NonTenderSelesai.json"] = g.nonTender(pdn[1])
	files["SPSE-PencatatanNonTender.json"] = g.pencatatan(pdn[2])
	files["Ecat-PaketEPurchasing.json"], files["Ecat-ProdukDetail.json"], files["Ecat-PenyediaDetail.json"] = g.katalog(pdn[3])
	files["Ecat-PaketEPurchasingV6.json"] = g.ecat()
	files["Bela-TokoDaringRealisasi.json"] = g.tokoDaring()
	out, err := writeAll(dir, files)
	if err != nil {
		return nil, err
	}
	reg := filepath.Join(dir, "sertifikat_tkdn_2023.csv")
	if err := os.WriteFile(reg, []byte(registryCSV()), 0o644); err != nil {
		return nil, err
	}
	more, err := writeRegional(dir, g.regional(regional, files["SPSE-TenderSelesaiNilai.json"]))
	if err != nil {
		return nil, err
	}
	return append(append(out, reg), more...), nil
}

type dkiGen struct {
	r    *rand.Rand
	rups []int64 // kd_rup of the PDN packages, for the realisation feeds
}

func (g *dkiGen) sk(i int) satker { return dkiSatker[i%len(dkiSatker)] }

// day returns a date in 2023 up to the pull date.
func (g *dkiGen) day() time.Time {
	return time.Date(2023, 1, 15, 0, 0, 0, 0, time.UTC).AddDate(0, 0, g.r.IntN(258))
}

func weights(r *rand.Rand, n int) []int64 {
	w := make([]int64, n)
	for i := range w {
		w[i] = 50 + r.Int64N(100)
	}
	return w
}

func base(sk satker) rec {
	return rec{{"tahun_anggaran", 2023}, {"kd_klpd", DKIKlpd}, {"nama_klpd", "Provinsi DKI Jakarta"}, {"jenis_klpd", "PROVINSI"}}
}

func (g *dkiGen) masterSatker() []rec {
	var out []rec
	for _, s := range dkiSatker {
		out = append(out, rec{{"kd_satker", s.id}, {"kd_satker_str", s.str}, {"nama_satker", s.nama}, {"alamat", nil},
			{"telepon", nil}, {"fax", nil}, {"kodepos", nil}, {"status_satker", "Aktif"}, {"ket_satker", "Satker/OPD Non-BLU/BLUD"},
			{"jenis_satker", "SKPD"}, {"kd_klpd", DKIKlpd}, {"nama_klpd", "Provinsi DKI Jakarta"}, {"jenis_klpd", "PROVINSI"}, {"kode_eselon", nil}})
	}
	return out
}

// rup writes 60 PDN packages whose active pagu adds up to DKIKomitmen,
// plus a deleted and an inactive package that must not count.
func (g *dkiGen) rup() []rec {
	pagu := split(DKIKomitmen, weights(g.r, 60))
	var out []rec
	add := func(i int, p int64, aktif, del bool) {
		sk := g.sk(i)
		kd := int64(41000000 + i*1237)
		g.rups = append(g.rups, kd)
		metode := []string{"Tender", "Pengadaan Langsung", "E-Purchasing"}[i%3]
		r := append(base(sk), kv{"kd_satker", sk.id}, kv{"kd_satker_str", sk.str}, kv{"nama_satker", sk.nama},
			kv{"kd_rup", kd}, kv{"nama_paket", fmt.Sprintf("Belanja %s Paket %d", []string{"Modal Peralatan", "Barang Pakai Habis", "Jasa Konstruksi"}[i%3], i+1)},
			kv{"pagu", p}, kv{"kd_metode_pengadaan", []int{13, 8, 9}[i%3]}, kv{"metode_pengadaan", metode},
			kv{"kd_jenis_pengadaan", fmt.Sprint(1 + i%4)}, kv{"jenis_pengadaan", []string{"Barang", "Pekerjaan Konstruksi", "Jasa Konsultansi", "Jasa Lainnya"}[i%4]},
			kv{"status_pradipa", "Non-PraDIPA"}, kv{"status_pdn", "PDN"}, kv{"status_ukm", "UKM"}, kv{"alasan_non_ukm", nil},
			kv{"status_konsolidasi", "Non-Konsolidasi"}, kv{"tipe_paket", "Penyedia"}, kv{"kd_rup_swakelola", nil}, kv{"kd_rup_lokal", nil},
			kv{"volume_pekerjaan", "1 Paket"}, kv{"urarian_pekerjaan", "Pengadaan untuk kebutuhan " + sk.nama},
			kv{"spesifikasi_pekerjaan", "Sesuai KAK"}, kv{"tgl_awal_pemilihan", "2023-02-01"}, kv{"tgl_akhir_pemilihan", "2023-03-01"},
			kv{"tgl_awal_kontrak", "2023-03-01"}, kv{"tgl_akhir_kontrak", "2023-12-01"}, kv{"tgl_awal_pemanfaatan", "2023-03-01"},
			kv{"tgl_akhir_pemanfaatan", "2023-12-01"}, kv{"tgl_buat_paket", "2022-12-20"}, kv{"tgl_pengumuman_paket", "2023-01-05 09:12:44"},
			kv{"nip_ppk", fmt.Sprintf("19750101200001%04d", i)}, kv{"nama_ppk", fmt.Sprintf("Nama %06d", 100+i)}, kv{"username_ppk", nil},
			kv{"status_aktif_rup", aktif}, kv{"status_delete_rup", del}, kv{"status_umumkan_rup", "Terumumkan"},
			kv{"status_dikecualikan", false}, kv{"alasan_dikecualikan", nil}, kv{"tahun_pertama", nil}, kv{"kode_rup_tahun_pertama", nil},
			kv{"nomor_kontrak", nil}, kv{"spp_aspek_ekonomi", false}, kv{"spp_aspek_sosial", false}, kv{"spp_aspek_lingkungan", false},
			kv{"_event_date", dkiPull.Format("2006-01-02")})
		out = append(out, r)
	}
	for i, p := range pagu {
		add(i, p, true, false)
	}
	add(len(pagu), 250_000_000_000, true, true)    // deleted: not komitmen
	add(len(pagu)+1, 90_000_000_000, false, false) // inactive: not komitmen
	return out
}

func (g *dkiGen) rupCode(i int) string { return fmt.Sprint(g.rups[i%60]) }

func npwp(i int) (string, string) {
	d := fmt.Sprintf("%02d%07d%06d", 1+i%90, 1000000+i*7919%9000000, 100000+i*31%900000)
	return fmt.Sprintf("%s.%s.%s.%s-%s.%s", d[0:2], d[2:5], d[5:8], d[8:9], d[9:12], d[12:15]), "0" + d
}

// tender writes 36 contracted tenders whose PDN parts add up to pdn, three
// of them partly domestic, and two tenders not yet contracted.
func (g *dkiGen) tender(pdn int64) []rec {
	parts := split(pdn, weights(g.r, 36))
	var out []rec
	for i := 0; i < 38; i++ {
		sk := g.sk(i)
		var nilai, npdn, umk any
		if i < 36 {
			p := parts[i]
			k := p
			if i%12 == 5 {
				k = p + p/4 // a quarter of the contract is imported
			}
			nilai, npdn = money(k), money(p)
			umk = money(0)
			if i%3 == 0 {
				umk = money(k)
			}
		}
		f, f16 := npwp(i)
		out = append(out, append(base(sk), kv{"kd_satker", sk.str}, kv{"nama_satker", sk.nama}, kv{"kd_lpse", 601},
			kv{"kd_tender", int64(90001000000 + i*1000)}, kv{"kd_paket", int64(80001000000 + i*1000)}, kv{"kd_rup_paket", g.rupCode(3 * i)},
			kv{"pagu", money(0)}, kv{"hps", money(0)}, kv{"nilai_penawaran", nilai}, kv{"nilai_terkoreksi", nilai}, kv{"nilai_negosiasi", nilai},
			kv{"nilai_kontrak", nilai}, kv{"tgl_pengumuman_tender", "2023-02-10"}, kv{"tgl_penetapan_pemenang", g.day().Format("2006-01-02")},
			kv{"kd_penyedia", int64(7000014 + i)}, kv{"nama_penyedia", fmt.Sprintf("PT. KARYA JAYA %d", i)},
			kv{"npwp_penyedia", f}, kv{"npwp_16_penyedia", f16}, kv{"nilai_pdn_kontrak", npdn}, kv{"nilai_umk_kontrak", umk},
			kv{"_event_date", dkiPull.Format("2006-01-02")}))
	}
	return out
}

// nonTender writes 80 contracted non-tenders (PDN parts adding up to pdn),
// five fully imported, one not yet contracted and one exact duplicate.
func (g *dkiGen) nonTender(pdn int64) []rec {
	parts := split(pdn, weights(g.r, 80))
	var out []rec
	for i := 0; i < 86; i++ {
		sk := g.sk(i)
		var nilai, npdn, umk any
		switch {
		case i < 80:
			nilai, npdn, umk = money(parts[i]), money(parts[i]), money(parts[i])
		case i < 85:
			v := money(int64(150_000_000+g.r.IntN(50_000_000)) * rp)
			nilai, npdn, umk = v, money(0), money(0)
		}
		f, f16 := npwp(100 + i)
		t := g.day().Add(16 * time.Hour)
		out = append(out, append(base(sk), kv{"lpse_id", 601}, kv{"kd_satker", fmt.Sprintf("%d601", 12000+i%10)},
			kv{"kd_satker_str", sk.str}, kv{"nama_satker", sk.nama}, kv{"kd_lpse", 601}, kv{"nama_lpse", "LPSE Provinsi DKI Jakarta"},
			kv{"kd_nontender", int64(91001000000 + i*1000)}, kv{"kd_pkt_dce", int64(81001000000 + i*1000)}, kv{"kd_rup", g.rupCode(3*i + 1)},
			kv{"nama_paket", fmt.Sprintf("Pengadaan Langsung %s %d", sk.nama, i)}, kv{"pagu", money(0)}, kv{"hps", money(0)},
			kv{"nilai_penawaran", nilai}, kv{"nilai_terkoreksi", nilai}, kv{"nilai_negosiasi", nilai}, kv{"nilai_kontrak", nilai},
			kv{"nilai_pdn_kontrak", npdn}, kv{"nilai_umk_kontrak", umk}, kv{"sumber_dana", "APBD"}, kv{"mak", nil},
			kv{"kualifikasi_paket", "Kecil"}, kv{"jenis_pengadaan", "Pengadaan Barang"}, kv{"mtd_pemilihan", "Pengadaan Langsung"},
			kv{"kontrak_pembayaran", "Lumsum"}, kv{"status_nontender", "Selesai"},
			kv{"tgl_pengumuman_nontender", t.AddDate(0, 0, -14).Format("2006-01-02 15:04:05")},
			kv{"tgl_selesai_nontender", t.Format("2006-01-02 15:04:05")}, kv{"kd_penyedia", int64(29000014 + i)},
			kv{"nama_penyedia", fmt.Sprintf("CV. MAKMUR %d", i)}, kv{"npwp_penyedia", f}, kv{"npwp16_penyedia", f16},
			kv{"url_lpse", "https://spse.inaproc.id/jakarta"}, kv{"tgl_penarikan", dkiPull.Format("2006-01-02")}))
	}
	out = append(out, out[7]) // an exact duplicate, as in the real SPSE feeds
	return out
}

// pencatatan writes 60 recorded purchases whose PDN adds up to pdn, one
// cancelled, one with several kd_rup and one ending before it starts.
func (g *dkiGen) pencatatan(pdn int64) []rec {
	parts := split(pdn, weights(g.r, 60))
	var out []rec
	for i := 0; i < 61; i++ {
		sk := g.sk(i)
		p := int64(0)
		status := "Paket Selesai"
		if i < 60 {
			p = parts[i]
		} else {
			p, status = 480_000_000*rp, "Paket Dibatalkan"
		}
		kdrup := g.rupCode(3*i + 2)
		if i == 4 {
			kdrup += ";" + g.rupCode(3*i+5)
		}
		start := g.day()
		end := start.AddDate(0, 0, 10)
		if i == 9 {
			end = start.AddDate(0, 0, -10)
		}
		out = append(out, append(base(sk), kv{"kd_satker", fmt.Sprintf("%d601", 16000+i%10)}, kv{"kd_satker_str", sk.str},
			kv{"nama_satker", sk.nama}, kv{"kd_lpse", 601}, kv{"kd_nontender_pct", int64(7700601 + i*1000)},
			kv{"kd_pkt_dce", int64(19100601 + i*1000)}, kv{"kd_rup", kdrup}, kv{"nama_paket", fmt.Sprintf("Belanja Alat/Bahan %d", i)},
			kv{"pagu", money(p + p/10)}, kv{"total_realisasi", money(p)}, kv{"nilai_pdn_pct", money(p)}, kv{"nilai_umk_pct", money(p)},
			kv{"sumber_dana", "APBD"}, kv{"uraian_pekerjaan", fmt.Sprintf("<p>Belanja Alat Bahan untuk Kegiatan Kantor %d</p>                    \r\n                ", i)},
			kv{"informasi_lainnya", nil}, kv{"kategori_pengadaan", "Pengadaan Barang"}, kv{"mtd_pemilihan", "Pengadaan Langsung"},
			kv{"bukti_pembayaran", "NonSPK"}, kv{"status_nontender_pct", "Aktif"}, kv{"status_nontender_pct_ket", status},
			kv{"alasan_pembatalan", nil}, kv{"nip_ppk", fmt.Sprintf("1980020220100%05d", i)}, kv{"nama_ppk", fmt.Sprintf("Nama %06d", 500+i)},
			kv{"tgl_buat_paket", start.Add(10 * time.Hour).Format("2006-01-02T15:04:05.000000Z")},
			kv{"tgl_mulai_paket", start.Add(10*time.Hour + 6*time.Minute).Format("2006-01-02 15:04:05")},
			kv{"tgl_selesai_paket", end.Format("2006-01-02 15:04:05")}, kv{"_event_date", dkiPull.Format("2006-01-02")}))
	}
	return out
}

// ecat writes 40 e-Katalog v6 orders: realised, but v6 carries no TKDN, so
// they count in the total as UNKNOWN and never as PDN.
func (g *dkiGen) ecat() []rec {
	var out []rec
	status := []string{"COMPLETED", "ON_PROCESS", "PAYMENT_OUTSIDE_SYSTEM"}
	for i := 0; i < 40; i++ {
		sk := g.sk(i)
		out = append(out, rec{{"tahun_anggaran", 2023}, {"jenis_instansi", "PROVINSI"}, {"nama_instansi", "Provinsi DKI Jakarta"},
			{"nama_satker", sk.nama}, {"kd_klpd", DKIKlpd}, {"kd_satker_str", sk.str}, {"kd_paket", fmt.Sprintf("01H0DKI%019d", i)},
			{"kd_rup", g.rupCode(3 * i)}, {"rup_nama_pkt", fmt.Sprintf("Belanja e-Katalog %d", i)},
			{"product_ids", fmt.Sprintf("0a11c374-e5d6-4d1b-b079-%012d", i)}, {"sumber_dana", "APBD"}, {"mak", nil},
			{"kd_penyedia_v6", fmt.Sprintf("01JHKT4BFA%016d", i)}, {"kd_penyedia_sikap", 4186014 + i}, {"jml_jenis_produk", 1 + i%5},
			{"jml_produk", 10 + i}, {"ongkir", 0}, {"total_harga", 20_000_000_000 + g.r.Int64N(20_000_000_000)},
			{"tgl_order", g.day().Format("2006-01-02")}, {"status_pkt", status[i%3]}, {"status_pengiriman", "COMPLETED"}})
	}
	return out
}

// tokoDaring writes 12 orders, two of which failed at the PPMSE.
func (g *dkiGen) tokoDaring() []rec {
	var out []rec
	for i := 0; i < 12; i++ {
		sk := g.sk(i)
		st, ket := "berhasil", any(nil)
		if i%6 == 5 {
			st, ket = "gagal", "Payment Kadaluarsa"
		}
		out = append(out, rec{{"tahun", 2023}, {"kd_klpd", DKIKlpd}, {"nama_klpd", "Provinsi DKI Jakarta"}, {"kd_satker", fmt.Sprint(sk.id)},
			{"nama_satker", sk.nama}, {"order_id", fmt.Sprint(5100000 + i)}, {"order_desc", nil}, {"valuasi", 5_000_000 + g.r.IntN(90_000_000)},
			{"kategori", nil}, {"metode_bayar", "transfer"}, {"tanggal_transaksi", g.day().Add(14 * time.Hour).Format("2006-01-02 15:04:05")},
			{"marketplace", "mbiz market"}, {"merchant_name", nil}, {"jenis_transaksi", "bela"}, {"kota_kab", "Jakarta Pusat (Kota)"},
			{"provinsi", "DKI Jakarta"}, {"nama_pemesan", fmt.Sprintf("Nama %06d", 900+i)}, {"status_verif", "verified"},
			{"sumber_data", "api_v3"}, {"status_konfirmasi_ppmse", st}, {"keterangan_ppmse", ket}})
	}
	return out
}
