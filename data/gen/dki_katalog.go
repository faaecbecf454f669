package gen

import (
	"fmt"
	"strings"
	"time"

	"github.com/p3dn/p3dn/extract"
)

// full fills every field of a service, in spec order, from vals (nil for
// the rest), so that generated records have the real key set.
func full(service string, vals map[string]any) rec {
	svc := extract.ServiceByName(service)
	r := make(rec, 0, len(svc.Fields))
	for _, f := range svc.Fields {
		r = append(r, kv{f.Name, vals[f.Name]})
	}
	return r
}

// product is one e-Katalog product of the sample and its TKDN situation.
type product struct {
	id                  int
	nama, pemilik       string
	komoditas, kategori string
	jenis               string // lokal | impor | ""
	tkdnEkat, bmpEkat   string // e-Katalog's own values ("" = none)
	nomor               string // certificate number in e-Katalog
	pdn                 bool   // expected to count as PDN
}

// The products cover every product-level class (TKDN_RULES §2).
var dkiProducts = []product{
	{1, "Kursi Kerja Ergonomis", "PT Mebel Nusantara", "Furnitur", "Kursi", "lokal", "45.10", "5.00", "0001/TKDN/2023", true}, // TKDN+BMP >= 40
	{2, "Laptop Pelajar 14 inci", "PT Elektronik Merdeka", "Komputer", "Laptop", "lokal", "30.00", "", "", true},              // TKDN >= 25 (matched by company + product)
	{3, "Printer Laser A4", "PT Cetak Prima", "Peralatan Kantor", "Printer", "lokal", "", "", "0003/TKDN/2023", true},         // TKDN < 25
	{4, "Genset 100 kVA", "PT Daya Abadi", "Mesin", "Genset", "lokal", "", "", "0004/TKDN/2020", true},                        // expired certificate
	{5, "Kertas HVS A4", "CV Kertas Rakyat", "Alat Tulis Kantor", "Kertas", "lokal", "", "", "", true},                        // lokal without TKDN
	{6, "Proyektor Impor X1", "Global Vision Ltd", "Peralatan Kantor", "Proyektor", "impor", "", "", "", false},               // import
	{7, "Alat Laboratorium Z", "", "Alat Kesehatan", "Alat Lab", "", "", "", "", false},                                       // unknown
}

// registryCSV is the sample's TKDN registry in its CSV form (certificate
// number, issue date and BMP, which the bulk export lacks).
func registryCSV() string {
	rows := []string{
		"Nomor Sertifikat;Tanggal Terbit;Nama Perusahaan;Kelompok Barang;Produk;Spesifikasi;Merk;KBLI;Nilai TKDN (%);Nilai BMP (%);Tanggal Kadaluarsa",
		"0001/TKDN/2023;10 Januari 2023;PT. MEBEL NUSANTARA;Furnitur;Kursi Kerja;Rangka baja, jok busa;Nusa;31001;37,01;5;10/01/2026",
		"0002/TKDN/2023;2023-02-01;PT Elektronik Merdeka;Komputer;Laptop Pelajar;14 inci, 8 GB;Merdeka;26201;30.00;;2026-02-01",
		"0003/TKDN/2023;2023-01-05;PT Cetak Prima;Peralatan Kantor;Printer Laser;A4 mono;Prima;28173;18.50;0;2026-01-05",
		"0004/TKDN/2020;2020-03-01;PT Daya Abadi;Mesin;Genset;100 kVA;Daya;28110;52.00;10;2023-03-01",
		"0005/TKDN/2023;2023-03-01;PT Proyeksi Indonesia;Peralatan Kantor;Proyektor;3000 lumen;Proyeksi;26700;42.00;3;2026-03-01",
	}
	return strings.Join(rows, "\n") + "\n"
}

