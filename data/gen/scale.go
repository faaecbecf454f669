package gen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"time"
)

// BadRate is the share of generated records that carry a bad value (an
// unparsable amount or date): the run must reject or null them, never
// load them silently.
const BadRate = 0.001

// DupRate is the share of records repeated byte for byte, as ISB does.
const DupRate = 0.005

// How the line items of a Scale inbox divide among the sources, per
// mille: most purchases are small direct ones (non-tender, pencatatan,
// e-Katalog), tenders are few and large, and the regions record a share
// themselves (SIPD P3DN), some of it repeating LKPP contracts.
const (
	nonTenderShare  = 350
	tenderShare     = 50
	pencatatanShare = 250
	katalogShare    = 300
	tokoDaringShare = 30
	regionalShare   = 20
)

// Scale writes a national-scale inbox of about n line items in the real
// formats, streaming to disk: contracted non-tenders and tenders, SPSE
// pencatatan, e-Katalog v5 product lines and Toko Daring orders as ISB
// JSON, with the RUP packages they belong to, the product master and the
// Kemenperin TKDN registry export (CSV), and one SIPD P3DN realisation
// export per K/L/PD (an XLSX workbook for a province, a semicolon CSV for a
// kabupaten/kota; see scale_regional.go). The same n and seed give the
// same bytes.
func Scale(dir string, n int, seed uint64) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &scaleGen{r: rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15)), n: n}
	files := []struct {
		name string
		fn   func(w *jsonArray)
	}{
		{"RUP-PaketPenyedia-Terumumkan.json", s.rup},
		{"SPSE-NonTenderSelesai.json", s.each(nonTenderShare, s.nonTenderRec)},
		{"SPSE-TenderSelesaiNilai.json", s.each(tenderShare, s.tenderRec)},
		{"SPSE-PencatatanNonTender.json", s.each(pencatatanShare, func(w *jsonArray, i int) { s.pencatatanRec(w, i, "2025-10-03") })},
		{"Ecat-PaketEPurchasing.json", s.each(katalogShare, s.katalogRec)},
		{"Ecat-ProdukDetail.json", s.produk},
		{"Bela-TokoDaringRealisasi.json", s.each(tokoDaringShare, s.tokoDaringRec)},
	}
	var out []string
	for _, f := range files {
		p := filepath.Join(dir, f.name)
		w, err := newJSONArray(p)
		if err != nil {
			return nil, err
		}
		f.fn(w)
		if err := w.close(); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	reg := filepath.Join(dir, "sertifikat_tkdn.csv")
	if err := os.WriteFile(reg, []byte(s.registry()), 0o644); err != nil {
		return nil, err
	}
	regional, err := s.regional(dir)
	if err != nil {
		return nil, err
	}
	return append(append(out, reg), regional...), nil
}

type scaleGen struct {
	r    *rand.Rand
	n    int
	dups []regionalDup // non-tender contracts a region records again
}

// count is a source's number of records for a per-mille share.
func (s *scaleGen) count(perMille int) int { return s.n * perMille / 1000 }

// each writes a source's records 0 .. count(perMille)-1.
func (s *scaleGen) each(perMille int, rec func(w *jsonArray, i int)) func(w *jsonArray) {
	return func(w *jsonArray) {
		for i := 0; i < s.count(perMille); i++ {
			rec(w, i)
		}
	}
}

// klpd are the agencies: 34 provinces and 60 kabupaten/kota, D-codes.
func (s *scaleGen) klpd(i int) (string, string) {
	k := i % 94
	if k < 34 {
		return fmt.Sprintf("D%d", 100+k), fmt.Sprintf("Provinsi %d", k+1)
	}
	return fmt.Sprintf("D%d", 200+k), fmt.Sprintf("Kab. Contoh %d", k)
}

func (s *scaleGen) satker(i int) (int, string, string) {
	k := i % 2000
	return 300000 + k, fmt.Sprintf("%d.%02d.0.00.0.00.%02d.0000", 1+k%9, k%40, k%50), fmt.Sprintf("DINAS CONTOH %d", k)
}

