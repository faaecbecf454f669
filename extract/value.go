package extract

import (
	"errors"
	"strconv"
	"strings"
	"time"
	"unicode"
)

// Errors returned by the value parsers. They are wrapped into a *ParseError
// that carries the file, record and field.
var (
	ErrNotNumber = errors.New("not a number")
	ErrOverflow  = errors.New("number out of range")
	ErrNotDate   = errors.New("not a recognised date")
	ErrNotBool   = errors.New("not a boolean")
	ErrNotInt    = errors.New("not a whole number")
)

// pow10 holds the powers of ten used to scale decimals.
var pow10 = [...]int64{1, 10, 100, 1000, 10000, 100000, 1000000}

// ParseDecimal parses a machine-written decimal number ("1269963504.15",
// "-0", "1.5e9", "69864217347.800003") into an integer scaled by 10^scale,
// rounding half away from zero. Binary float artefacts therefore vanish at
// the chosen scale. It never goes through float64.
func ParseDecimal(s string, scale int) (int64, error) {
	if s == "" {
		return 0, ErrNotNumber
	}
	neg := false
	switch s[0] {
	case '-':
		neg, s = true, s[1:]
	case '+':
		s = s[1:]
	}
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil || e > 40 || e < -40 {
			if err == nil {
				return 0, ErrOverflow
			}
			return 0, ErrNotNumber
		}
		exp, s = e, s[:i]
	}
	intPart, frac := s, ""
	if i := strings.IndexByte(s, '.'); i >= 0 {
		intPart, frac = s[:i], s[i+1:]
	}
	if intPart == "" && frac == "" {
		return 0, ErrNotNumber
	}
	digits := intPart + frac
	for i := 0; i < len(digits); i++ {
		if digits[i] < '0' || digits[i] > '9' {
			return 0, ErrNotNumber
		}
	}
	// value = digits * 10^(exp - len(frac)); we want value * 10^scale.
	shift := exp - len(frac) + scale
	digits = strings.TrimLeft(digits, "0")
	var v int64
	if shift >= 0 {
		if len(digits)+shift > 18 {
			return 0, ErrOverflow
		}
		for i := 0; i < len(digits); i++ {
			v = v*10 + int64(digits[i]-'0')
		}
		for ; shift > 0; shift-- {
			v *= 10
		}
	} else {
		cut := len(digits) + shift // digits kept
		var round byte
		if cut < 0 {
			cut, round = 0, '0'
		} else if cut < len(digits) {
			round = digits[cut]
		}
		if cut > 18 {
			return 0, ErrOverflow
		}
		for i := 0; i < cut; i++ {
			v = v*10 + int64(digits[i]-'0')
		}
		if round >= '5' {
			v++
		}
	}
	if neg {
		v = -v
	}
	return v, nil
}

// ParseRupiah parses a human-written Indonesian amount: "Rp 1.234.567,89",
// "Rp. 3.800.000,00", "1.234.567", "(1.000)" (negative), "43,52". Dots are
// thousands separators and the comma is the decimal mark; a lone dot
// followed by other than three digits is read as a decimal point
// ("43.52"), which is how spreadsheets export percentages.
func ParseRupiah(s string, scale int) (int64, error) {
	s = CleanText(s)
	neg := false
	if strings.HasPrefix(s, "(") && strings.HasSuffix(s, ")") {
		neg, s = true, strings.TrimSpace(s[1:len(s)-1])
	}
	low := strings.ToLower(s)
	for _, p := range []string{"rp.", "rp"} {
		if strings.HasPrefix(low, p) {
			s, low = strings.TrimSpace(s[len(p):]), low[len(p):]
			break
		}
	}
	s = strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "%")), ",-")
	if strings.HasPrefix(s, "-") {
		neg, s = !neg, strings.TrimSpace(s[1:])
	}
	s = strings.ReplaceAll(s, " ", "")
	var norm string
	dots, commas := strings.Count(s, "."), strings.Count(s, ",")
	switch {
	case commas == 1 && dots >= 0 && (dots == 0 || strings.LastIndexByte(s, '.') < strings.IndexByte(s, ',')):
		norm = strings.ReplaceAll(s, ".", "")
		norm = strings.Replace(norm, ",", ".", 1)
	case commas == 0 && dots == 1 && len(s)-strings.IndexByte(s, '.')-1 != 3:
		norm = s
	case commas == 0:
		if dots > 0 && !thousandsGrouped(s, '.') {
			return 0, ErrNotNumber
		}
		norm = strings.ReplaceAll(s, ".", "")
	case dots == 1 && commas >= 1 && strings.IndexByte(s, '.') > strings.LastIndexByte(s, ','):
		// English style 1,234,567.89
		if !thousandsGrouped(s[:strings.IndexByte(s, '.')], ',') {
			return 0, ErrNotNumber
		}
		norm = strings.ReplaceAll(s, ",", "")
	default:
		return 0, ErrNotNumber
	}
	v, err := ParseDecimal(norm, scale)
	if err != nil {
		return 0, err
	}
	if neg {
		v = -v
	}
	return v, nil
}

