package gen

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestScaleDeterministic: the same rows and seed give the same bytes in
// every file (JSON, CSV and the XLSX workbooks); another seed does not.
func TestScaleDeterministic(t *testing.T) {
	a, b, c := t.TempDir(), t.TempDir(), t.TempDir()
	fa, err := Scale(a, 20000, 1)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := Scale(b, 20000, 1); err != nil {
		t.Fatal(err)
	}
	if _, err := Scale(c, 20000, 2); err != nil {
		t.Fatal(err)
	}
	differs := 0
	for _, f := range fa {
		name := filepath.Base(f)
		x, _ := os.ReadFile(f)
		y, err := os.ReadFile(filepath.Join(b, name))
		if err != nil || !bytes.Equal(x, y) {
			t.Errorf("%s: two runs with seed 1 differ (%v)", name, err)
		}
		if z, _ := os.ReadFile(filepath.Join(c, name)); !bytes.Equal(x, z) {
			differs++
		}
	}
	if differs == 0 {
		t.Error("seed 2 wrote the same bytes as seed 1")
	}
}

// TestScaleSources: a Scale inbox has every source the issue names (ISB
// JSON per service, the TKDN registry, one SIPD P3DN export per K/L/PD as
// XLSX or CSV), the shares add up to the rows asked for, and the regional
// exports repeat a tenth of their rows from the non-tenders.
func TestScaleSources(t *testing.T) {
	if sum := nonTenderShare + tenderShare + pencatatanShare + katalogShare + tokoDaringShare + regionalShare; sum != 1000 {
		t.Fatalf("shares add up to %d per mille", sum)
	}
	dir := t.TempDir()
	files, err := Scale(dir, 47000, 1)
	if err != nil {
		t.Fatal(err)
	}
	kinds := map[string]int{}
	for _, f := range files {
		name := filepath.Base(f)
		switch {
		case strings.HasPrefix(name, "SIPD_P3DN_Realisasi_2025_D"):
			kinds[filepath.Ext(name)]++
		default:
			kinds[name]++
		}
	}
	for _, want := range []string{"RUP-PaketPenyedia-Terumumkan.json", "SPSE-NonTenderSelesai.json", "SPSE-TenderSelesaiNilai.json",
		"SPSE-PencatatanNonTender.json", "Ecat-PaketEPurchasing.json", "Ecat-ProdukDetail.json", "Bela-TokoDaringRealisasi.json",
		"sertifikat_tkdn.csv"} {
		if kinds[want] != 1 {
			t.Errorf("%s: %d files", want, kinds[want])
		}
	}
	if kinds[".xlsx"] != 34 || kinds[".csv"] != 60 {
		t.Errorf("SIPD exports: %d workbooks (want 34 provinces), %d CSV (want 60 kabupaten/kota)", kinds[".xlsx"], kinds[".csv"])
	}
	// Count the regional rows in the CSV exports: the line ends with a date
	// or a bad date, and the repeated contracts carry their own uraian.
	var rows, dups int
	for _, f := range files {
		if filepath.Ext(f) != ".csv" || !strings.Contains(f, "SIPD") {
			continue
		}
		b, _ := os.ReadFile(f)
		lines := strings.Split(strings.TrimSpace(string(b)), "\n")[3:]
		rows += len(lines)
		dups += strings.Count(string(b), "(juga tercatat di SPSE)")
	}
	perKlpd := 47000 * regionalShare / 1000 / 94
	if own := rows - dups; own != 60*perKlpd {
		t.Errorf("kabupaten/kota CSV exports: %d own rows, want %d", own, 60*perKlpd)
	}
	if dups == 0 || dups*10 < rows/2 || dups > rows/5 {
		t.Errorf("%d of %d regional rows repeat a non-tender contract, want about a tenth", dups, rows)
	}
}
