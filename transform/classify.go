// Package transform turns extracted source rows into the warehouse's facts:
// one transaksi row per realised procurement transaction, classified by
// TKDN status under the regulation in force on its date, with the rule and
// an Indonesian reason on every row.
package transform

import (
	"fmt"
	"strconv"
	"time"
)

// Kelas is a TKDN class (TKDN_RULES.md §2), in priority order.
type Kelas string

// The classes.
const (
	TKDNBMP40      Kelas = "TKDN_BMP_40"      // valid certificate, TKDN + BMP >= 40 %
	TKDN25         Kelas = "TKDN_25"          // valid certificate, TKDN >= 25 %
	TKDNLT25       Kelas = "TKDN_LT25"        // valid certificate, TKDN < 25 %
	PDNNonTKDN     Kelas = "PDN_NON_TKDN"     // domestic product without a valid TKDN value
	PDNTierUnknown Kelas = "PDN_TIER_UNKNOWN" // the source reports a PDN amount only
	Impor          Kelas = "IMPOR"            // not a domestic product
	Unknown        Kelas = "UNKNOWN"          // the data cannot tell; never counted as PDN
)

// IsPDN reports whether the class counts as domestic product.
func (k Kelas) IsPDN() bool {
	switch k {
	case TKDNBMP40, TKDN25, TKDNLT25, PDNNonTKDN, PDNTierUnknown:
		return true
	}
	return false
}

// Periode is a regulation period: the rules in force from a date.
type Periode struct {
	ID    string // short id used in rule_id, e.g. "P12_2021"
	Dari  time.Time
	Dasar string // legal basis cited in reasons
	// Articles for each tier, as the period's regulation words them.
	Tier40, TierLT25, TierSIINas string
	// Prioritas: from Perpres 46/2025 a lower tier bought when a higher one
	// was unavailable is lawful, so the advisory flag asks for a
	// justification instead of marking a possible non-compliance.
	Prioritas bool
	// SertLima: certificates under Permenperin 35/2025 (5-year validity,
	// TKDN and BMP in one certificate). The registry's expiry date is used
	// either way; the flag only changes the article cited.
	SertLima bool
}

// Periods in force, oldest first (TKDN_RULES.md §0-1). Perpres 16/2018's
// exact original wording is UNVERIFIED: the safe reading (TKDN+BMP >= 40 %
// as the single trigger) is used and said in the reasons.
var Periods = []Periode{
	{ID: "P16_2018", Dari: time.Time{}, Dasar: "Perpres 16/2018 Ps. 66 (bacaan aman: satu syarat TKDN+BMP >= 40%)",
		Tier40: "Perpres 16/2018 Ps. 66", TierLT25: "Perpres 16/2018 Ps. 66", TierSIINas: "Perpres 16/2018 Ps. 66"},
	{ID: "P12_2021", Dari: date(2021, 2, 2), Dasar: "Perpres 12/2021 Ps. 66",
		Tier40: "Perpres 12/2021 Ps. 66 ayat (2)-(3)", TierLT25: "Perpres 12/2021 Ps. 66", TierSIINas: "juknis SAKTI klaster PDN"},
	{ID: "P46_2025", Dari: date(2025, 4, 30), Dasar: "Perpres 46/2025 Ps. 66 ayat (2)", Prioritas: true,
		Tier40: "Perpres 46/2025 Ps. 66 ayat (2) huruf a", TierLT25: "Perpres 46/2025 Ps. 66 ayat (2) huruf c", TierSIINas: "Perpres 46/2025 Ps. 66 ayat (2) huruf d"},
	{ID: "P35_2025", Dari: date(2025, 12, 12), Dasar: "Perpres 46/2025 Ps. 66 ayat (2); Permenperin 35/2025", Prioritas: true, SertLima: true,
		Tier40: "Perpres 46/2025 Ps. 66 ayat (2) huruf a; Permenperin 35/2025", TierLT25: "Perpres 46/2025 Ps. 66 ayat (2) huruf c", TierSIINas: "Perpres 46/2025 Ps. 66 ayat (2) huruf d"},
}

func date(y int, m time.Month, d int) time.Time { return time.Date(y, m, d, 0, 0, 0, 0, time.UTC) }

// PeriodAt returns the regulation period in force on a date. A transaction
// without a date is judged under the newest period.
func PeriodAt(t time.Time, known bool) Periode {
	if !known {
		return Periods[len(Periods)-1]
	}
	p := Periods[0]
	for _, q := range Periods[1:] {
		if !t.Before(q.Dari) {
			p = q
		}
	}
	return p
}