// amount is a log-uniform rupiah value between 1 juta and 10 miliar.
func (s *scaleGen) amount() int64 {
	v := int64(1_000_000)
	for i := s.r.IntN(40); i > 0; i-- {
		v = v * 5 / 4
	}
	return v + s.r.Int64N(v/10+1)
}

func (s *scaleGen) date() time.Time {
	return time.Date(2025, 1, 2, 0, 0, 0, 0, time.UTC).AddDate(0, 0, s.r.IntN(300))
}

func (s *scaleGen) bad() bool { return s.r.Float64() < BadRate }

// rup writes the SiRUP packages the purchases belong to, about ten
// purchases each. Three in four are marked PDN in every K/L/PD, and a
// package's pagu is a multiple of one purchase's amount that differs by
// K/L/PD (paguPer100), so that each one realises a different share of its
// commitment, most of them short of the 80 % target, as in DKI Jakarta's
// 71.8 % on 15 Oct 2023.
func (s *scaleGen) rup(w *jsonArray) {
	for i := 0; i < max(s.n/10, 1); i++ {
		kd, nama := s.klpd(i)
		sk, str, sn := s.satker(i)
		w.rec(full("RUP-PaketPenyedia-Terumumkan", map[string]any{"tahun_anggaran": 2025, "kd_klpd": kd, "nama_klpd": nama, "jenis_klpd": "PROVINSI",
			"kd_satker": sk, "kd_satker_str": str, "nama_satker": sn, "kd_rup": 50000000 + i, "nama_paket": fmt.Sprintf("Paket %d", i),
			"pagu": s.amount() * paguPer100(i) / 100, "kd_metode_pengadaan": 8, "metode_pengadaan": "Pengadaan Langsung", "kd_jenis_pengadaan": "1",
			"jenis_pengadaan": "Barang", "status_pradipa": "Non-PraDIPA", "status_pdn": []string{"PDN", "PDN", "PDN", "Non PDN"}[(i/94)%4],
			"status_ukm": "UKM", "tipe_paket": "Penyedia", "status_aktif_rup": true, "status_delete_rup": false,
			"status_umumkan_rup": "Terumumkan", "_event_date": "2025-10-03"}))
	}
}

// paguPer100 is a RUP package's pagu per 100 rupiah of one purchase, by
// K/L/PD (the package's i modulo 94, as in klpd): 16.58x to 25.4x in ten
// steps.
func paguPer100(i int) int64 { return 1658 + 98*int64((i%94)*7%10) }

func (s *scaleGen) nonTenderRec(w *jsonArray, i int) {
	{
		kd, nama := s.klpd(i)
		sk, str, sn := s.satker(i)
		v := s.amount()
		var nilai any = v
		if i%3 == 0 {
			nilai = json.Number(fmt.Sprintf("%d.%02d", v, i%100))
		}
		pdn := any(nilai)
		if i%7 == 0 {
			pdn = 0
		}
		var tgl any = s.date().Add(16 * time.Hour).Format("2006-01-02 15:04:05")
		if s.bad() {
			nilai = "tidak tersedia"
		}
		if s.bad() {
			tgl = "2025-13-45"
		}
		f, f16 := npwp(i)
		if i%dupEvery == 0 && nilai != "tidak tersedia" && tgl != "2025-13-45" {
			s.dups = append(s.dups, regionalDup{klpd: kd, satker: i, npwp: f, penyedia: fmt.Sprintf("CV. PENYEDIA %d", i%50000), nilai: v, pdn: pdn != 0, tgl: tgl.(string)})
		}
		w.rec(rec{{"tahun_anggaran", 2025}, {"kd_klpd", kd}, {"nama_klpd", nama}, {"kd_satker", fmt.Sprint(sk)}, {"kd_satker_str", str},
			{"nama_satker", sn}, {"kd_nontender", int64(10_000_000_000) + int64(i)*1000}, {"kd_rup", fmt.Sprint(50000000 + i%max(s.n/10, 1))},
			{"nama_paket", fmt.Sprintf("Pengadaan Langsung %d", i)}, {"pagu", v + v/10}, {"hps", v + v/20}, {"nilai_kontrak", nilai},
			{"nilai_pdn_kontrak", pdn}, {"nilai_umk_kontrak", nilai}, {"sumber_dana", "APBD"}, {"mtd_pemilihan", "Pengadaan Langsung"},
			{"status_nontender", "Selesai"}, {"tgl_selesai_nontender", tgl}, {"kd_penyedia", 29000000 + i%50000},
			{"nama_penyedia", fmt.Sprintf("CV. PENYEDIA %d", i%50000)}, {"npwp_penyedia", f}, {"npwp16_penyedia", f16}})
	}
}

