package transform

import (
	"fmt"
	"slices"
	"strings"

	"github.com/p3dn/p3dn/extract"
)

// Transaksi is the warehouse table of realised transactions. Its rows are
// extract.Rows of this derived service, so they share the Arrow path.
var Transaksi = extract.NewService("transaksi", "transaksi",
	"transaksi_id:id! channel:id sumber:id tahun_anggaran:int kd_klpd:id nama_klpd:str "+
		"kd_satker_str:id kd_satker_sumber:id nama_satker:str kd_rup:id mak:id kd_paket_sumber:id "+
		"nama_paket:str kd_penyedia:id nama_penyedia:str npwp_penyedia:id tanggal:date "+
		"nilai:money nilai_pdn:money nilai_umk:money is_umk:bool pdn_class:id is_pdn:bool sakti_cluster:id "+
		"rule_id:id alasan:str compliance_flag:id preferensi_harga:bool sumber_nilai:str flag_kualitas:str status_sumber:str "+
		"duplikat_dari:id")

// TransaksiRUP is the bridge from a transaction to each RUP package it
// names (SPSE kd_rup may be "a;b"; e-Katalog mak and kd_rup lists too).
var TransaksiRUP = extract.NewService("transaksi_rup", "transaksi_rup", "transaksi_id:id! kd_rup:id!")

func init() {
	Transaksi.Derived = true
	TransaksiRUP.Derived = true
}

// Channels of realisation (DESIGN.md; regional ones start with "regional_").
const (
	ChTender       = "tender"
	ChNonTender    = "non_tender"
	ChPencatatanNT = "pencatatan_non_tender"
	ChPencatatanSW = "pencatatan_swakelola"
	ChEPurchasing  = "e_purchasing"
	ChTokoDaring   = "toko_daring"
)

// mapping says how one source service becomes transactions.
type mapping struct {
	channel string
	key     string
	// contract names the e-contract stage whose latest addendum overrides
	// the selection result's values (cross-system truth).
	contract string
	// reads lists the source fields realised and fill read, besides the
	// key and fromRowReads: the source query selects only these.
	reads string
	// realised returns "" when the record is realisation, else why not.
	realised func(r *extract.Row) string
	fill     func(r *extract.Row, t *builder)
}

