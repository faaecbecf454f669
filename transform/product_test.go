package transform

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func day(s string) time.Time {
	t, err := time.Parse("2006-01-02", s)
	if err != nil {
		panic(err)
	}
	return t
}

func cert(tkdn, bmp float64, terbit, kadaluarsa string) *Sertifikat {
	c := &Sertifikat{Nomor: "T-1", TKDN: int64(tkdn * pct), HasTKDN: true, BMP: int64(bmp * pct), HasBMP: bmp > 0}
	if terbit != "" {
		c.Terbit, c.HasTerbit = day(terbit), true
	}
	if kadaluarsa != "" {
		c.Kadaluarsa, c.HasKadaluarsa = day(kadaluarsa), true
	}
	return c
}

// TestDecisionTable covers every class (TKDN_RULES §2) and the day before
// and the day of every regulation change (§0).
func TestDecisionTable(t *testing.T) {
	ok := "2020-01-01"
	cases := []struct {
		article string
		date    string
		e       ProductEvidence
		kelas   Kelas
		rule    string
		flag    string
	}{
		{"Perpres 12/2021 Ps. 66(2): TKDN + BMP >= 40 %", "2023-10-15",
			ProductEvidence{Cert: cert(37.01, 5, ok, "2031-01-08")}, TKDNBMP40, "P12_2021.SERT_TKDN_BMP_40", ""},
		{"BMP counts at most 15 % (Permenperin 35/2025): 25 + 20 -> 40, not 45", "2023-10-15",
			ProductEvidence{Cert: cert(25, 20, ok, "2031-01-08")}, TKDNBMP40, "P12_2021.SERT_TKDN_BMP_40", ""},
		{"BMP cap: 24.99 + 15 < 40", "2023-10-15",
			ProductEvidence{Cert: cert(24.99, 20, ok, "2031-01-08")}, TKDNLT25, "P12_2021.SERT_TKDN_LT25", ""},
		{"PP 29/2018: TKDN >= 25 %", "2023-10-15",
			ProductEvidence{Cert: cert(30, 0, ok, "2031-01-08"), Commodity40: true}, TKDN25, "P12_2021.SERT_TKDN_25", ""},
		{"Perpres 12/2021: TKDN < 25 % where a 40 % product exists may not comply", "2023-10-15",
			ProductEvidence{Cert: cert(10, 0, ok, "2031-01-08"), Commodity40: true}, TKDNLT25, "P12_2021.SERT_TKDN_LT25", FlagPossibleNoncompliance},
		{"Perpres 46/2025 Ps. 66(2) c: TKDN < 25 % needs a justification", "2025-06-01",
			ProductEvidence{Cert: cert(10, 0, ok, "2031-01-08"), Commodity40: true}, TKDNLT25, "P46_2025.SERT_TKDN_LT25", FlagNeedsJustification},
		{"TKDN_RULES §1f: an expired certificate of a domestic producer is PDN without TKDN", "2023-10-15",
			ProductEvidence{Cert: cert(45, 0, ok, "2023-10-14")}, PDNNonTKDN, "P12_2021.SERT_KEDALUWARSA", ""},
		{"§1f: a certificate counts from its issue date", "2023-10-15",
			ProductEvidence{Cert: cert(45, 0, "2023-10-16", "2031-01-01")}, PDNNonTKDN, "P12_2021.SERT_KEDALUWARSA", ""},
		{"§1f: on its expiry day a certificate still counts", "2023-10-15",
			ProductEvidence{Cert: cert(45, 0, "", "2023-10-15")}, TKDNBMP40, "P12_2021.SERT_TKDN_BMP_40", ""},
		{"999.99 sentinel: certificate without a TKDN value", "2023-10-15",
			ProductEvidence{Cert: &Sertifikat{Nomor: "T-2", Kadaluarsa: day("2031-01-01"), HasKadaluarsa: true}}, PDNNonTKDN, "P12_2021.PDN_TANPA_SERT", ""},
		{"Perpres 46/2025 Ps. 66(2) d / SAKTI: e-Katalog lokal without TKDN", "2025-06-01",
			ProductEvidence{Origin: OriginDomestic, OriginSource: "e-Katalog jenis_produk lokal"}, PDNNonTKDN, "P46_2025.PDN_TANPA_SERT", ""},
		{"Permenperin 35/2025 Ps. 1(2): an import", "2023-10-15",
			ProductEvidence{Origin: OriginForeign, OriginSource: "jenis_produk impor", Commodity40: true}, Impor, "P12_2021.IMPOR_PRODUK", FlagPossibleNoncompliance},
		{"an import after 30 Apr 2025 where a 40 % product exists", "2025-05-01",
			ProductEvidence{Origin: OriginForeign, Commodity40: true}, Impor, "P46_2025.IMPOR_PRODUK", FlagPossibleNoncompliance},
		{"nothing known: UNKNOWN, never PDN", "2023-10-15",
			ProductEvidence{}, Unknown, "P12_2021.PRODUK_TIDAK_DIKETAHUI", ""},
		// Period boundaries: the day before and the day of each change.
		{"Perpres 16/2018 until 1 Feb 2021", "2021-02-01", ProductEvidence{Cert: cert(41, 0, ok, "2031-01-01")}, TKDNBMP40, "P16_2018.SERT_TKDN_BMP_40", ""},
		{"Perpres 12/2021 from 2 Feb 2021", "2021-02-02", ProductEvidence{Cert: cert(41, 0, ok, "2031-01-01")}, TKDNBMP40, "P12_2021.SERT_TKDN_BMP_40", ""},
		{"Perpres 12/2021 until 29 Apr 2025", "2025-04-29", ProductEvidence{Cert: cert(20, 0, ok, "2031-01-01"), Commodity40: true}, TKDNLT25, "P12_2021.SERT_TKDN_LT25", FlagPossibleNoncompliance},
		{"Perpres 46/2025 from 30 Apr 2025", "2025-04-30", ProductEvidence{Cert: cert(20, 0, ok, "2031-01-01"), Commodity40: true}, TKDNLT25, "P46_2025.SERT_TKDN_LT25", FlagNeedsJustification},
		{"before Permenperin 35/2025 (11 Dec 2025)", "2025-12-11", ProductEvidence{Cert: cert(26, 0, ok, "2031-01-01")}, TKDN25, "P46_2025.SERT_TKDN_25", ""},
		{"Permenperin 35/2025 from 12 Dec 2025", "2025-12-12", ProductEvidence{Cert: cert(26, 0, ok, "2031-01-01")}, TKDN25, "P35_2025.SERT_TKDN_25", ""},
	}
	for _, c := range cases {
		c.e.Tanggal, c.e.HasTanggal, c.e.Nilai = day(c.date), true, 1000
		got := ClassifyProduct(c.e)
		if got.Kelas != c.kelas || got.RuleID != c.rule || got.Kepatuhan != c.flag {
			t.Errorf("%s (%s):\n got %s %s %q\nwant %s %s %q\n%s", c.article, c.date, got.Kelas, got.RuleID, got.Kepatuhan, c.kelas, c.rule, c.flag, got.Alasan)
		}
		if got.Alasan == "" {
			t.Errorf("%s: no reason", c.article)
		}
	}
}

