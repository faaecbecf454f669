package transform

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Percentages are held at scale 4 (37.01 % = 370100), like DECIMAL(20,4).
const (
	pct     = 10000
	pct40   = 40 * pct
	pct25   = 25 * pct
	bmpCap  = 15 * pct // BMP counts at most 15 % (Permenperin 35/2025; TKDN_RULES §1b)
	miliar1 = 1_000_000_000 * 100
)

// Origin is what a source says about where a product is made.
type Origin uint8

// Origins.
const (
	OriginUnknown Origin = iota
	OriginDomestic
	OriginForeign
)

// Sertifikat is a TKDN certificate matched to a product line.
type Sertifikat struct {
	Nomor, Perusahaan, Produk, Kelompok string
	TKDN                                int64 // scale 4; valid only if HasTKDN
	HasTKDN                             bool
	BMP                                 int64 // scale 4; 0 when unknown
	HasBMP                              bool
	Terbit, Kadaluarsa                  time.Time
	HasTerbit, HasKadaluarsa            bool
	Method                              string  // how it was matched
	Score                               float64 // match score 0..1
}

// ProductEvidence is what is known about one product line.
type ProductEvidence struct {
	Tanggal      time.Time
	HasTanggal   bool
	Nilai        int64 // rupiah cents
	Origin       Origin
	OriginSource string      // e.g. "e-Katalog jenis_produk lokal"
	Cert         *Sertifikat // nil: no certificate matched
	// Commodity40: a certified product of the same commodity reaches
	// TKDN + BMP >= 40 % (the commodity-level trigger of Art. 66).
	Commodity40 bool
	Tender      bool
	HPS         int64 // rupiah cents, tenders only
}

// Compliance flags (advisory, never used for counting).
const (
	FlagPossibleNoncompliance = "POSSIBLE_NONCOMPLIANCE"
	FlagNeedsJustification    = "NEEDS_JUSTIFICATION"
)

// ProductDecision adds the product-level flags to a decision.
type ProductDecision struct {
	Decision
	CertValid       bool
	Kepatuhan       string // compliance_flag: "", POSSIBLE_NONCOMPLIANCE, NEEDS_JUSTIFICATION
	PreferensiHarga bool   // price_preference_eligible (Perpres 12/2021 Ps. 67)
}

// certValid: a certificate counts only between its issue and expiry
// dates (TKDN_RULES §1f). An unknown issue date is checked on expiry only
// (said in the reason); an unknown expiry cannot be checked.
func certValid(e ProductEvidence) (bool, string) {
	c := e.Cert
	switch {
	case c == nil:
		return false, ""
	case !e.HasTanggal:
		return false, "tanggal transaksi tidak diketahui"
	case !c.HasKadaluarsa:
		return false, "masa berlaku sertifikat tidak diketahui"
	case e.Tanggal.After(c.Kadaluarsa):
		return false, "sertifikat kedaluwarsa " + c.Kadaluarsa.Format("2006-01-02")
	case c.HasTerbit && e.Tanggal.Before(c.Terbit):
		return false, "sertifikat baru terbit " + c.Terbit.Format("2006-01-02")
	case !c.HasTerbit:
		return true, "berlaku s.d. " + c.Kadaluarsa.Format("2006-01-02") + " (tanggal terbit tidak diketahui; hanya kedaluwarsa yang diperiksa)"
	}
	return true, "berlaku " + c.Terbit.Format("2006-01-02") + " s.d. " + c.Kadaluarsa.Format("2006-01-02")
}

// ClassifyProduct classifies one product line by the decision table of
// TKDN_RULES.md §2 under the period in force on its date. The tiers are the
// same in every period; what the period changes is the article cited and
// the advisory compliance flag.
func ClassifyProduct(e ProductEvidence) ProductDecision {
	p := PeriodAt(e.Tanggal, e.HasTanggal)
	d := tier(p, e)
	d.Kepatuhan = periodFlag[p.ID](e, d.Kelas)
	return d
}

// periodFlag is the one small function per period: the advisory flag.
var periodFlag = map[string]func(ProductEvidence, Kelas) string{
	// Perpres 16/2018 and 12/2021: where a >= 40 % product of the
	// commodity exists, buying below TKDN 25 % or an import may not comply.
	"P16_2018": flagStrict,
	"P12_2021": flagStrict,
	// Perpres 46/2025 Ps. 66(2) b-d: a lower tier is lawful when higher
	// tiers were unavailable or short: it needs a justification.
	"P46_2025": flagPriority,
	"P35_2025": flagPriority,
}