// tenderRec writes a contracted tender: fewer and larger than the
// non-tenders, a tenth of them imported, some partly domestic.
func (s *scaleGen) tenderRec(w *jsonArray, i int) {
	kd, nama := s.klpd(i + 5)
	_, str, sn := s.satker(i + 13)
	v := s.amount() * 20
	var nilai, pdn any = v, v
	switch i % 10 {
	case 0:
		pdn = 0
	case 3:
		pdn = v * 3 / 4
	}
	d := s.date()
	if s.bad() {
		nilai = "dalam proses"
	}
	f, f16 := npwp(20_000_000 + i%20000)
	w.rec(full("SPSE-TenderSelesaiNilai", map[string]any{"tahun_anggaran": 2025, "kd_klpd": kd, "nama_klpd": nama, "jenis_klpd": "PROVINSI",
		"kd_satker": str, "nama_satker": sn, "kd_lpse": 93, "kd_tender": int64(20_000_000_000) + int64(i)*1000,
		"kd_paket": int64(30_000_000_000) + int64(i)*1000, "kd_rup_paket": fmt.Sprint(50000000 + (i*3)%max(s.n/10, 1)),
		"pagu": v + v/5, "hps": v + v/10, "nilai_penawaran": v + v/50, "nilai_terkoreksi": v + v/50, "nilai_negosiasi": v,
		"nilai_kontrak": nilai, "tgl_pengumuman_tender": d.AddDate(0, 0, -30).Format("2006-01-02"),
		"tgl_penetapan_pemenang": d.Format("2006-01-02"), "kd_penyedia": 7000000 + i%20000,
		"nama_penyedia": fmt.Sprintf("PT. KONTRAKTOR %d", i%20000), "npwp_penyedia": f, "npwp_16_penyedia": f16,
		"nilai_pdn_kontrak": pdn, "nilai_umk_kontrak": []any{0, v}[i%2], "_event_date": "2025-10-03"}))
}

// tokoDaringRec writes a Toko Daring (Bela) order; one in forty failed at
// the marketplace.
func (s *scaleGen) tokoDaringRec(w *jsonArray, i int) {
	kd, nama := s.klpd(i + 17)
	sk, _, sn := s.satker(i + 19)
	st, ket := "berhasil", any(nil)
	if i%40 == 39 {
		st, ket = "gagal", "Payment Kadaluarsa"
	}
	var tgl any = s.date().Add(14 * time.Hour).Format("2006-01-02 15:04:05")
	if s.bad() {
		tgl = "2025-02-30 25:00:00"
	}
	w.rec(full("Bela-TokoDaringRealisasi", map[string]any{"tahun": 2025, "kd_klpd": kd, "nama_klpd": nama, "kd_satker": fmt.Sprint(sk),
		"nama_satker": sn, "order_id": fmt.Sprint(60_000_000 + i), "valuasi": s.amount() / 20, "metode_bayar": "transfer",
		"tanggal_transaksi": tgl, "marketplace": []string{"mbiz market", "blibli", "tokopedia", "shopee"}[i%4], "jenis_transaksi": "bela",
		"kota_kab": fmt.Sprintf("Kota Contoh %d", i%60), "provinsi": nama, "nama_pemesan": fmt.Sprintf("Nama %06d", i%5000),
		"status_verif": "verified", "sumber_data": "api_v3", "status_konfirmasi_ppmse": st, "keterangan_ppmse": ket}))
}