func TestReasonText(t *testing.T) {
	got := ClassifyProduct(ProductEvidence{Tanggal: day("2023-10-15"), HasTanggal: true, Nilai: 100, Cert: cert(37.01, 5, "", "2031-01-08")})
	for _, want := range []string{"Sertifikat TKDN 37,01%", "BMP 5% >= 40%", "Perpres 12/2021 Ps. 66", "tanggal terbit tidak diketahui"} {
		if !strings.Contains(got.Alasan, want) {
			t.Errorf("reason %q lacks %q", got.Alasan, want)
		}
	}
}

func TestPricePreference(t *testing.T) {
	base := ProductEvidence{Tanggal: day("2023-10-15"), HasTanggal: true, Tender: true, HPS: 1_000_000_001 * 100, Cert: cert(25, 0, "", "2031-01-01")}
	if !ClassifyProduct(base).PreferensiHarga {
		t.Error("tender, HPS > Rp1 miliar, TKDN 25 %: eligible (Perpres 12/2021 Ps. 67)")
	}
	b := base
	b.HPS = 1_000_000_000 * 100
	if ClassifyProduct(b).PreferensiHarga {
		t.Error("HPS of exactly Rp1 miliar is not above it")
	}
	b = base
	b.Cert = cert(24.99, 0, "", "2031-01-01")
	if ClassifyProduct(b).PreferensiHarga {
		t.Error("TKDN below 25 %: not eligible")
	}
}