// Evidence is what a source tells about the domestic content of one
// transaction.
type Evidence struct {
	Tanggal     time.Time
	HasTanggal  bool
	Nilai       int64 // rupiah cents
	NilaiPDN    int64 // rupiah cents, when PDNReported
	PDNReported bool  // the source has a PDN amount field and it is filled
	PDNField    string
	// NoPDNField explains why the source cannot tell (e.g. e-Katalog v6
	// has no product TKDN); used when PDNReported is false.
	NoPDNField string
	// ZeroMeansUnfilled: a reported 0 means "not recorded" rather than
	// "not domestic" (SPSE pencatatan swakelola leaves the field at 0).
	ZeroMeansUnfilled bool
}

// Decision is the classification of one transaction.
type Decision struct {
	Kelas    Kelas
	NilaiPDN int64 // rupiah cents counted as PDN
	RuleID   string
	Alasan   string
}

// Classify decides the class of a transaction from source-level evidence.
// Product-level evidence (certificates) refines this in ClassifyProduct.
func Classify(e Evidence) Decision {
	p := PeriodAt(e.Tanggal, e.HasTanggal)
	switch {
	case !e.PDNReported:
		return Decision{Kelas: Unknown, RuleID: p.ID + ".TANPA_DATA_PDN",
			Alasan: e.NoPDNField + "; tidak dihitung sebagai PDN (" + p.Dasar + ")"}
	case e.NilaiPDN == 0 && e.ZeroMeansUnfilled:
		return Decision{Kelas: Unknown, RuleID: p.ID + ".PDN_TIDAK_DIISI",
			Alasan: e.PDNField + " bernilai 0 pada sumber yang tidak mengisinya; tidak dihitung sebagai PDN (" + p.Dasar + ")"}
	case e.NilaiPDN == 0:
		return Decision{Kelas: Impor, RuleID: p.ID + ".PDN_NOL",
			Alasan: e.PDNField + " = 0: bukan produk dalam negeri (" + p.Dasar + ")"}
	case e.NilaiPDN < 0 || e.NilaiPDN > e.Nilai:
		return Decision{Kelas: Unknown, RuleID: p.ID + ".PDN_TIDAK_WAJAR",
			Alasan: e.PDNField + " Rp" + Rupiah(e.NilaiPDN) + " di luar 0..nilai transaksi Rp" + Rupiah(e.Nilai) + "; tidak dihitung sebagai PDN"}
	case e.NilaiPDN == e.Nilai:
		return Decision{Kelas: PDNTierUnknown, NilaiPDN: e.NilaiPDN, RuleID: p.ID + ".PDN_PENUH",
			// The amount is nilai and nilai_pdn of the same row: left out of
			// the text, the most common reason is one value per field and
			// period, not one per transaction (a 5M-row warehouse held
			// 2.1M distinct texts of it, most of transaksi's bytes).
			Alasan: e.PDNField + " sama dengan nilai transaksi (100%) tanpa rincian produk: PDN, tingkat TKDN tidak diketahui (" + p.Dasar + ")"}
	default:
		return Decision{Kelas: PDNTierUnknown, NilaiPDN: e.NilaiPDN, RuleID: p.ID + ".PDN_SEBAGIAN",
			Alasan: e.PDNField + " Rp" + Rupiah(e.NilaiPDN) + " dari Rp" + Rupiah(e.Nilai) +
				" tanpa rincian produk: bagian PDN, tingkat TKDN tidak diketahui; sisa Rp" + Rupiah(e.Nilai-e.NilaiPDN) + " bukan PDN (" + p.Dasar + ")"}
	}
}

// Rupiah formats cents the Indonesian way: 1.234.567,89 (",00" dropped).
func Rupiah(cents int64) string {
	neg := cents < 0
	if neg {
		cents = -cents
	}
	whole, frac := cents/100, cents%100
	s := strconv.FormatInt(whole, 10)
	out := make([]byte, 0, len(s)+len(s)/3+4)
	for i := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			out = append(out, '.')
		}
		out = append(out, s[i])
	}
	if frac != 0 {
		if frac < 0 { // cents was the lowest int64, which has no opposite
			out = append(out, fmt.Sprintf(",%02d", frac)...)
		} else {
			out = appendTwoDigits(append(out, ','), frac)
		}
	}
	if neg {
		return "-" + string(out)
	}
	return string(out)
}