var mappings = map[string]mapping{
	"SPSE-TenderSelesaiNilai": {ChTender, "kd_tender", "SPSE-TenderEkontrak-2Kontrak",
		"kd_satker kd_rup_paket tgl_penetapan_pemenang npwp_16_penyedia nilai_kontrak nilai_pdn_kontrak nilai_umk_kontrak" + penyediaReads + contractReads,
		contracted,
		func(r *extract.Row, t *builder) {
			// Here kd_satker carries the dotted kd_satker_str (LKPP_FORMATS quirk 4).
			t.set("kd_satker_str", satkerStr(r.Get("kd_satker")))
			t.copy(r, "kd_rup", "kd_rup_paket")
			t.copy(r, "tanggal", "tgl_penetapan_pemenang")
			t.penyedia(r, "npwp_16_penyedia")
			t.contract(r, "nilai_kontrak", "nilai_pdn_kontrak", "nilai_umk_kontrak", false)
		}},
	"SPSE-TenderEkontrak-2Kontrak": {ChTender, "kd_tender", "",
		"kd_satker_str nama_paket npwp_16_penyedia nilai_kontrak nilai_pdn_kontrak nilai_umk_kontrak" + penyediaReads + contractReads,
		contracted,
		func(r *extract.Row, t *builder) {
			t.copy(r, "kd_satker_str", "kd_satker_str")
			t.copy(r, "nama_paket", "nama_paket")
			t.penyedia(r, "npwp_16_penyedia")
			t.contract(r, "nilai_kontrak", "nilai_pdn_kontrak", "nilai_umk_kontrak", false)
		}},
	"SPSE-NonTenderSelesai": {ChNonTender, "kd_nontender", "SPSE-NonTenderEkontrak-2Kontrak",
		"kd_satker_str kd_satker kd_rup mak nama_paket tgl_selesai_nontender npwp16_penyedia status_nontender nilai_kontrak nilai_pdn_kontrak nilai_umk_kontrak" +
			penyediaReads + contractReads,
		contracted,
		func(r *extract.Row, t *builder) {
			t.copy(r, "kd_satker_str", "kd_satker_str")
			t.copy(r, "kd_satker_sumber", "kd_satker")
			t.copy(r, "kd_rup", "kd_rup")
			t.copy(r, "mak", "mak")
			t.copy(r, "nama_paket", "nama_paket")
			t.copy(r, "tanggal", "tgl_selesai_nontender")
			t.penyedia(r, "npwp16_penyedia")
			t.copy(r, "status_sumber", "status_nontender")
			t.contract(r, "nilai_kontrak", "nilai_pdn_kontrak", "nilai_umk_kontrak", false)
		}},
	"SPSE-NonTenderEkontrak-2Kontrak": {ChNonTender, "kd_nontender", "",
		"kd_satker_str kd_satker nama_paket npwp16_penyedia nilai_kontrak nilai_pdn_kontrak nilai_umk_kontrak" + penyediaReads + contractReads,
		contracted,
		func(r *extract.Row, t *builder) {
			t.copy(r, "kd_satker_str", "kd_satker_str")
			t.copy(r, "kd_satker_sumber", "kd_satker")
			t.copy(r, "nama_paket", "nama_paket")
			t.penyedia(r, "npwp16_penyedia")
			t.contract(r, "nilai_kontrak", "nilai_pdn_kontrak", "nilai_umk_kontrak", false)
		}},
	"SPSE-PencatatanNonTender": {ChPencatatanNT, "kd_nontender_pct", "",
		"status_nontender_pct_ket total_realisasi nilai_pdn_pct nilai_umk_pct" + pencatatanReads + contractReads,
		notCancelled("status_nontender_pct_ket", "total_realisasi"),
		func(r *extract.Row, t *builder) {
			t.pencatatan(r)
			t.copy(r, "status_sumber", "status_nontender_pct_ket")
			t.contract(r, "total_realisasi", "nilai_pdn_pct", "nilai_umk_pct", false)
		}},
	"SPSE-PencatatanSwakelola": {ChPencatatanSW, "kd_swakelola_pct", "",
		"status_swakelola_pct_ket total_realisasi nilai_pdn_pct nilai_umk_pct" + pencatatanReads + contractReads,
		notCancelled("status_swakelola_pct_ket", "total_realisasi"),
		func(r *extract.Row, t *builder) {
			t.pencatatan(r)
			t.copy(r, "status_sumber", "status_swakelola_pct_ket")
			t.contract(r, "total_realisasi", "nilai_pdn_pct", "nilai_umk_pct", true)
		}},
	"Bela-TokoDaringRealisasi": {ChTokoDaring, "order_id", "",
		"status_konfirmasi_ppmse keterangan_ppmse valuasi tahun kd_satker tanggal_transaksi merchant_name order_desc _snapshots",
		func(r *extract.Row) string {
			if strings.EqualFold(extract.CleanText(r.Str("status_konfirmasi_ppmse")), "gagal") {
				return "status_konfirmasi_ppmse gagal: " + r.Str("keterangan_ppmse")
			}
			return needValue("valuasi", "valuasi kosong")(r)
		},
		func(r *extract.Row, t *builder) {
			t.copy(r, "tahun_anggaran", "tahun")
			t.copy(r, "kd_satker_sumber", "kd_satker") // a SiRUP satker id; kd_satker_str is resolved in SQL
			t.copy(r, "tanggal", "tanggal_transaksi")
			t.copy(r, "nama_penyedia", "merchant_name")
			t.copy(r, "nama_paket", "order_desc")
			t.copy(r, "status_sumber", "status_konfirmasi_ppmse")
			t.noPDN(r, "valuasi", "Toko Daring tidak memuat data PDN/TKDN")
		}},
	"Ecat-PaketEPurchasingV6": {ChEPurchasing, "kd_paket", "",
		"status_pkt total_harga kd_satker_str kd_rup rup_nama_pkt kd_penyedia_sikap tgl_order _snapshots",
		func(r *extract.Row) string {
			st := strings.ToUpper(r.Str("status_pkt"))
			for _, bad := range []string{"CANCEL", "BATAL", "REJECT", "FAIL", "GAGAL"} {
				if strings.Contains(st, bad) {
					return "status_pkt " + st + ": pesanan tidak jadi"
				}
			}
			return needValue("total_harga", "total_harga kosong")(r)
		},
		func(r *extract.Row, t *builder) {
			t.copy(r, "kd_satker_str", "kd_satker_str")
			t.copy(r, "kd_rup", "kd_rup")
			t.copy(r, "nama_paket", "rup_nama_pkt")
			t.copy(r, "kd_penyedia", "kd_penyedia_sikap")
			t.copy(r, "tanggal", "tgl_order")
			t.copy(r, "status_sumber", "status_pkt")
			t.noPDN(r, "total_harga", "e-Katalog v6 tidak memuat TKDN/PDN per produk")
		}},
}