func (s *scaleGen) pencatatanRec(w *jsonArray, i int, event string) {
	{
		kd, nama := s.klpd(i + 7)
		sk, str, sn := s.satker(i + 11)
		v := s.amount() / 10
		d := s.date()
		status := "Paket Selesai"
		if i%50 == 0 {
			status = "Paket Dibatalkan"
		}
		w.rec(rec{{"tahun_anggaran", 2025}, {"kd_klpd", kd}, {"nama_klpd", nama}, {"kd_satker", fmt.Sprint(sk)}, {"kd_satker_str", str},
			{"nama_satker", sn}, {"kd_lpse", 93}, {"kd_nontender_pct", 7000000 + i}, {"kd_rup", fmt.Sprint(50000000 + (i*7)%max(s.n/10, 1))},
			{"nama_paket", fmt.Sprintf("Belanja %d", i)}, {"pagu", v + v/5}, {"total_realisasi", v}, {"nilai_pdn_pct", v * int64(i%3) / 2},
			{"nilai_umk_pct", v}, {"uraian_pekerjaan", fmt.Sprintf("<p>Belanja bahan %d</p>\r\n   ", i)}, {"status_nontender_pct", "Aktif"},
			{"status_nontender_pct_ket", status}, {"tgl_buat_paket", d.Format("2006-01-02T15:04:05.000000Z")},
			{"tgl_mulai_paket", d.Format("2006-01-02 15:04:05")}, {"tgl_selesai_paket", d.AddDate(0, 0, 5).Format("2006-01-02 15:04:05")},
			{"_event_date", event}})
	}
}

func (s *scaleGen) katalogRec(w *jsonArray, i int) {
	{
		kd, _ := s.klpd(i + 3)
		sk, _, sn := s.satker(i + 5)
		qty := int64(1 + i%50)
		v := s.amount() / 100 * qty
		w.rec(full("Ecat-PaketEPurchasing", map[string]any{"tahun_anggaran": 2025, "kd_klpd": kd, "satker_id": sk, "nama_satker": sn,
			"kd_paket": 8000000 + i/2, "no_paket": fmt.Sprintf("EPURCHASING-%d", i/2), "nama_paket": fmt.Sprintf("Pembelian %d", i/2),
			"kd_rup": 50000000 + i%max(s.n/10, 1), "kd_produk": 5500000 + (i*13)%1000, "kd_penyedia": 880000 + i%300, "kuantitas": qty,
			"harga_satuan": v / qty, "total_harga": v, "tanggal_buat_paket": s.date().Add(9 * time.Hour).Format("2006-01-02 15:04:05"),
			"status_paket": "selesai", "paket_status_str": "Paket Selesai"}))
	}
}

