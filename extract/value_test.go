package extract

import (
	"testing"
	"time"
)

func TestParseDecimal(t *testing.T) {
	cases := []struct {
		in    string
		scale int
		want  int64
		err   bool
	}{
		{"1269963504.15", 2, 126996350415, false},
		{"69864217347.800003", 2, 6986421734780, false}, // float artefact (LKPP_FORMATS quirk 2)
		{"999995334.78", 2, 99999533478, false},
		{"1500000000", 2, 150000000000, false},
		{"-0", 2, 0, false},
		{"1.5e9", 2, 150000000000, false},
		{"0.005", 2, 1, false}, // half away from zero
		{"-0.005", 2, -1, false},
		{"12.3456789", 4, 123457, false},
		{"1e400", 2, 0, true},
		{"99999999999999999999", 2, 0, true},
		{"abc", 2, 0, true},
		{"", 2, 0, true},
		{".", 2, 0, true},
		{"1.2.3", 2, 0, true},
	}
	for _, c := range cases {
		got, err := ParseDecimal(c.in, c.scale)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("ParseDecimal(%q, %d) = %d, %v; want %d, err %v", c.in, c.scale, got, err, c.want, c.err)
		}
	}
}

func TestParseRupiah(t *testing.T) {
	cases := []struct {
		in   string
		want int64 // cents
		err  bool
	}{
		{"Rp 1.234.567,89", 123456789, false},
		{"Rp. 3.800.000,00", 380000000, false}, // SPSE HTML (quirk 20)
		{"1.234.567", 123456700, false},
		{"(1.000)", -100000, false},
		{"43,52", 4352, false},
		{"43.52%", 4352, false},
		{"1,234,567.89", 123456789, false},
		{"\u00a0Rp\u00a02.500\u00a0", 250000, false},
		{"1.23.4", 0, true},
		{"Rp", 0, true},
		{"3,8 Jt", 0, true}, // abbreviated list amounts are not money (quirk 21)
	}
	for _, c := range cases {
		got, err := ParseRupiah(c.in, 2)
		if (err != nil) != c.err || (!c.err && got != c.want) {
			t.Errorf("ParseRupiah(%q) = %d, %v; want %d, err %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	d := func(y, m, dd, hh, mi, ss int) time.Time {
		return time.Date(y, time.Month(m), dd, hh, mi, ss, 0, time.UTC)
	}
	cases := []struct {
		in   string
		want time.Time
		err  bool
	}{
		{"2025-10-02", d(2025, 10, 2, 0, 0, 0), false},
		{"2025-02-11 10:00:00", d(2025, 2, 11, 10, 0, 0), false},
		{"2025-02-24T00:00:00.000000Z", d(2025, 2, 24, 0, 0, 0), false}, // a local date, not shifted (quirk 7)
		{"2024-08-29T10:00:01.679000Z", d(2024, 8, 29, 10, 0, 1).Add(679 * time.Millisecond), false},
		{"16 Oktober 2023", d(2023, 10, 16, 0, 0, 0), false},
		{"16 Oktober 2023 10:15", d(2023, 10, 16, 10, 15, 0), false},
		{"1 Pebruari 2024", d(2024, 2, 1, 0, 0, 0), false},
		{"30 Nopember 2022", d(2022, 11, 30, 0, 0, 0), false},
		{"Januari 2025", d(2025, 1, 1, 0, 0, 0), false}, // month-level (quirk 8, 22)
		{"16/10/2023", d(2023, 10, 16, 0, 0, 0), false},
		{"08-04-2026", d(2026, 4, 8, 0, 0, 0), false},
		{"Aug 13, 2025, 12:00:00AM", d(2025, 8, 13, 0, 0, 0), false},
		{"Oct 29, 2025, 1:30:00PM", d(2025, 10, 29, 13, 30, 0), false},
		{"2025-02-30", time.Time{}, true},
		{"31 Juni 2023", time.Time{}, true},
		{"kemarin", time.Time{}, true},
		{"2025-13-01", time.Time{}, true},
	}
	for _, c := range cases {
		got, err := ParseTimestamp(c.in)
		if (err != nil) != c.err || (!c.err && !got.Equal(c.want)) {
			t.Errorf("ParseTimestamp(%q) = %v, %v; want %v, err %v", c.in, got, err, c.want, c.err)
		}
	}
}

func TestNormalizeNPWP(t *testing.T) {
	cases := map[string]string{
		"01.671.196.2-421.000": "016711962421000",
		"0016711962421000":     "016711962421000",  // the 16-digit spelling of the same taxpayer
		"3271011234560001":     "3271011234560001", // a NIK-based NPWP
		"":                     "",
		"12.345":               "",
	}
	for in, want := range cases {
		if got := NormalizeNPWP(in); got != want {
			t.Errorf("NormalizeNPWP(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestConvertTextEmptyMarkers(t *testing.T) {
	for _, s := range []string{"", "-", "–", "N/A", " "} {
		v, err := ConvertText(KindMoney, s, false)
		if err != nil || v.Valid {
			t.Errorf("ConvertText(money, %q) = %+v, %v; want NULL", s, v, err)
		}
	}
	if v, err := ConvertText(KindInt, "2025.0", true); err != nil || v.I != 2025 {
		t.Errorf("int from 2025.0 = %+v, %v", v, err)
	}
	if _, err := ConvertText(KindInt, "2025.5", true); err == nil {
		t.Error("int from 2025.5: want an error")
	}
}

func FuzzParseDecimal(f *testing.F) {
	for _, s := range []string{"1269963504.15", "69864217347.800003", "-0", "1e400", "1.5e9", ""} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, err := ParseDecimal(s, 2)
		if err == nil && v < 0 && s != "" && s[0] != '-' {
			t.Fatalf("ParseDecimal(%q) = %d: negative without a sign", s, v)
		}
		ParseRupiah(s, 2)
	})
}

func FuzzParseTimestamp(f *testing.F) {
	for _, s := range []string{"2025-10-02", "2024-08-29T10:00:01.679000Z", "16 Oktober 2023 10:15", "Aug 13, 2025, 12:00:00AM", "16/10/2023"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got, err := ParseTimestamp(s)
		if err == nil && (got.Year() < 1900 || got.Year() > 2200) {
			t.Fatalf("ParseTimestamp(%q) = %v: out of range", s, got)
		}
	})
}

func TestSelect(t *testing.T) {
	svc := NewService("S", "s", "a:id b:int c:str d:date")
	sel := svc.Select("d", "a", "zz")
	if len(sel.Fields) != 2 || sel.Fields[0].Name != "a" || sel.Fields[1].Name != "d" {
		t.Fatalf("Select(d, a, zz) = %v, want fields a, d in the service's order", sel.Fields)
	}
	if sel.Index("d") != 1 || sel.Index("zz") != -1 {
		t.Fatalf("Index(d) = %d, Index(zz) = %d; want 1, -1", sel.Index("d"), sel.Index("zz"))
	}
	defer func() {
		if e, ok := recover().(*UnselectedFieldError); !ok || e.Field != "b" {
			t.Fatalf("reading an unselected field: recovered %v, want *UnselectedFieldError for b", e)
		}
	}()
	(&Row{Service: sel, Vals: make([]Value, 2)}).Get("b")
}