// TestClassesExhaustiveAndExclusive: for random evidence, exactly one of the
// seven classes comes out, and it agrees with the conditions that define
// each class (property test over 200,000 cases).
func TestClassesExhaustiveAndExclusive(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	valid := map[Kelas]bool{TKDNBMP40: true, TKDN25: true, TKDNLT25: true, PDNNonTKDN: true, Impor: true, Unknown: true}
	for i := 0; i < 200000; i++ {
		e := ProductEvidence{Tanggal: day("2019-01-01").AddDate(0, 0, r.IntN(3000)), HasTanggal: r.IntN(10) > 0,
			Nilai: r.Int64N(1e12), Origin: Origin(r.IntN(3)), Commodity40: r.IntN(2) == 0}
		if r.IntN(2) == 0 {
			c := &Sertifikat{TKDN: r.Int64N(101 * pct), HasTKDN: r.IntN(8) > 0, BMP: r.Int64N(30 * pct)}
			if r.IntN(5) > 0 {
				c.Kadaluarsa, c.HasKadaluarsa = day("2019-01-01").AddDate(0, 0, r.IntN(4000)), true
			}
			if r.IntN(2) == 0 {
				c.Terbit, c.HasTerbit = day("2018-01-01").AddDate(0, 0, r.IntN(3000)), true
			}
			e.Cert = c
		}
		d := ClassifyProduct(e)
		if !valid[d.Kelas] {
			t.Fatalf("case %d: class %q is not one of the product classes", i, d.Kelas)
		}
		ok, _ := certValid(e)
		var want Kelas
		switch {
		case ok && e.Cert.HasTKDN && e.Cert.TKDN+min(e.Cert.BMP, bmpCap) >= pct40:
			want = TKDNBMP40
		case ok && e.Cert.HasTKDN && e.Cert.TKDN >= pct25:
			want = TKDN25
		case ok && e.Cert.HasTKDN:
			want = TKDNLT25
		case e.Cert != nil || e.Origin == OriginDomestic:
			want = PDNNonTKDN
		case e.Origin == OriginForeign:
			want = Impor
		default:
			want = Unknown
		}
		if d.Kelas != want {
			t.Fatalf("case %d %+v: got %s, want %s", i, e, d.Kelas, want)
		}
		if d.Kelas.IsPDN() != (d.NilaiPDN == e.Nilai && d.Kelas != Impor && d.Kelas != Unknown) {
			t.Fatalf("case %d: PDN value %d inconsistent with class %s", i, d.NilaiPDN, d.Kelas)
		}
		if !strings.HasPrefix(d.RuleID, PeriodAt(e.Tanggal, e.HasTanggal).ID+".") {
			t.Fatalf("case %d: rule %s not of the period in force", i, d.RuleID)
		}
	}
}

func TestAturanCoversEveryRule(t *testing.T) {
	ids := map[string]bool{}
	for _, a := range AturanTKDN() {
		if ids[a.RuleID] {
			t.Errorf("duplicate rule %s", a.RuleID)
		}
		ids[a.RuleID] = true
	}
	// Every rule the classifiers can write is listed.
	check := func(rule string) {
		if !ids[rule] {
			t.Errorf("rule %s written but not in aturan_tkdn", rule)
		}
	}
	for _, p := range Periods {
		for _, e := range []ProductEvidence{{Cert: cert(50, 0, "", "2100-01-01")}, {Cert: cert(30, 0, "", "2100-01-01")},
			{Cert: cert(5, 0, "", "2100-01-01")}, {Cert: cert(5, 0, "", "1900-01-02")}, {Origin: OriginDomestic}, {Origin: OriginForeign}, {}} {
			e.Tanggal, e.HasTanggal = p.Dari.AddDate(0, 0, 1), true
			if p.Dari.IsZero() {
				e.Tanggal = day("2020-01-01")
			}
			check(ClassifyProduct(e).RuleID)
		}
		for _, e := range []Evidence{{PDNReported: false}, {PDNReported: true, Nilai: 5, NilaiPDN: 5}, {PDNReported: true, Nilai: 5, NilaiPDN: 2},
			{PDNReported: true, Nilai: 5}, {PDNReported: true, Nilai: 5, ZeroMeansUnfilled: true}, {PDNReported: true, Nilai: 5, NilaiPDN: 9}} {
			e.Tanggal, e.HasTanggal = p.Dari.AddDate(0, 0, 1), true
			check(Classify(e).RuleID)
		}
	}
}