// thousandsGrouped reports whether s uses sep only between groups of three.
func thousandsGrouped(s string, sep byte) bool {
	parts := strings.Split(s, string(sep))
	for i, p := range parts {
		if (i == 0 && (len(p) == 0 || len(p) > 3)) || (i > 0 && len(p) != 3) {
			return false
		}
	}
	return true
}

// monthNames maps Indonesian and English month names and the old spellings
// ("Pebruari", "Nopember") to month numbers.
var monthNames = map[string]time.Month{
	"januari": 1, "jan": 1, "january": 1,
	"februari": 2, "pebruari": 2, "feb": 2, "peb": 2, "february": 2,
	"maret": 3, "mar": 3, "march": 3,
	"april": 4, "apr": 4,
	"mei": 5, "may": 5,
	"juni": 6, "jun": 6, "june": 6,
	"juli": 7, "jul": 7, "july": 7,
	"agustus": 8, "agu": 8, "agt": 8, "aug": 8, "august": 8,
	"september": 9, "sep": 9, "sept": 9,
	"oktober": 10, "okt": 10, "oct": 10, "october": 10,
	"november": 11, "nopember": 11, "nov": 11, "nop": 11,
	"desember": 12, "des": 12, "dec": 12, "december": 12,
}

// ParseTimestamp reads the date and time formats found in LKPP, SIPD and
// regional data and returns the local wall-clock time it states:
//
//	2025-10-02, 2025-02-11 10:00:00, 2025-02-24T00:00:00.000000Z,
//	2024-08-29T10:00:01.679000Z, 16/10/2023, 16-10-2023,
//	16 Oktober 2023, 16 Oktober 2023 10:15, Januari 2025 (month: day 1).
//
// A trailing Z or offset is dropped on purpose: ISB writes local dates as
// midnight UTC (LKPP_FORMATS quirk 7), so converting would shift the day.
func ParseTimestamp(s string) (time.Time, error) {
	s = CleanText(s)
	if len(s) >= 10 && s[4] == '-' && s[7] == '-' {
		return parseISO(s)
	}
	if len(s) >= 8 && (s[2] == '/' || s[2] == '-' || s[1] == '/' || s[1] == '-') {
		sep := "/"
		if strings.Contains(s[:3], "-") {
			sep = "-"
		}
		datePart, clock, _ := strings.Cut(s, " ")
		p := strings.Split(datePart, sep)
		if len(p) == 3 {
			d, e1 := strconv.Atoi(p[0])
			m, e2 := strconv.Atoi(p[1])
			y, e3 := strconv.Atoi(p[2])
			if e1 == nil && e2 == nil && e3 == nil && len(p[2]) == 4 {
				return mkTime(y, m, d, clock)
			}
		}
		return time.Time{}, ErrNotDate
	}
	f := strings.Fields(s)
	switch {
	case len(f) >= 3 && monthNames[strings.ToLower(f[0])] != 0:
		// Java's default rendering: "Aug 13, 2025, 12:00:00AM".
		d, e1 := strconv.Atoi(strings.TrimSuffix(f[1], ","))
		y, e3 := strconv.Atoi(strings.TrimSuffix(f[2], ","))
		if e1 == nil && e3 == nil {
			return mkTime(y, int(monthNames[strings.ToLower(f[0])]), d, strings.Join(f[3:], " "))
		}
	case len(f) >= 3:
		d, e1 := strconv.Atoi(f[0])
		m, ok := monthNames[strings.ToLower(strings.TrimSuffix(f[1], ","))]
		y, e3 := strconv.Atoi(f[2])
		if e1 == nil && ok && e3 == nil {
			clock := ""
			if len(f) > 3 {
				clock = strings.Join(f[3:], " ")
			}
			return mkTime(y, int(m), d, clock)
		}
	case len(f) == 2:
		m, ok := monthNames[strings.ToLower(f[0])]
		y, err := strconv.Atoi(f[1])
		if ok && err == nil {
			return mkTime(y, int(m), 1, "")
		}
	}
	return time.Time{}, ErrNotDate
}

