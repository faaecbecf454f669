package transform

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/p3dn/p3dn/extract"
)

// TransaksiItem holds product lines where a source has them (e-Katalog
// v5), each classified on its own with its matched certificate.
var TransaksiItem = extract.NewService("transaksi_item", "transaksi_item",
	"transaksi_id:id! item_no:int! kd_produk:id nama_produk:str perusahaan:str komoditas:str kbki:id "+
		"kuantitas:num harga_satuan:money nilai:money nilai_pdn:money pdn_class:id is_pdn:bool sakti_cluster:id "+
		"rule_id:id alasan:str nomor_sertifikat:id match_method:id match_score:num tkdn_sertifikat:num "+
		"bmp_sertifikat:num tkdn_ekatalog:num bmp_ekatalog:num compliance_flag:id flag_kualitas:str tanggal:date")

func init() { TransaksiItem.Derived = true }

const itemFields = " _d_nama_produk:str _d_manufaktur:str _d_pemilik:str _d_jenis:str _d_tkdn:num _d_bmp:num" +
	" _d_nomor:id _d_komoditas:str _d_kategori:str _d_kbki:id _d_kd:id _y_ukm:str"

// itemReads lists the fields Packages reads: the item query selects these.
const itemReads = "kd_paket kd_produk kuantitas harga_satuan total_harga tanggal_buat_paket tahun_anggaran kd_klpd nama_satker " +
	"kd_rup nama_paket kd_penyedia satker_id paket_status_str _d_nama_produk _d_manufaktur _d_pemilik _d_jenis _d_tkdn _d_bmp " +
	"_d_nomor _d_komoditas _d_kategori _d_kbki _d_kd _y_ukm"

// ItemSource is the query over e-Katalog v5 product lines joined to the
// product master (for jenis_produk, TKDN, BMP, certificate number) and the
// provider master (for UMK status), ordered by package.
func ItemSource(sc Scope) Source {
	v5 := extract.ServiceByName("Ecat-PaketEPurchasing")
	joined := extended(v5, v5.Name, itemFields+snapshotFields).Select(strings.Fields(itemReads)...)
	q := fmt.Sprintf(`WITH p AS (SELECT *, count(*) OVER (PARTITION BY kd_paket, kd_produk) AS _snapshots FROM %s%s
	QUALIFY row_number() OVER (PARTITION BY kd_paket, kd_produk ORDER BY tanggal_edit_paket DESC NULLS LAST, _source_file DESC, _record DESC) = 1),
d AS (SELECT * FROM isb_ecat_produkdetail QUALIFY row_number() OVER (PARTITION BY kd_produk ORDER BY modified_date DESC NULLS LAST, _source_file DESC, _record DESC) = 1),
y AS (SELECT * FROM isb_ecat_penyediadetail QUALIFY row_number() OVER (PARTITION BY kd_penyedia ORDER BY _source_file DESC, _record DESC) = 1),
j AS (SELECT p.*, d.nama_produk AS _d_nama_produk, d.nama_manufaktur AS _d_manufaktur, d.nama_pemilik_sertifikat_tkdn AS _d_pemilik,
	d.jenis_produk AS _d_jenis, d.tkdn_produk AS _d_tkdn, d.nilai_bmp AS _d_bmp, d.nomor_tkdn AS _d_nomor,
	d.nama_komoditas AS _d_komoditas, d.nama_kategori_terkecil AS _d_kategori, d.kbki_id AS _d_kbki, d.kd_produk AS _d_kd, y.penyedia_ukm AS _y_ukm
	FROM p LEFT JOIN d ON d.kd_produk = p.kd_produk LEFT JOIN y ON y.kd_penyedia = p.kd_penyedia)
SELECT %s FROM j ORDER BY j.kd_paket, j.kd_produk`, v5.Table, sc.keyFilter(ChEPurchasing, "kd_paket"), selectList(joined, "j"))
	return Source{Service: joined, Query: q, Items: true, Table: v5.Table, Key: "kd_paket"}
}

// origin reads e-Katalog's jenis_produk.
func origin(jenis string) (Origin, string) {
	j := strings.ToLower(extract.CleanText(jenis))
	switch {
	case j == "":
		return OriginUnknown, ""
	case strings.Contains(j, "impor") || strings.Contains(j, "luar negeri"):
		return OriginForeign, "e-Katalog jenis_produk " + jenis
	case j == "lokal" || j == "pdn" || strings.Contains(j, "dalam negeri"):
		return OriginDomestic, "e-Katalog jenis_produk " + jenis
	}
	return OriginUnknown, "e-Katalog jenis_produk " + jenis + " (tidak dikenal)"
}