// FuzzClassify: any evidence gives exactly one class of the table, a rule
// listed in aturan_tkdn, a reason, and a PDN part within 0..value.
func FuzzClassify(f *testing.F) {
	f.Add(int64(1000), int64(370100), int64(50000), int32(19000), int32(22000), true, true, uint8(1), true)
	f.Add(int64(0), int64(0), int64(0), int32(0), int32(0), false, false, uint8(0), false)
	rules := map[string]bool{}
	for _, a := range AturanTKDN() {
		rules[a.RuleID] = true
	}
	f.Fuzz(func(t *testing.T, nilai, tkdn, bmp int64, tgl, exp int32, hasCert, hasTKDN bool, origin uint8, c40 bool) {
		e := ProductEvidence{Nilai: nilai, Tanggal: day("2000-01-01").AddDate(0, 0, int(tgl%20000)), HasTanggal: tgl != 0,
			Origin: Origin(origin % 3), Commodity40: c40}
		if hasCert {
			e.Cert = &Sertifikat{TKDN: tkdn, HasTKDN: hasTKDN, BMP: bmp, Kadaluarsa: day("2000-01-01").AddDate(0, 0, int(exp%20000)), HasKadaluarsa: exp != 0}
		}
		d := ClassifyProduct(e)
		if !rules[d.RuleID] || d.Alasan == "" {
			t.Fatalf("rule %q not listed or no reason for %+v", d.RuleID, e)
		}
		if d.NilaiPDN != 0 && d.NilaiPDN != nilai {
			t.Fatalf("PDN part %d of %d", d.NilaiPDN, nilai)
		}
		s := Classify(Evidence{Nilai: nilai, NilaiPDN: tkdn, PDNReported: hasTKDN, Tanggal: e.Tanggal, HasTanggal: e.HasTanggal, PDNField: "x", ZeroMeansUnfilled: c40})
		if !rules[s.RuleID] || s.NilaiPDN < 0 || (nilai >= 0 && s.NilaiPDN > nilai) {
			t.Fatalf("source-level decision %+v for value %d", s, nilai)
		}
	})
}

// BenchmarkReasons: classifying product lines with certificates of every
// tier and transactions from source amounts, the reasons written for each.
func BenchmarkReasons(b *testing.B) {
	d := day("2024-06-01")
	var products []ProductEvidence
	for i := range 64 {
		c := cert(float64(10+i), float64(i%16), "2020-01-01", "2030-01-01")
		c.Nomor, c.Method, c.Score = "", "nama", 0.8+float64(i)/1000
		c.Perusahaan, c.Produk = "PT Contoh", "Kursi kerja"
		products = append(products, ProductEvidence{Tanggal: d, HasTanggal: true, Nilai: int64(i) * 123456789, Cert: c})
	}
	var sources []Evidence
	for i := range 64 {
		sources = append(sources, Evidence{Tanggal: d, HasTanggal: true, Nilai: 1000000 + int64(i)*98765, NilaiPDN: int64(i) * 12345,
			PDNReported: true, PDNField: "nilai_pdn_kontrak"})
	}
	b.ReportAllocs()
	for b.Loop() {
		for _, e := range products {
			_ = ClassifyProduct(e)
		}
		for _, e := range sources {
			_ = Classify(e)
		}
	}
}