// ScaleDay writes one day's new dumps for a Scale inbox of n line items:
// about n/250 records (a working year's share) split among the ISB sources
// as in Scale, half of them new keys and half new snapshots of keys the
// inbox already has, in files named -hari<day>. (The regions' exports are
// not daily.) Written beside the Scale files, they are what a
// nightly run adds.
func ScaleDay(dir string, n, day int, seed uint64) ([]string, error) {
	if day < 1 {
		return nil, fmt.Errorf("day must be 1 or more, not %d", day)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &scaleGen{r: rand.New(rand.NewPCG(seed, uint64(day))), n: n}
	c := max(n/250, 10)
	event := time.Date(2025, 10, 3, 0, 0, 0, 0, time.UTC).AddDate(0, 0, day).Format("2006-01-02")
	files := []struct {
		name  string
		base  int
		share int
		rec   func(w *jsonArray, i int)
	}{
		{"SPSE-NonTenderSelesai", s.count(nonTenderShare), c * nonTenderShare / 1000, s.nonTenderRec},
		{"SPSE-TenderSelesaiNilai", s.count(tenderShare), c * tenderShare / 1000, s.tenderRec},
		{"SPSE-PencatatanNonTender", s.count(pencatatanShare), c * pencatatanShare / 1000, func(w *jsonArray, i int) { s.pencatatanRec(w, i, event) }},
		{"Ecat-PaketEPurchasing", s.count(katalogShare), c * katalogShare / 1000, s.katalogRec},
		{"Bela-TokoDaringRealisasi", s.count(tokoDaringShare), c * tokoDaringShare / 1000, s.tokoDaringRec},
	}
	var out []string
	for _, f := range files {
		if f.share == 0 {
			continue
		}
		p := filepath.Join(dir, fmt.Sprintf("%s-hari%d.json", f.name, day))
		w, err := newJSONArray(p)
		if err != nil {
			return nil, err
		}
		for j := 0; j < f.share/2; j++ { // new snapshots of existing keys
			f.rec(w, s.r.IntN(max(f.base, 1)))
		}
		for j := 0; j < f.share-f.share/2; j++ { // new keys
			f.rec(w, f.base+(day-1)*f.share+j)
		}
		if err := w.close(); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}

func (s *scaleGen) produk(w *jsonArray) {
	for i := 0; i < 1000; i++ {
		jenis := []string{"lokal", "lokal", "lokal", "impor"}[i%4]
		w.rec(full("Ecat-ProdukDetail", map[string]any{"kd_produk": 5500000 + i, "nama_produk": fmt.Sprintf("Produk %d", i%200),
			"nama_manufaktur": fmt.Sprintf("PT Pabrik %d", i%100), "nama_pemilik_sertifikat_tkdn": fmt.Sprintf("PT Pabrik %d", i%100),
			"nama_komoditas": fmt.Sprintf("Komoditas %d", i%20), "jenis_produk": jenis, "nomor_tkdn": fmt.Sprintf("%04d/TKDN/2024", i%500)}))
	}
}

func (s *scaleGen) registry() string {
	out := "Nomor Sertifikat,Tanggal Terbit,Nama Perusahaan,Kelompok Barang,Produk,Nilai TKDN (%),Nilai BMP (%),Tanggal Kadaluarsa\n"
	for i := 0; i < 500; i++ {
		out += fmt.Sprintf("%04d/TKDN/2024,2024-01-15,PT Pabrik %d,Komoditas %d,Produk %d,%d.%02d,%d,2029-01-15\n", i, i%100, i%20, i%200, 10+i%60, i%100, i%16)
	}
	return out
}

// jsonArray streams records as a bare JSON array, one compact record per
// line; DupRate of them are written twice.
type jsonArray struct {
	f     *os.File
	w     *bufio.Writer
	n     int
	r     *rand.Rand
	first bool
}

func newJSONArray(path string) (*jsonArray, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	w.WriteString("[")
	return &jsonArray{f: f, w: w, r: rand.New(rand.NewPCG(uint64(len(path)), 7)), first: true}, nil
}

func (a *jsonArray) rec(r rec) {
	var b []byte
	b = append(b, '{')
	for i, p := range r {
		if i > 0 {
			b = append(b, ',')
		}
		k, _ := json.Marshal(p.k)
		v, _ := json.Marshal(p.v)
		b = append(append(append(b, k...), ':'), v...)
	}
	b = append(b, '}')
	times := 1
	if a.r.Float64() < DupRate {
		times = 2
	}
	for ; times > 0; times-- {
		if !a.first {
			a.w.WriteString(",")
		}
		a.first = false
		a.w.WriteString("\n")
		a.w.Write(b)
		a.n++
	}
}

func (a *jsonArray) close() error {
	a.w.WriteString("\n]\n")
	if err := a.w.Flush(); err != nil {
		a.f.Close()
		return err
	}
	return a.f.Close()
}