// Fields read by FromRow and by the builder's helpers, for mapping.reads
// (each starts with a space).
const (
	fromRowReads    = "tahun_anggaran kd_klpd nama_klpd nama_satker"
	penyediaReads   = " kd_penyedia nama_penyedia npwp_penyedia"
	contractReads   = " _k_nilai _k_pdn _k_umk _k_versi _k_no _k_tgl _k_status versi_addendum no_kontrak tgl_kontrak status_kontrak _snapshots"
	pencatatanReads = " kd_satker_str kd_satker kd_rup nama_paket _event_date tgl_selesai_paket tgl_mulai_paket"
)

// contracted: a selection result or contract with a contract value, from
// the e-contract stage or the result itself (NULL = not yet contracted).
func contracted(r *extract.Row) string {
	if r.Get("_k_nilai").Valid || r.Get("nilai_kontrak").Valid {
		return ""
	}
	return "nilai_kontrak kosong: paket belum berkontrak"
}

// FromRow turns a source row into a transaksi row. It returns nil and the
// reason when the record is not realisation (cancelled, failed, not yet
// contracted); the record itself stays in its staging table.
func FromRow(r *extract.Row) (*extract.Row, string) {
	m, ok := mappings[r.Service.Name]
	if !ok {
		return nil, "not a transaction source"
	}
	if why := m.realised(r); why != "" {
		return nil, why
	}
	t := &builder{row: &extract.Row{Service: Transaksi, File: r.File, Record: r.Record, Vals: make([]extract.Value, len(Transaksi.Fields))}}
	key := r.Str(m.key)
	t.set("transaksi_id", text(m.channel+":"+key))
	t.set("channel", text(m.channel))
	t.set("sumber", text(r.Service.Name))
	t.set("kd_paket_sumber", text(key))
	for _, f := range []string{"tahun_anggaran", "kd_klpd", "nama_klpd", "nama_satker"} {
		t.copy(r, f, f)
	}
	m.fill(r, t)
	return t.row, ""
}

// rupSeparators separate the codes of a kd_rup ("a;b", "a, b").
const rupSeparators = ";, "

// RUPLinks splits a transaction's kd_rup into bridge rows.
func RUPLinks(t *extract.Row) []*extract.Row {
	id, codes := t.Str("transaksi_id"), t.Str("kd_rup")
	link := func(c string) *extract.Row {
		return &extract.Row{Service: TransaksiRUP, File: t.File, Record: t.Record, Vals: []extract.Value{text(id), text(c)}}
	}
	if codes == "" {
		return nil
	}
	if !strings.ContainsAny(codes, rupSeparators) { // one code, as on most transactions
		return []*extract.Row{link(codes)}
	}
	var out []*extract.Row
	var seen []string
	for _, c := range strings.FieldsFunc(codes, func(r rune) bool { return strings.ContainsRune(rupSeparators, r) }) {
		if !slices.Contains(seen, c) {
			seen = append(seen, c)
			out = append(out, link(c))
		}
	}
	return out
}

func text(s string) extract.Value { return extract.Value{Valid: s != "", S: s} }

func satkerStr(v extract.Value) extract.Value {
	if strings.Contains(v.S, ".") {
		return v
	}
	return extract.Value{}
}

func needValue(field, why string) func(*extract.Row) string {
	return func(r *extract.Row) string {
		if !r.Get(field).Valid {
			return why
		}
		return ""
	}
}

func notCancelled(statusField, valueField string) func(*extract.Row) string {
	return func(r *extract.Row) string {
		if st := extract.CleanText(r.Str(statusField)); strings.EqualFold(st, "Paket Dibatalkan") {
			return statusField + " " + st
		}
		return needValue(valueField, valueField+" kosong")(r)
	}
}

// builder fills one transaksi row.
type builder struct{ row *extract.Row }

func (t *builder) set(field string, v extract.Value) { t.row.Vals[Transaksi.MustIndex(field)] = v }

func (t *builder) get(field string) extract.Value { return t.row.Vals[Transaksi.MustIndex(field)] }

// copy copies a source field, converting dates and timestamps to dates.
func (t *builder) copy(r *extract.Row, dst, src string) {
	i := r.Service.Index(src)
	if i < 0 {
		return
	}
	v := r.Vals[i]
	if r.Service.Fields[i].Kind == extract.KindTS && v.Valid {
		v.I = floorDiv(v.I, 86400*1e6)
	}
	t.set(dst, v)
}

func floorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && a < 0 {
		q--
	}
	return q
}

func (t *builder) penyedia(r *extract.Row, npwp16 string) {
	t.copy(r, "kd_penyedia", "kd_penyedia")
	t.copy(r, "nama_penyedia", "nama_penyedia")
	n := extract.NormalizeNPWP(r.Str(npwp16))
	if n == "" {
		n = extract.NormalizeNPWP(r.Str("npwp_penyedia"))
	}
	t.set("npwp_penyedia", text(n))
}

