package transform

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestPeriodAt(t *testing.T) {
	cases := []struct {
		date string
		want string
		why  string
	}{
		{"2021-02-01", "P16_2018", "Perpres 16/2018 until Perpres 12/2021 took effect"},
		{"2021-02-02", "P12_2021", "Perpres 12/2021 in force 2 Feb 2021 (TKDN_RULES §0)"},
		{"2025-04-29", "P12_2021", "last day before Perpres 46/2025"},
		{"2025-04-30", "P46_2025", "Perpres 46/2025 promulgated and in force 30 Apr 2025"},
	}
	for _, c := range cases {
		d, _ := time.Parse("2006-01-02", c.date)
		if got := PeriodAt(d, true).ID; got != c.want {
			t.Errorf("%s: got %s, want %s (%s)", c.date, got, c.want, c.why)
		}
	}
	if got := PeriodAt(time.Time{}, false).ID; got != "P35_2025" {
		t.Errorf("undated: got %s, want the newest period", got)
	}
}

func TestClassify(t *testing.T) {
	d := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	cases := []struct {
		name  string
		e     Evidence
		kelas Kelas
		pdn   int64
		rule  string
		say   string
	}{
		{"full PDN amount, no product detail: tier unknown (Perpres 12/2021 Ps. 66)",
			Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000, NilaiPDN: 1000, PDNReported: true, PDNField: "nilai_pdn_kontrak"},
			PDNTierUnknown, 1000, "P12_2021.PDN_PENUH", "tingkat TKDN tidak diketahui"},
		{"partial PDN: the remainder is not PDN",
			Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000, NilaiPDN: 400, PDNReported: true, PDNField: "nilai_pdn_kontrak"},
			PDNTierUnknown, 400, "P12_2021.PDN_SEBAGIAN", "sisa Rp6 bukan PDN"},
		{"zero PDN: import (PDN definition, Permenperin 35/2025 Ps. 1(2))",
			Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000, NilaiPDN: 0, PDNReported: true, PDNField: "nilai_pdn_kontrak"},
			Impor, 0, "P12_2021.PDN_NOL", "bukan produk dalam negeri"},
		{"zero where the source never fills it: unknown, not import",
			Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000, PDNReported: true, PDNField: "nilai_pdn_pct", ZeroMeansUnfilled: true},
			Unknown, 0, "P12_2021.PDN_TIDAK_DIISI", "tidak mengisinya"},
		{"no PDN data: unknown, never PDN",
			Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000, NoPDNField: "e-Katalog v6 tidak memuat TKDN/PDN per produk"},
			Unknown, 0, "P12_2021.TANPA_DATA_PDN", "e-Katalog v6"},
		{"PDN above the value: implausible, unknown",
			Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000, NilaiPDN: 2000, PDNReported: true, PDNField: "nilai_pdn_kontrak"},
			Unknown, 0, "P12_2021.PDN_TIDAK_WAJAR", "di luar"},
		{"after 30 Apr 2025 the reason cites Perpres 46/2025 Ps. 66(2)",
			Evidence{Tanggal: time.Date(2025, 6, 1, 0, 0, 0, 0, time.UTC), HasTanggal: true, Nilai: 100, NilaiPDN: 100, PDNReported: true, PDNField: "nilai_pdn_pct"},
			PDNTierUnknown, 100, "P46_2025.PDN_PENUH", "Perpres 46/2025 Ps. 66 ayat (2)"},
	}
	for _, c := range cases {
		got := Classify(c.e)
		if got.Kelas != c.kelas || got.NilaiPDN != c.pdn || got.RuleID != c.rule || !strings.Contains(got.Alasan, c.say) {
			t.Errorf("%s:\n got %+v\nwant %s %d %s containing %q", c.name, got, c.kelas, c.pdn, c.rule, c.say)
		}
		if got.Kelas.IsPDN() != (got.NilaiPDN > 0) {
			t.Errorf("%s: IsPDN %v but PDN value %d", c.name, got.Kelas.IsPDN(), got.NilaiPDN)
		}
	}
}

func TestRupiah(t *testing.T) {
	for cents, want := range map[int64]string{0: "0", 100: "1", 123456789: "1.234.567,89", 1135000000000000: "11.350.000.000.000", -150: "-1,50"} {
		if got := Rupiah(cents); got != want {
			t.Errorf("Rupiah(%d) = %q, want %q", cents, got, want)
		}
	}
}

// TestFullPDNReasonIsShared: the reason of a full-PDN transaction names the
// field and the regulation, not the amount (nilai and nilai_pdn carry it),
// so that millions of such rows share a handful of texts.
func TestFullPDNReasonIsShared(t *testing.T) {
	d := time.Date(2023, 10, 1, 0, 0, 0, 0, time.UTC)
	a := Classify(Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000, NilaiPDN: 1000, PDNReported: true, PDNField: "nilai_pdn_kontrak"})
	b := Classify(Evidence{Tanggal: d, HasTanggal: true, Nilai: 987654321, NilaiPDN: 987654321, PDNReported: true, PDNField: "nilai_pdn_kontrak"})
	if a.Alasan != b.Alasan || !strings.Contains(a.Alasan, "nilai_pdn_kontrak sama dengan nilai transaksi (100%)") || !strings.Contains(a.Alasan, "Perpres 12/2021 Ps. 66") {
		t.Fatalf("full-PDN reasons %q and %q: want one text naming the field and the regulation", a.Alasan, b.Alasan)
	}
}

// TestTextsAsFmt: the reasons' amounts, percentages and match scores are
// written without fmt, as fmt wrote them before: the same texts, so the
// same warehouse and lake.
func TestTextsAsFmt(t *testing.T) {
	rupiah := func(cents int64) string { // Rupiah as it was, with fmt
		neg := cents < 0
		if neg {
			cents = -cents
		}
		whole, frac := cents/100, cents%100
		s := fmt.Sprint(whole)
		out := make([]byte, 0, len(s)+len(s)/3+4)
		for i := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				out = append(out, '.')
			}
			out = append(out, s[i])
		}
		if frac != 0 {
			out = append(out, fmt.Sprintf(",%02d", frac)...)
		}
		if neg {
			return "-" + string(out)
		}
		return string(out)
	}
	pctFmt := func(v int64) string { return strings.TrimSuffix(fmt.Sprintf("%d,%02d", v/pct, (v%pct)/100), ",00") }
	values := []int64{0, 1, 9, 10, 99, 100, 101, 999, 1000, 9999, 10000, 10001, 250000, 399999, 400000, 435200, 999900,
		math.MaxInt64, math.MinInt64, math.MinInt64 + 1, -1, -99, -100, -10001}
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		values = append(values, rng.Int64N(1<<40)-1<<39)
	}
	for _, v := range values {
		if got, want := Rupiah(v), rupiah(v); got != want {
			t.Errorf("Rupiah(%d) = %q, fmt gave %q", v, got, want)
		}
		if got, want := pctText(v), pctFmt(v); got != want {
			t.Errorf("pctText(%d) = %q, fmt gave %q", v, got, want)
		}
	}
	for _, score := range []float64{0, 0.5, 0.855, 0.8549999, 1, 0.333333, 12.345} {
		c := &Sertifikat{Nomor: "T-1", Method: "nama", Score: score}
		if got, want := certRef(c), fmt.Sprintf("T-1, cocok lewat nama %.2f", score); got != want {
			t.Errorf("certRef with score %v = %q, fmt gave %q", score, got, want)
		}
	}
}
