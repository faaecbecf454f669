package transform

import (
	"fmt"
	"strings"

	"github.com/p3dn/p3dn/extract"
)

// RegionalSource reads the regional realisation rows (SIPD P3DN exports,
// provincial templates) in a fixed order, sliced by file: each row is
// derived on its own, and a whole result (110,000 rows at 5M) was the
// largest thing a full derive held.
func RegionalSource(sc Scope) Source {
	svc := extract.RegionalRealisasi
	var conds []string
	if sc.Files != "" {
		conds = append(conds, fmt.Sprintf("r._source_file IN (SELECT path FROM %s)", sc.Files))
	}
	q := fmt.Sprintf("SELECT %s FROM %s r%s ORDER BY r._source_file, r._record", selectList(svc, "r"), svc.Table, whereClause(append(conds, sc.slice("r._source_file")...)))
	return Source{Service: svc, Query: q, Regional: true, Table: svc.Table, Key: "_source_file"}
}

// Regional turns one regional row into a transaction and its product line.
// The class comes from the certificate when the row names one found in the
// registry, from the TKDN the region reports otherwise (which cannot be
// verified without a certificate and so counts as PDN without TKDN), from
// the PDN amount when that is all the row gives; the PDN part is the
// amount the region reports where it reports one.
func Regional(r *extract.Row, reg *RegistryIndex) (t, item *extract.Row) {
	id := fmt.Sprintf("%s:%s#%s!%d", r.Str("channel"), r.File, r.Str("lembar"), r.Get("baris").I)
	b := &builder{row: &extract.Row{Service: Transaksi, File: r.File, Record: r.Record, Vals: make([]extract.Value, len(Transaksi.Fields))}}
	b.set("transaksi_id", text(id))
	b.set("channel", text(r.Str("channel")))
	b.set("sumber", text(r.Str("sumber_sistem")+" ("+r.Str("profil")+")"))
	b.set("kd_paket_sumber", text(fmt.Sprintf("%s!%d", r.Str("lembar"), r.Get("baris").I)))
	for _, f := range []string{"tahun_anggaran", "kd_klpd", "nama_klpd", "kd_satker_str", "nama_satker", "kd_rup", "nama_penyedia", "tanggal"} {
		b.copy(r, f, f)
	}
	b.copy(r, "nama_paket", "uraian")
	b.set("npwp_penyedia", text(extract.NormalizeNPWP(r.Str("npwp_penyedia"))))
	if sk, rek := r.Str("kode_sub_kegiatan"), r.Str("kode_rekening"); sk != "" && rek != "" {
		b.set("mak", text(strings.TrimSuffix(sk, ".")+"."+strings.TrimSuffix(rek, ".")+"."))
	}
	nilai, pdn := r.Get("nilai"), r.Get("nilai_pdn")
	b.set("nilai", nilai)
	b.set("sumber_nilai", text(fmt.Sprintf("%s lembar %q baris %d", r.Str("profil"), r.Str("lembar"), r.Get("baris").I)))

	tg := r.Get("tanggal")
	e := ProductEvidence{Nilai: nilai.I, HasTanggal: tg.Valid, Tanggal: tg.Date()}
	if reg != nil {
		e.Cert = reg.Match(Product{NomorTKDN: r.Str("nomor_sertifikat"), Perusahaan: r.Str("nama_penyedia"), Produk: r.Str("produk")})
	}
	// A TKDN the region reports without a certificate in the registry is
	// kept on the product line as reported, but cannot be verified: the
	// purchase counts as PDN without TKDN (TKDN_RULES §1e).
	reported := e.Cert
	if e.Cert == nil && r.Get("tkdn_persen").Valid {
		reported = &Sertifikat{Nomor: r.Str("nomor_sertifikat"), TKDN: r.Get("tkdn_persen").I, HasTKDN: true,
			BMP: r.Get("bmp_persen").I, HasBMP: r.Get("bmp_persen").Valid, Method: "dilaporkan daerah, tidak ada di registri"}
		e.Origin, e.OriginSource = OriginDomestic, "TKDN "+pctText(reported.TKDN)+"% dilaporkan daerah"
		if n := reported.Nomor; n != "" {
			e.OriginSource += " dengan nomor sertifikat " + n + " yang tidak ada di registri Kemenperin"
		} else {
			e.OriginSource += " tanpa nomor sertifikat, tidak dapat diperiksa di registri Kemenperin"
		}
	}
	var d Decision
	var pd ProductDecision
	switch {
	case e.Cert != nil || e.Origin == OriginDomestic:
		if reg != nil {
			e.Commodity40 = reg.Commodity40(reported.Kelompok, r.Str("produk"))
		}
		pd = ClassifyProduct(e)
		d = pd.Decision
		if pdn.Valid && d.Kelas.IsPDN() {
			d.NilaiPDN = min(max(pdn.I, 0), nilai.I)
		}
		b.set("compliance_flag", text(pd.Kepatuhan))
	default:
		ev := b.evidence(nilai)
		ev.PDNReported, ev.NilaiPDN, ev.PDNField = pdn.Valid, pdn.I, "nilai PDN daerah"
		ev.NoPDNField = "baris daerah tanpa nilai PDN atau TKDN"
		d = Classify(ev)
	}
	b.decide(d)
	b.set("status_sumber", text(r.Str("sumber_sistem")))

	it := &extract.Row{Service: TransaksiItem, File: r.File, Record: r.Record, Vals: make([]extract.Value, len(TransaksiItem.Fields))}
	set := func(f string, v extract.Value) { it.Vals[TransaksiItem.MustIndex(f)] = v }
	set("transaksi_id", text(id))
	set("item_no", extract.Value{Valid: true, I: 1})
	set("nama_produk", r.Get("produk"))
	set("perusahaan", r.Get("nama_penyedia"))
	set("kbki", r.Get("kbki"))
	set("kuantitas", r.Get("kuantitas"))
	set("harga_satuan", r.Get("harga_satuan"))
	set("nilai", nilai)
	setDecision(set, d)
	set("tanggal", tg)
	set("compliance_flag", text(pd.Kepatuhan))
	if reported != nil {
		setCert(set, reported)
	}
	return b.row, it
}
