package transform

import "time"

// Aturan is one classification rule: the warehouse table aturan_tkdn lists
// them all so that an analyst can join rule_id to its article and text.
type Aturan struct {
	RuleID string
	Kelas  Kelas
	Dari   time.Time // first day the rule applies (zero: always)
	Sampai time.Time // last day (zero: still in force)
	Pasal  string
	Teks   string
}

// Aturan lists every rule_id the classifier can write, per period. The
// rule texts say in Indonesian what the rule decides; where a point is
// UNVERIFIED in TKDN_RULES.md the safe reading is stated.
func AturanTKDN() []Aturan {
	var out []Aturan
	for i, p := range Periods {
		var until time.Time
		if i+1 < len(Periods) {
			until = Periods[i+1].Dari.AddDate(0, 0, -1)
		}
		add := func(id string, k Kelas, pasal, teks string) {
			out = append(out, Aturan{RuleID: p.ID + "." + id, Kelas: k, Dari: p.Dari, Sampai: until, Pasal: pasal, Teks: teks})
		}
		add("SERT_TKDN_BMP_40", TKDNBMP40, p.Dasar+"; "+p.Tier40, "Sertifikat TKDN berlaku pada tanggal transaksi dan TKDN + BMP (BMP paling tinggi 15%) >= 40%")
		add("SERT_TKDN_25", TKDN25, p.Dasar+"; PP 29/2018", "Sertifikat TKDN berlaku dan TKDN >= 25%")
		add("SERT_TKDN_LT25", TKDNLT25, p.Dasar+"; "+p.TierLT25, "Sertifikat TKDN berlaku dan TKDN < 25%")
		add("PDN_TANPA_SERT", PDNNonTKDN, p.Dasar+"; "+p.TierSIINas, "Produk dalam negeri tanpa nilai TKDN yang berlaku (e-Katalog jenis_produk lokal tanpa TKDN, daftar referensi, TKDN yang dilaporkan daerah tanpa sertifikat di registri, atau sertifikat kedaluwarsa produsen dalam negeri)")
		add("SERT_KEDALUWARSA", PDNNonTKDN, p.Dasar+"; Permenperin 35/2025 Ps. 1(2)", "Sertifikat TKDN tidak berlaku pada tanggal transaksi; produsen dalam negeri: PDN tanpa TKDN")
		add("IMPOR_PRODUK", Impor, "Permenperin 35/2025 Ps. 1(2) (definisi PDN)", "Produk impor menurut sumber (jenis_produk impor)")
		add("PRODUK_TIDAK_DIKETAHUI", Unknown, p.Dasar, "Asal produk tidak diketahui dan tidak ada sertifikat yang cocok; tidak dihitung sebagai PDN")
		add("PDN_PENUH", PDNTierUnknown, p.Dasar, "Sumber melaporkan nilai PDN sama dengan nilai transaksi tanpa rincian produk: PDN, tingkat TKDN tidak diketahui")
		add("PDN_SEBAGIAN", PDNTierUnknown, p.Dasar, "Sumber melaporkan nilai PDN sebagian: bagian itu PDN dengan tingkat tidak diketahui, sisanya bukan PDN")
		add("PDN_NOL", Impor, "Permenperin 35/2025 Ps. 1(2) (definisi PDN)", "Sumber melaporkan nilai PDN 0: bukan produk dalam negeri")
		add("PDN_TIDAK_DIISI", Unknown, p.Dasar, "Sumber mengisi nilai PDN 0 untuk semua rekaman (pencatatan swakelola): dianggap tidak diisi")
		add("PDN_TIDAK_WAJAR", Unknown, p.Dasar, "Nilai PDN di luar 0..nilai transaksi: tidak dipakai")
		add("TANPA_DATA_PDN", Unknown, p.Dasar, "Sumber tidak memuat data PDN/TKDN (e-Katalog v6, Toko Daring)")
	}
	return out
}
