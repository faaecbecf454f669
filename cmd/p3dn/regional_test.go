package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestIncrementalRegionalDuplicates: a nightly run decides again the
// regional rows that a transaction derived again concerns. A SIPD row that
// repeated a tender whose new snapshot has another value no longer counts
// as a repeat; a SIPD row that another tender's new snapshot now matches
// (same K/L/PD, NPWP and value) does; the warehouse equals a clean run's.
func TestIncrementalRegionalDuplicates(t *testing.T) {
	bin := binary(t)
	inbox := copyInbox(t)
	wh := filepath.Join(t.TempDir(), "p3dn.duckdb")
	if _, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh); code != 0 {
		t.Fatal(errOut)
	}
	got, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", `SELECT transaksi_id, npwp_penyedia, CAST(nilai AS BIGINT) AS nilai
		FROM transaksi WHERE channel = 'regional_sipd' AND duplikat_dari IS NULL AND npwp_penyedia IS NOT NULL AND nilai > 0
		ORDER BY transaksi_id LIMIT 1`)
	lines := strings.Split(strings.TrimSpace(got), "\n")
	if len(lines) != 2 {
		t.Fatalf("no SIPD row that repeats nothing: %s", got)
	}
	sipd := strings.Split(lines[1], ",") // transaksi_id, npwp, nilai
	const lost, gained = "90001002000", "90001005000"
	if n := count(t, bin, wh, "duplikat_dari = 'tender:"+lost+"'"); n != 1 {
		t.Fatalf("tender %s: %d regional repeats before, want 1 (the sample's SIPD export repeats it)", lost, n)
	}

	b, err := os.ReadFile(filepath.Join(inbox, "SPSE-TenderSelesaiNilai.json"))
	if err != nil {
		t.Fatal(err)
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var recs []map[string]any
	if err := dec.Decode(&recs); err != nil {
		t.Fatal(err)
	}
	var day []map[string]any
	for _, r := range recs {
		switch fmt.Sprint(r["kd_tender"]) {
		case lost: // another provider and value: the SIPD row no longer repeats it
			r["npwp_penyedia"], r["npwp_16_penyedia"] = "01.234.567.8-901.000", nil
			r["nilai_kontrak"], r["nilai_pdn_kontrak"] = json.Number("1234567890"), json.Number("1234567890")
		case gained: // the SIPD purchase's provider and value: it repeats this tender now
			r["npwp_penyedia"], r["npwp_16_penyedia"] = sipd[1], nil
			r["nilai_kontrak"], r["nilai_pdn_kontrak"] = json.Number(sipd[2]), json.Number(sipd[2])
		default:
			continue
		}
		r["_event_date"] = "2023-10-16"
		day = append(day, r)
	}
	if len(day) != 2 {
		t.Fatalf("tenders %s and %s not in the sample", lost, gained)
	}
	out, _ := json.Marshal(day)
	if err := os.WriteFile(filepath.Join(inbox, "SPSE-TenderSelesaiNilai-20231016.json"), out, 0o644); err != nil {
		t.Fatal(err)
	}
	if out, errOut, code := run(t, bin, "run", "-q", "--inbox", inbox, "--warehouse", wh); code != 0 || !strings.Contains(out, "(inkremental)") {
		t.Fatalf("incremental run: exit %d\n%s%s", code, out, errOut)
	}
	if n := count(t, bin, wh, "duplikat_dari = 'tender:"+lost+"'"); n != 0 {
		t.Errorf("tender %s has another provider and value now: %d regional rows still marked as its repeats", lost, n)
	}
	if n := count(t, bin, wh, "transaksi_id = '"+sipd[0]+"' AND duplikat_dari = 'tender:"+gained+"'"); n != 1 {
		t.Errorf("SIPD row %s repeats tender %s now: not marked", sipd[0], gained)
	}
	_, full, _ := cleanRun(t, bin, inbox)
	sameData(t, "incremental regional decision vs a clean run", full, snapshot(t, wh))
}

// count is the number of transactions matching a condition.
func count(t *testing.T, bin, wh, where string) int {
	t.Helper()
	got, _, _ := run(t, bin, "query", "--warehouse", wh, "--format", "csv", "SELECT count(*) AS n FROM transaksi WHERE "+where)
	var n int
	if _, err := fmt.Sscanf(strings.TrimPrefix(got, "n\n"), "%d", &n); err != nil {
		t.Fatalf("count %s: %q", where, got)
	}
	return n
}