// Packages turns ordered product lines into transaksi_item rows and one
// transaksi row per package.
type Packages struct {
	Registry *RegistryIndex
	cur      *pkg
}

type pkg struct {
	key   string
	head  *extract.Row // the first line: package fields
	items []*extract.Row
	flags []string
}

// Add classifies a product line. It returns the finished transaction of
// the previous package when this line starts a new one.
func (ps *Packages) Add(r *extract.Row) (item, done *extract.Row) {
	key := r.Str("kd_paket")
	if ps.cur != nil && ps.cur.key != key {
		done = ps.Flush()
	}
	if ps.cur == nil {
		ps.cur = &pkg{key: key, head: r}
	}
	item = ps.item(r, len(ps.cur.items)+1)
	ps.cur.items = append(ps.cur.items, item)
	return item, done
}

func (ps *Packages) item(r *extract.Row, n int) *extract.Row {
	it := &builder{row: &extract.Row{Service: TransaksiItem, File: r.File, Record: r.Record, Vals: make([]extract.Value, len(TransaksiItem.Fields))}}
	set := func(f string, v extract.Value) { it.row.Vals[TransaksiItem.MustIndex(f)] = v }
	cp := func(dst, src string) { set(dst, r.Get(src)) }
	set("transaksi_id", text(ChEPurchasing+":"+r.Str("kd_paket")))
	set("item_no", extract.Value{Valid: true, I: int64(n)})
	cp("kd_produk", "kd_produk")
	cp("nama_produk", "_d_nama_produk")
	cp("komoditas", "_d_komoditas")
	cp("kbki", "_d_kbki")
	cp("kuantitas", "kuantitas")
	cp("harga_satuan", "harga_satuan")
	cp("tkdn_ekatalog", "_d_tkdn")
	cp("bmp_ekatalog", "_d_bmp")
	company := r.Str("_d_pemilik")
	if company == "" {
		company = r.Str("_d_manufaktur")
	}
	set("perusahaan", text(company))
	nilai := r.Get("total_harga")
	tg := r.Get("tanggal_buat_paket")
	e := ProductEvidence{Nilai: nilai.I, HasTanggal: tg.Valid}
	if tg.Valid {
		e.Tanggal = extract.Value{Valid: true, I: floorDiv(tg.I, 86400*1e6)}.Date()
		set("tanggal", extract.Value{Valid: true, I: floorDiv(tg.I, 86400*1e6)})
	}
	e.Origin, e.OriginSource = origin(r.Str("_d_jenis"))
	var flags []string
	if ps.Registry != nil {
		e.Cert = ps.Registry.Match(Product{NomorTKDN: r.Str("_d_nomor"), Perusahaan: company, Produk: r.Str("_d_nama_produk")})
		e.Commodity40 = ps.Registry.Commodity40(r.Str("_d_komoditas"), r.Str("_d_kategori"))
		if e.Cert != nil {
			e.Commodity40 = e.Commodity40 || ps.Registry.Commodity40(e.Cert.Kelompok, e.Cert.Produk)
		}
	}
	if c := e.Cert; c != nil {
		setCert(set, c)
		if k := r.Get("_d_tkdn"); k.Valid && c.HasTKDN && k.I != c.TKDN {
			flags = append(flags, fmt.Sprintf("TKDN e-Katalog %s%% berbeda dengan registri %s%%", pctText(k.I), pctText(c.TKDN)))
		}
		if k := r.Get("_d_bmp"); k.Valid && c.HasBMP && k.I != c.BMP {
			flags = append(flags, fmt.Sprintf("BMP e-Katalog %s%% berbeda dengan registri %s%%", pctText(k.I), pctText(c.BMP)))
		}
	} else if k := r.Get("_d_tkdn"); k.Valid {
		flags = append(flags, fmt.Sprintf("TKDN e-Katalog %s%% tanpa sertifikat yang cocok di registri: tidak dapat diverifikasi", pctText(k.I)))
	}
	if !r.Get("_d_kd").Valid {
		flags = append(flags, "produk tidak ada di Ecat-ProdukDetail")
	}
	d := ClassifyProduct(e)
	set("nilai", nilai)
	setDecision(set, d.Decision)
	set("compliance_flag", text(d.Kepatuhan))
	set("flag_kualitas", text(strings.Join(flags, "; ")))
	return it.row
}

