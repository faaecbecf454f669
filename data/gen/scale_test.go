package gen

import (
	"bytes"
	"encoding/json"
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

// TestScaleCommitment: every K/L/PD marks three in four of its RUP
// packages PDN (not one K/L/PD in two half of them, as when the mark
// followed the package number's parity), and the pagu per purchase
// differs between K/L/PDs, so that their capaian differs too.
func TestScaleCommitment(t *testing.T) {
	dir := t.TempDir()
	if _, err := Scale(dir, 40000, 1); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(filepath.Join(dir, "RUP-PaketPenyedia-Terumumkan.json"))
	if err != nil {
		t.Fatal(err)
	}
	var pakets []struct {
		KdKLPD    string `json:"kd_klpd"`
		StatusPDN string `json:"status_pdn"`
	}
	if err := json.Unmarshal(b, &pakets); err != nil {
		t.Fatal(err)
	}
	all, pdn := map[string]int{}, map[string]int{}
	for _, p := range pakets {
		all[p.KdKLPD]++
		if p.StatusPDN == "PDN" {
			pdn[p.KdKLPD]++
		}
	}
	if len(all) != 94 {
		t.Fatalf("%d K/L/PDs in SiRUP, want 94", len(all))
	}
	for kd, n := range all {
		if share := float64(pdn[kd]) / float64(n); share < 0.7 || share > 0.8 {
			t.Errorf("%s: %d of %d packages PDN, want about three in four", kd, pdn[kd], n)
		}
	}
	steps := map[int64]bool{}
	for i := range 94 {
		steps[paguPer100(i)] = true
	}
	if len(steps) != 10 {
		t.Errorf("pagu per purchase takes %d values across the K/L/PDs, want 10", len(steps))
	}
}
