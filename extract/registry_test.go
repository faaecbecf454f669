package extract

import (
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"time"
)

const registrySample = "../../shared/samples/kemenperin-tkdn/Data_Sertifikat_TKDN_20260527_excerpt.xls"

func drain(t *testing.T, r Reader) (rows []*Row, rejects []*ParseError) {
	t.Helper()
	for {
		row, err := r.Next()
		if err == io.EOF {
			return
		}
		var pe *ParseError
		if errors.As(err, &pe) {
			rejects = append(rejects, pe)
			if r.Records() < pe.Record {
				return
			}
			continue
		}
		if err != nil {
			t.Fatal(err)
		}
		rows = append(rows, row)
	}
}

func TestRegistryRealExcerpt(t *testing.T) {
	f, err := os.Open(registrySample)
	if err != nil {
		t.Skipf("real registry excerpt not found at %s: %v", registrySample, err)
	}
	defer f.Close()
	r, err := Open(f, "Data_Sertifikat_TKDN_20260527_excerpt.xls") // HTML despite .xls: recognised by content
	if err != nil {
		t.Fatal(err)
	}
	rows, rejects := drain(t, r)
	if len(rows) != 9 || len(rejects) != 0 {
		t.Fatalf("rows %d rejects %d; want 9 and 0", len(rows), len(rejects))
	}
	byCompany := map[string]*Row{}
	for _, row := range rows {
		byCompany[row.Str("nama_perusahaan")] = row
	}
	cases := []struct {
		company, field string
		want           Value
	}{
		{"PT Bumi Indah Putra", "nilai_tkdn", Value{Valid: true, I: 370100}}, // 37.01 at scale 4
		{"PT Ener Sky Innovation", "nilai_tkdn", Value{}},                    // 999.99 = not applicable
		{"PT Ener Sky Innovation", "nilai_tkdn_mentah", Value{Valid: true, S: "999.99"}},
		{"PT SGMW MOTOR INDONESIA", "merk", Value{}},                                    // "-" = none
		{"PT Bright Mobile Telecommunication", "merk", Value{Valid: true, S: "realme"}}, // " realme " padded
		{"PT Bumi Indah Putra", "kode_hs", Value{Valid: true, S: "84185091"}},
		{"PT Bumi Indah Putra", "tanggal_kadaluarsa", Value{Valid: true, I: DaysSinceEpoch(mustDate("2031-01-08"))}},
	}
	for _, c := range cases {
		row := byCompany[c.company]
		if row == nil {
			t.Fatalf("no row for %s", c.company)
		}
		if got := row.Get(c.field); got != c.want {
			t.Errorf("%s %s = %+v, want %+v", c.company, c.field, got, c.want)
		}
	}
	if got := rows[0].Str("judul_ekspor"); got != "Daftar TKDN LVI Terbit Tahun 2026 Yang Masih Berlaku Per 27 Mei 2026" {
		t.Errorf("title %q", got)
	}
}

func mustDate(s string) time.Time {
	t0, err := ParseTimestamp(s)
	if err != nil {
		panic(err)
	}
	return t0
}