// katalog writes e-Katalog v5 packages of the products above (their PDN
// lines add up to pdn), the product master and the provider master.
func (g *dkiGen) katalog(pdn int64) (pkgs, produk, penyedia []rec) {
	var pdnIdx []int
	for i, p := range dkiProducts {
		if p.pdn {
			pdnIdx = append(pdnIdx, i)
		}
	}
	// 30 packages of one or two lines; PDN lines share pdn exactly.
	type line struct {
		paket, prod int
		nilai       int64
	}
	var lines []line
	for k := 0; k < 30; k++ {
		lines = append(lines, line{paket: k, prod: pdnIdx[k%len(pdnIdx)]})
		if k%3 == 0 {
			lines = append(lines, line{paket: k, prod: 5 + k%2}) // an import or an unknown line
		}
	}
	var pdnLines []int
	for i, l := range lines {
		if dkiProducts[l.prod].pdn {
			pdnLines = append(pdnLines, i)
		} else {
			lines[i].nilai = (2_000_000_000 + g.r.Int64N(3_000_000_000)) * rp
		}
	}
	parts := split(pdn, weights(g.r, len(pdnLines)))
	for j, i := range pdnLines {
		lines[i].nilai = parts[j]
	}
	dates := map[int]time.Time{}
	for _, l := range lines {
		p := dkiProducts[l.prod]
		sk := g.sk(l.paket)
		if _, ok := dates[l.paket]; !ok {
			dates[l.paket] = g.day().Add(9 * time.Hour)
		}
		qty := int64(1 + l.paket%20)
		pkgs = append(pkgs, full("Ecat-PaketEPurchasing", map[string]any{
			"tahun_anggaran": 2023, "kd_klpd": DKIKlpd, "satker_id": sk.id, "nama_satker": sk.nama,
			"kd_paket": 7300000 + l.paket, "no_paket": fmt.Sprintf("EPURCHASING-%d", 7300000+l.paket),
			"nama_paket": fmt.Sprintf("Pembelian %s %d", p.kategori, l.paket), "kd_rup": g.rupCode(3*l.paket + 1),
			"nama_sumber_dana": "APBD", "kd_produk": 5500000 + p.id, "kd_penyedia": 880000 + p.id, "jml_jenis_produk": 1,
			"kuantitas": qty, "harga_satuan": money(l.nilai / qty), "ongkos_kirim": 0, "total_harga": money(l.nilai),
			"tanggal_buat_paket": dates[l.paket].Format("2006-01-02 15:04:05"), "tanggal_edit_paket": dates[l.paket].Format("2006-01-02 15:04:05"),
			"status_paket": "selesai", "paket_status_str": "Paket Selesai",
		}))
	}
	for _, p := range dkiProducts {
		jenis := any(p.jenis)
		if p.jenis == "" {
			jenis = nil
		}
		produk = append(produk, full("Ecat-ProdukDetail", map[string]any{
			"kd_produk": 5500000 + p.id, "nama_produk": p.nama, "nama_manufaktur": p.pemilik, "nama_penyedia": "Penyedia " + p.pemilik,
			"nama_komoditas": p.komoditas, "nama_kategori_terkecil": p.kategori, "jenis_produk": jenis,
			"tkdn_produk": p.tkdnEkat, "nilai_bmp": p.bmpEkat, "nomor_tkdn": p.nomor, "nama_pemilik_sertifikat_tkdn": p.pemilik,
			"harga":  fmt.Sprintf(`[{"harga_utama":0.0,"ongkos_kirim":0.0,"harga":%d,"provinsiId":11,"kabupatenId":155}]`, 1_000_000*p.id),
			"status": "tayang", "apakah_dapat_dibeli": "ya", "active": 1, "modified_date": "2023-01-02 08:00:00",
		}))
		ukm := "UKM"
		if p.id%2 == 0 {
			ukm = "Non UKM"
		}
		penyedia = append(penyedia, full("Ecat-PenyediaDetail", map[string]any{
			"kd_penyedia": 880000 + p.id, "nama_penyedia": "Penyedia " + p.pemilik, "penyedia_ukm": ukm,
		}))
	}
	return pkgs, produk, penyedia
}