func flagStrict(e ProductEvidence, k Kelas) string {
	if e.Commodity40 && k != TKDNBMP40 && k != TKDN25 && k != Unknown {
		return FlagPossibleNoncompliance
	}
	return ""
}

func flagPriority(e ProductEvidence, k Kelas) string {
	switch {
	case !e.Commodity40 || k == TKDNBMP40 || k == TKDN25 || k == Unknown:
		return ""
	case k == Impor:
		return FlagPossibleNoncompliance
	}
	return FlagNeedsJustification
}

func tier(p Periode, e ProductEvidence) ProductDecision {
	valid, validity := certValid(e)
	d := ProductDecision{CertValid: valid}
	c := e.Cert
	if valid && c.HasTKDN {
		bmp := c.BMP
		if bmp > bmpCap {
			bmp = bmpCap
		}
		d.PreferensiHarga = e.Tender && e.HPS > miliar1 && c.TKDN >= pct25
		what := "Sertifikat TKDN " + pctText(c.TKDN) + "% (" + certRef(c) + "; " + validity + ")"
		switch {
		case c.TKDN+bmp >= pct40:
			return d.with(TKDNBMP40, e.Nilai, p.ID+".SERT_TKDN_BMP_40",
				what+" + BMP "+pctText(bmp)+"% >= 40% ("+p.Tier40+")")
		case c.TKDN >= pct25:
			return d.with(TKDN25, e.Nilai, p.ID+".SERT_TKDN_25",
				what+" >= 25%, TKDN + BMP "+pctText(c.TKDN+bmp)+"% < 40% ("+p.Dasar+"; PP 29/2018)")
		default:
			return d.with(TKDNLT25, e.Nilai, p.ID+".SERT_TKDN_LT25", what+" < 25% ("+p.TierLT25+")")
		}
	}
	switch {
	case c != nil && !valid && validity != "":
		// A certificate in the registry is a domestic producer's.
		return d.with(PDNNonTKDN, e.Nilai, p.ID+".SERT_KEDALUWARSA",
			fmt.Sprintf("Sertifikat TKDN %s tidak berlaku pada tanggal transaksi (%s): produsen dalam negeri, PDN tanpa TKDN (%s)", certRef(c), validity, p.TierSIINas))
	case c != nil || e.Origin == OriginDomestic:
		why := e.OriginSource
		if c != nil {
			why = fmt.Sprintf("sertifikat %s tanpa nilai TKDN yang berlaku (999.99 = tidak berlaku)", certRef(c))
		}
		return d.with(PDNNonTKDN, e.Nilai, p.ID+".PDN_TANPA_SERT",
			fmt.Sprintf("Produk dalam negeri tanpa nilai TKDN yang berlaku: %s (%s)", why, p.TierSIINas))
	case e.Origin == OriginForeign:
		return d.with(Impor, 0, p.ID+".IMPOR_PRODUK", fmt.Sprintf("Produk impor: %s (Permenperin 35/2025 Ps. 1(2))", e.OriginSource))
	}
	return d.with(Unknown, 0, p.ID+".PRODUK_TIDAK_DIKETAHUI",
		fmt.Sprintf("Asal produk tidak diketahui dan tidak ada sertifikat TKDN yang cocok; tidak dihitung sebagai PDN (%s)", p.Dasar))
}

func (d ProductDecision) with(k Kelas, pdn int64, rule, alasan string) ProductDecision {
	d.Kelas, d.NilaiPDN, d.RuleID, d.Alasan = k, pdn, rule, alasan
	return d
}

func certRef(c *Sertifikat) string {
	ref := c.Nomor
	if ref == "" {
		ref = strings.TrimSpace(c.Perusahaan + " / " + c.Produk)
	}
	if c.Method != "" {
		ref += ", cocok lewat " + c.Method + " " + strconv.FormatFloat(c.Score, 'f', 2, 64)
	}
	return ref
}

// pctText writes a scale-4 percentage the Indonesian way: 37,01. The
// reasons write one or two for each product line: without fmt (a tenth
// of the CPU of building them).
func pctText(v int64) string {
	if v < 0 {
		return strings.TrimSuffix(fmt.Sprintf("%d,%02d", v/pct, (v%pct)/100), ",00")
	}
	hundredths := (v % pct) / 100
	if hundredths == 0 {
		return strconv.FormatInt(v/pct, 10)
	}
	var buf [24]byte
	return string(appendTwoDigits(append(strconv.AppendInt(buf[:0], v/pct, 10), ','), hundredths))
}

// appendTwoDigits appends 0 to 99 as two digits.
func appendTwoDigits(b []byte, n int64) []byte {
	return append(b, byte('0'+n/10), byte('0'+n%10))
}
