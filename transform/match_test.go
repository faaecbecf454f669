package transform

import "testing"

func TestNormCompany(t *testing.T) {
	cases := map[string]string{
		"PT. MEBEL NUSANTARA":             "mebel nusantara",
		"\u00a0PT Mebel  Nusantara\u00a0": "mebel nusantara",
		"Mebel Nusantara, Tbk":            "mebel nusantara",
		"CV Café Abadi":                   "café abadi",
		"PT VIVO MOBILE INDONESIA":        "vivo mobile indonesia",
		"ＰＴ　Ｌｅｂａｒ":                        "lebar", // full-width forms
	}
	for in, want := range cases {
		if got := NormCompany(in); got != want {
			t.Errorf("NormCompany(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestMatch(t *testing.T) {
	certs := []*Sertifikat{
		{Nomor: "0001/TKDN/2023", Perusahaan: "PT. MEBEL NUSANTARA", Produk: "Kursi Kerja", Kelompok: "Furnitur", TKDN: 37 * pct, HasTKDN: true, BMP: 5 * pct},
		{Perusahaan: "PT VIVO MOBILE INDONESIA", Produk: "Telepon Seluler", Kelompok: "Peralatan Telekomunikasi", TKDN: 35 * pct, HasTKDN: true},
		{Perusahaan: "PT VIVO MOBILE INDONESIA", Produk: "Tablet", Kelompok: "Peralatan Telekomunikasi", TKDN: 20 * pct, HasTKDN: true},
	}
	ix := NewRegistryIndex(certs)
	cases := []struct {
		name   string
		p      Product
		produk string
		method string
	}{
		{"certificate number first, whatever the names", Product{NomorTKDN: " 0001/tkdn/2023 ", Perusahaan: "Lain"}, "Kursi Kerja", "nomor_sertifikat"},
		{"company and product words", Product{Perusahaan: "Vivo Mobile Indonesia", Produk: "Telepon Seluler vivo Y21"}, "Telepon Seluler", "perusahaan_produk"},
		{"the best product of the company", Product{Perusahaan: "PT. Vivo Mobile Indonesia", Produk: "Tablet 10 inci"}, "Tablet", "perusahaan_produk"},
		{"same company, different product: no match rather than a guess", Product{Perusahaan: "PT VIVO MOBILE INDONESIA", Produk: "Jam Tangan"}, "", ""},
		{"unknown company", Product{Perusahaan: "PT Lain", Produk: "Kursi Kerja"}, "", ""},
	}
	for _, c := range cases {
		got := ix.Match(c.p)
		switch {
		case c.produk == "" && got != nil:
			t.Errorf("%s: matched %+v, want none", c.name, got)
		case c.produk != "" && (got == nil || got.Produk != c.produk || got.Method != c.method):
			t.Errorf("%s: got %+v, want %s by %s", c.name, got, c.produk, c.method)
		}
	}
	if !ix.Commodity40("Furnitur", "") || ix.Commodity40("Peralatan Telekomunikasi", "") {
		t.Error("commodity trigger: Furnitur has 37 + 5 >= 40; telecoms tops at 35")
	}
}