// pencatatan fills the fields common to SPSE pencatatan records. The date
// is the end of the package when it is known, not before the start
// (LKPP_FORMATS quirk 9) and not after the snapshot (a planned end date is
// not yet realisation); otherwise the start.
func (t *builder) pencatatan(r *extract.Row) {
	t.copy(r, "kd_satker_str", "kd_satker_str")
	t.copy(r, "kd_satker_sumber", "kd_satker")
	t.copy(r, "kd_rup", "kd_rup")
	t.copy(r, "nama_paket", "nama_paket")
	t.copy(r, "tanggal", "_event_date")
	snapshot := t.get("tanggal")
	t.copy(r, "tanggal", "tgl_selesai_paket")
	end := t.get("tanggal")
	t.copy(r, "tanggal", "tgl_mulai_paket")
	start := t.get("tanggal")
	if end.Valid && (!start.Valid || end.I >= start.I) && (!snapshot.Valid || end.I <= snapshot.I) {
		t.set("tanggal", end)
	}
	if end.Valid && start.Valid && end.I < start.I {
		t.set("flag_kualitas", text("tgl_selesai_paket sebelum tgl_mulai_paket"))
	}
}

func (t *builder) evidence(nilai extract.Value) Evidence {
	tg := t.get("tanggal")
	return Evidence{Tanggal: tg.Date(), HasTanggal: tg.Valid, Nilai: nilai.I}
}

// contract fills value, PDN and UMK from a source that reports a PDN
// amount. Where the e-contract stage is joined (_k_*), its values after the
// latest addendum win over the selection result's, and so does its date.
func (t *builder) contract(r *extract.Row, nilaiF, pdnF, umkF string, zeroUnfilled bool) {
	nilai, pdn, umk := r.Get(nilaiF), r.Get(pdnF), r.Get(umkF)
	src := r.Service.Name
	if k := r.Get("_k_nilai"); k.Valid {
		nilai, pdn, umk = k, r.Get("_k_pdn"), r.Get("_k_umk")
		src = fmt.Sprintf("e-Kontrak %s addendum ke-%d", r.Str("_k_no"), r.Get("_k_versi").I)
		if d := r.Get("_k_tgl"); d.Valid {
			t.set("tanggal", d)
		}
		t.set("status_sumber", text(r.Str("_k_status")))
	} else if r.Get("versi_addendum").Valid {
		src = fmt.Sprintf("e-Kontrak %s addendum ke-%d (hasil pemilihan tidak ada di dump)", r.Str("no_kontrak"), r.Get("versi_addendum").I)
		t.copy(r, "tanggal", "tgl_kontrak")
		t.copy(r, "status_sumber", "status_kontrak")
	}
	if n := r.Get("_snapshots").I; n > 1 {
		src += fmt.Sprintf("; rekaman terbaru dari %d snapshot", n)
	}
	t.set("sumber_nilai", text(src))
	t.set("nilai", nilai)
	t.set("nilai_umk", umk)
	e := t.evidence(nilai)
	e.PDNReported, e.NilaiPDN, e.PDNField, e.ZeroMeansUnfilled = pdn.Valid, pdn.I, pdnF, zeroUnfilled
	e.NoPDNField = pdnF + " kosong"
	t.decide(Classify(e))
}

// noPDN fills the value of a source that has no PDN information.
func (t *builder) noPDN(r *extract.Row, nilaiF, why string) {
	nilai := r.Get(nilaiF)
	src := r.Service.Name
	if n := r.Get("_snapshots").I; n > 1 {
		src += fmt.Sprintf("; rekaman terbaru dari %d snapshot", n)
	}
	t.set("sumber_nilai", text(src))
	t.set("nilai", nilai)
	e := t.evidence(nilai)
	e.NoPDNField = why
	t.decide(Classify(e))
}

func (t *builder) decide(d Decision) {
	t.set("nilai_pdn", extract.Value{Valid: true, I: d.NilaiPDN})
	t.set("pdn_class", text(string(d.Kelas)))
	pdn := int64(0)
	if d.Kelas.IsPDN() {
		pdn = 1
	}
	t.set("is_pdn", extract.Value{Valid: true, I: pdn})
	t.set("sakti_cluster", text(SaktiCluster(d.Kelas)))
	t.set("rule_id", text(d.RuleID))
	t.set("alasan", text(d.Alasan))
	if u := t.get("nilai_umk"); u.Valid {
		t.set("is_umk", boolValue(u.I > 0))
	}
}