// Flush finishes the current package as one transaction: its value is the
// sum of its lines, its PDN the sum of their PDN parts, and its class the
// class of the largest PDN part (or of the largest line when none is PDN).
func (ps *Packages) Flush() *extract.Row {
	p := ps.cur
	if p == nil {
		return nil
	}
	ps.cur = nil
	r := p.head
	t := &builder{row: &extract.Row{Service: Transaksi, File: r.File, Record: r.Record, Vals: make([]extract.Value, len(Transaksi.Fields))}}
	t.set("transaksi_id", text(ChEPurchasing+":"+p.key))
	t.set("channel", text(ChEPurchasing))
	t.set("sumber", text(r.Service.Name))
	t.set("kd_paket_sumber", text(p.key))
	for _, f := range []string{"tahun_anggaran", "kd_klpd", "nama_satker", "kd_rup", "nama_paket", "kd_penyedia"} {
		t.copy(r, f, f)
	}
	t.copy(r, "kd_satker_sumber", "satker_id")
	t.copy(r, "tanggal", "tanggal_buat_paket")
	t.copy(r, "status_sumber", "paket_status_str")
	var nilai, pdn int64
	byClass := map[string]int64{}
	var lead *extract.Row
	worst := ""
	for _, it := range p.items {
		v, d := it.Get("nilai").I, it.Get("nilai_pdn").I
		nilai += v
		pdn += d
		k := it.Str("pdn_class")
		byClass[k] += v
		if lead == nil || d > lead.Get("nilai_pdn").I || (d == lead.Get("nilai_pdn").I && pdn == 0 && v > lead.Get("nilai").I) {
			lead = it
		}
		if f := it.Str("compliance_flag"); f == FlagPossibleNoncompliance || (f != "" && worst == "") {
			worst = f
		}
	}
	t.set("nilai", extract.Value{Valid: true, I: nilai})
	t.set("nilai_pdn", extract.Value{Valid: true, I: pdn})
	k := Kelas(lead.Str("pdn_class"))
	t.set("pdn_class", text(string(k)))
	t.set("is_pdn", boolValue(k.IsPDN()))
	t.set("sakti_cluster", text(SaktiCluster(k)))
	t.set("rule_id", text(lead.Str("rule_id")))
	t.set("compliance_flag", text(worst))
	if umk := r.Str("_y_ukm"); umk != "" {
		u := strings.EqualFold(umk, "UKM") || strings.EqualFold(umk, "UMK") || strings.Contains(strings.ToLower(umk), "kecil")
		if !strings.Contains(strings.ToLower(umk), "belum") {
			t.set("is_umk", boolValue(u))
			if u {
				t.set("nilai_umk", extract.Value{Valid: true, I: nilai})
			}
		}
	}
	parts := make([]string, 0, len(byClass))
	for _, c := range []Kelas{TKDNBMP40, TKDN25, TKDNLT25, PDNNonTKDN, Impor, Unknown} {
		if v, ok := byClass[string(c)]; ok {
			parts = append(parts, string(c)+" Rp"+Rupiah(v))
		}
	}
	t.set("alasan", text("Paket e-Katalog v5 dengan "+strconv.Itoa(len(p.items))+" produk (rincian di transaksi_item: "+
		strings.Join(parts, ", ")+"); kelas mengikuti bagian PDN terbesar: "+lead.Str("alasan")))
	t.set("sumber_nilai", text("jumlah total_harga per produk"))
	return t.row
}

// setDecision writes a decision into a product line.
func setDecision(set func(string, extract.Value), d Decision) {
	set("nilai_pdn", extract.Value{Valid: true, I: d.NilaiPDN})
	set("pdn_class", text(string(d.Kelas)))
	set("is_pdn", boolValue(d.Kelas.IsPDN()))
	set("sakti_cluster", text(SaktiCluster(d.Kelas)))
	set("rule_id", text(d.RuleID))
	set("alasan", text(d.Alasan))
}

// setCert writes the matched certificate into a product line.
func setCert(set func(string, extract.Value), c *Sertifikat) {
	set("nomor_sertifikat", text(c.Nomor))
	set("match_method", text(c.Method))
	set("match_score", extract.Value{Valid: c.Score > 0, I: int64(c.Score * pct)})
	set("tkdn_sertifikat", extract.Value{Valid: c.HasTKDN, I: c.TKDN})
	set("bmp_sertifikat", extract.Value{Valid: c.HasBMP, I: c.BMP})
}

// SaktiCluster maps a class to the monitoring cluster SAKTI uses: TKDN,
// PDN or Impor ("" for UNKNOWN: no cluster can be said).
func SaktiCluster(k Kelas) string {
	switch k {
	case TKDNBMP40, TKDN25, TKDNLT25:
		return "TKDN"
	case PDNNonTKDN, PDNTierUnknown:
		return "PDN"
	case Impor:
		return "Impor"
	}
	return ""
}

func boolValue(b bool) extract.Value {
	v := extract.Value{Valid: true}
	if b {
		v.I = 1
	}
	return v
}
