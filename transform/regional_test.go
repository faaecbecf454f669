package transform

import (
	"strings"
	"testing"
	"time"

	"github.com/p3dn/p3dn/extract"
)

// TestRegionalReportedTKDN: a TKDN a region reports is verified against
// the Kemenperin registry; without a certificate found there it cannot be
// (Permenperin 35/2025 Ps. 1(2): TKDN is what a certificate states) and the
// purchase counts as a domestic product without TKDN (Perpres 46/2025 Ps.
// 66 ayat (2) huruf d; TKDN_RULES §1e), with a reason that says so.
func TestRegionalReportedTKDN(t *testing.T) {
	reg := NewRegistryIndex([]*Sertifikat{{Nomor: "0001/TKDN/2024", Perusahaan: "PT Pabrik", Produk: "Kursi Kerja", TKDN: 45_0000,
		HasTKDN: true, BMP: 5_0000, HasBMP: true, Terbit: time.Date(2024, 1, 15, 0, 0, 0, 0, time.UTC), HasTerbit: true,
		Kadaluarsa: time.Date(2029, 1, 15, 0, 0, 0, 0, time.UTC), HasKadaluarsa: true}})
	cases := []struct {
		name, tkdn, nomor   string
		class, rule         string
		reason, notInReason []string
		itemMethod          string
	}{
		{"TKDN reported, no certificate number", "43,52", "", "PDN_NON_TKDN", "P46_2025.PDN_TANPA_SERT",
			[]string{"TKDN 43,52% dilaporkan daerah tanpa nomor sertifikat", "Ps. 66 ayat (2) huruf d"}, []string{"Sertifikat TKDN /", "0.00"},
			"dilaporkan daerah, tidak ada di registri"},
		{"TKDN reported with a number the registry lacks", "30", "9999/TKDN/2024", "PDN_NON_TKDN", "P46_2025.PDN_TANPA_SERT",
			[]string{"nomor sertifikat 9999/TKDN/2024 yang tidak ada di registri Kemenperin"}, []string{"tidak berlaku pada tanggal"},
			"dilaporkan daerah, tidak ada di registri"},
		{"certificate in the registry", "", "0001/TKDN/2024", "TKDN_BMP_40", "P46_2025.SERT_TKDN_BMP_40",
			[]string{"Sertifikat TKDN 45% (0001/TKDN/2024", "huruf a"}, nil, "nomor_sertifikat"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			svc := extract.RegionalRealisasi
			row := &extract.Row{Service: svc, File: "sipd.xlsx", Record: 5, Vals: make([]extract.Value, len(svc.Fields))}
			put := func(f string, v extract.Value) { row.Vals[svc.MustIndex(f)] = v }
			str := func(s string) extract.Value { return extract.Value{Valid: s != "", S: s} }
			put("tahun_anggaran", extract.Value{Valid: true, I: 2025})
			put("kd_klpd", str("D100"))
			put("channel", str("regional_sipd"))
			put("produk", str("Kursi Kerja"))
			put("nama_penyedia", str("CV. USAHA DAERAH"))
			put("nilai", extract.Value{Valid: true, I: 10_000_000_00})
			put("nilai_pdn", extract.Value{Valid: true, I: 10_000_000_00})
			put("tanggal", extract.Value{Valid: true, I: extract.DaysSinceEpoch(time.Date(2025, 10, 1, 0, 0, 0, 0, time.UTC))})
			put("nomor_sertifikat", str(c.nomor))
			if c.tkdn != "" {
				v, err := extract.ParseDecimal(strings.ReplaceAll(c.tkdn, ",", "."), 4)
				if err != nil {
					t.Fatal(err)
				}
				put("tkdn_persen", extract.Value{Valid: true, I: v})
			}
			tr, item := Regional(row, reg)
			if got := tr.Str("pdn_class"); got != c.class {
				t.Errorf("pdn_class %s, want %s", got, c.class)
			}
			if got := tr.Str("rule_id"); got != c.rule {
				t.Errorf("rule_id %s, want %s", got, c.rule)
			}
			why := tr.Str("alasan")
			for _, want := range c.reason {
				if !strings.Contains(why, want) {
					t.Errorf("alasan %q lacks %q", why, want)
				}
			}
			for _, bad := range c.notInReason {
				if strings.Contains(why, bad) {
					t.Errorf("alasan %q has %q", why, bad)
				}
			}
			if got := tr.Get("nilai_pdn").I; got != 10_000_000_00 {
				t.Errorf("nilai_pdn %d, want the region's PDN amount", got)
			}
			if got := item.Str("match_method"); got != c.itemMethod {
				t.Errorf("product line match_method %q, want %q (what the region reported stays on the line)", got, c.itemMethod)
			}
		})
	}
}