func parseISO(s string) (time.Time, error) {
	y, e1 := strconv.Atoi(s[0:4])
	m, e2 := strconv.Atoi(s[5:7])
	d, e3 := strconv.Atoi(s[8:10])
	if e1 != nil || e2 != nil || e3 != nil {
		return time.Time{}, ErrNotDate
	}
	rest := s[10:]
	if rest != "" {
		if rest[0] != 'T' && rest[0] != ' ' {
			return time.Time{}, ErrNotDate
		}
		rest = rest[1:]
		if i := strings.IndexAny(rest, "Z+"); i >= 0 {
			rest = rest[:i]
		} else if len(rest) > 8 && strings.LastIndexByte(rest, '-') > 7 {
			rest = rest[:strings.LastIndexByte(rest, '-')]
		}
	}
	return mkTime(y, m, d, rest)
}

// mkTime validates the parts (no 31 February) and parses "hh:mm[:ss[.frac]]".
func mkTime(y, m, d int, clock string) (time.Time, error) {
	if y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31 {
		return time.Time{}, ErrNotDate
	}
	var hh, mm, ss, ns int
	clock = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(clock), "WIB"))
	pm, am := strings.HasSuffix(strings.ToUpper(clock), "PM"), strings.HasSuffix(strings.ToUpper(clock), "AM")
	if pm || am {
		clock = strings.TrimSpace(clock[:len(clock)-2])
	}
	if clock != "" {
		main, frac, _ := strings.Cut(clock, ".")
		p := strings.Split(main, ":")
		if len(p) < 2 || len(p) > 3 {
			return time.Time{}, ErrNotDate
		}
		var err error
		vals := []*int{&hh, &mm, &ss}
		for i, x := range p {
			if *vals[i], err = strconv.Atoi(x); err != nil {
				return time.Time{}, ErrNotDate
			}
		}
		if frac != "" {
			if len(frac) > 9 {
				frac = frac[:9]
			}
			n, err := strconv.Atoi(frac)
			if err != nil {
				return time.Time{}, ErrNotDate
			}
			ns = n
			for i := len(frac); i < 9; i++ {
				ns *= 10
			}
		}
		if pm || am {
			if hh < 1 || hh > 12 {
				return time.Time{}, ErrNotDate
			}
			hh %= 12
			if pm {
				hh += 12
			}
		}
		if hh > 23 || mm > 59 || ss > 59 {
			return time.Time{}, ErrNotDate
		}
	}
	t := time.Date(y, time.Month(m), d, hh, mm, ss, ns, time.UTC)
	if t.Day() != d {
		return time.Time{}, ErrNotDate
	}
	return t, nil
}

// ParseBool reads JSON-ish and Indonesian booleans.
func ParseBool(s string) (bool, error) {
	switch strings.ToLower(CleanText(s)) {
	case "true", "1", "ya", "y", "yes", "t":
		return true, nil
	case "false", "0", "tidak", "n", "no", "f":
		return false, nil
	}
	return false, ErrNotBool
}

// CleanText trims spaces (including non-breaking and full-width spaces,
// tabs and line breaks) from both ends.
func CleanText(s string) string {
	return strings.TrimFunc(s, func(r rune) bool { return unicode.IsSpace(r) || r == '\u00a0' || r == '\u3000' || r == '\ufeff' })
}

// IsEmptyMarker reports values that mean "no value" in the sources:
// "", "-", en/em dashes and "N/A".
func IsEmptyMarker(s string) bool {
	switch strings.ToUpper(CleanText(s)) {
	case "", "-", "–", "—", "N/A", "NA", "NULL":
		return true
	}
	return false
}

// NormalizeNPWP keeps the digits of a tax number and returns them when they
// form a 15-digit (old) or 16-digit (NIK-era) NPWP; otherwise "". A 16-digit
// NPWP that is an old one with a leading 0 ("0016711962421000") becomes its
// 15 digits, so that both spellings of one taxpayer compare equal.
func NormalizeNPWP(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	d := b.String()
	switch {
	case len(d) == 16 && d[0] == '0':
		return d[1:]
	case len(d) == 15 || len(d) == 16:
		return d
	}
	return ""
}