// TestRegistryQuirks: the quirks of TKDN_RULES §5 / LKPP_FORMATS §2.6 in a
// generated CSV: Excel-time TKDN, dash and N/A as empty, full-width colon,
// NBSP padding, KBLI with its label, an exact duplicate row, a short row,
// Windows-1252 bytes, a semicolon delimiter and title rows above the header.
func TestRegistryQuirks(t *testing.T) {
	csv := "Daftar Sertifikat TKDN;;;;\n;;;;\n" +
		"Nomor Sertifikat;Tanggal Terbit;Nama Perusahaan;Produk;Spesifikasi;Merk;KBLI;Nilai TKDN (%);Nilai BMP (%);Tanggal Kadaluarsa\n" +
		"001/TKDN/2024;12 Maret 2024;\u00a0PT Maju\u00a0;Kursi;Rangka：besi;-;KBLI 31001;37.01.00;5;2027-03-12\n" +
		"001/TKDN/2024;12 Maret 2024;\u00a0PT Maju\u00a0;Kursi;Rangka：besi;-;KBLI 31001;37.01.00;5;2027-03-12\n" +
		"002/TKDN/2024;2024-05-01;CV Caf\xe9 Abadi;Meja;N/A;–;31002;43,52;N/A;01/05/2027\n" +
		"003/TKDN/2024;2024-05-01;PT Pendek;Lemari\n" +
		";;;;;;;;;\n"
	r, err := Open(strings.NewReader(csv), "sertifikat.csv")
	if err != nil {
		t.Fatal(err)
	}
	rows, rejects := drain(t, r)
	if len(rows) != 2 || len(rejects) != 2 {
		t.Fatalf("rows %d rejects %d; want 2 and 2 (a duplicate, a short row)", len(rows), len(rejects))
	}
	a, b := rows[0], rows[1]
	checks := []struct {
		row   *Row
		field string
		want  Value
	}{
		{a, "nama_perusahaan", Value{Valid: true, S: "PT Maju"}},
		{a, "spesifikasi", Value{Valid: true, S: "Rangka:besi"}},
		{a, "merk", Value{}},
		{a, "kbli", Value{Valid: true, S: "31001"}},
		{a, "nilai_tkdn", Value{Valid: true, I: 370100}},
		{a, "nilai_tkdn_mentah", Value{Valid: true, S: "37.01.00"}},
		{a, "nilai_bmp", Value{Valid: true, I: 50000}},
		{a, "nomor_sertifikat", Value{Valid: true, S: "001/TKDN/2024"}},
		{a, "tanggal_terbit", Value{Valid: true, I: DaysSinceEpoch(mustDate("2024-03-12"))}},
		{b, "nama_perusahaan", Value{Valid: true, S: "CV Café Abadi"}},
		{b, "spesifikasi", Value{}},
		{b, "nilai_tkdn", Value{Valid: true, I: 435200}},
		{b, "nilai_bmp", Value{}},
		{b, "tanggal_kadaluarsa", Value{Valid: true, I: DaysSinceEpoch(mustDate("2027-05-01"))}},
	}
	for _, c := range checks {
		if got := c.row.Get(c.field); got != c.want {
			t.Errorf("record %d %s = %+v, want %+v", c.row.Record, c.field, got, c.want)
		}
	}
	if !strings.Contains(rejects[0].Error(), "exact duplicate of record 1") || !strings.Contains(rejects[1].Error(), "4 cells") {
		t.Errorf("rejects: %v; %v", rejects[0], rejects[1])
	}
}

func TestRegistryHTMLHostile(t *testing.T) {
	doc := `<center><b>Daftar TKDN</b><script>document.write("<tr><td>x</td></tr>")</script></center>
<table><tr><th>Nama Perusahaan</th><th>Produk</th><th>Nilai TKDN (%)</th></tr>
<tr><td>PT A<script>alert(1)</script></td><td>Pompa</td><td>41.00</td></tr></table>`
	r, err := Open(strings.NewReader(doc), "x.xls")
	if err != nil {
		t.Fatal(err)
	}
	rows, rejects := drain(t, r)
	if len(rows) != 1 || len(rejects) != 0 || rows[0].Str("nama_perusahaan") != "PT A" {
		t.Fatalf("rows %v rejects %v", rows, rejects)
	}
	if _, err := Open(strings.NewReader("<html><table><tr><td>a</td></tr></table></html>"), "y.xls"); err == nil || !strings.Contains(err.Error(), "no TKDN registry header") {
		t.Errorf("a table without the registry header: %v", err)
	}
}

func FuzzRegistry(f *testing.F) {
	if b, err := os.ReadFile(registrySample); err == nil {
		f.Add(b)
	}
	f.Add([]byte("Nama Perusahaan,Produk,Nilai TKDN (%)\nPT A,\"Po\"mpa,37.01.00\n"))
	f.Add([]byte("<table><tr><th>Nama Perusahaan</th><th>Produk</th><th>Nilai TKDN</th></tr><tr><td>A<td>B<td>999.99</table>"))
	f.Fuzz(func(t *testing.T, b []byte) {
		r, err := Open(strings.NewReader(string(b)), "fuzz.xls")
		if err != nil {
			return
		}
		for i := 0; i < 100000; i++ {
			row, err := r.Next()
			if err == io.EOF {
				return
			}
			var pe *ParseError
			if err != nil {
				if !errors.As(err, &pe) || r.Records() < pe.Record {
					return
				}
				continue
			}
			if !row.Get("nama_perusahaan").Valid || !row.Get("produk").Valid {
				t.Fatal("a registry row without its keys was loaded")
			}
		}
	})
}
