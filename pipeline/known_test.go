package pipeline

import (
	"context"
	"path/filepath"
	"testing"

	"github.com/p3dn/p3dn/extract"
)

// TestUnloadedFileReadAgain: a file none of whose records a run loaded (not
// recognised, here because its profile was missing) is read again by the
// next run, which loads it once the profile is there: only loaded contents
// are known. Before, the failed file's hash was known like a loaded one's,
// and the next nights skipped it as "already loaded".
func TestUnloadedFileReadAgain(t *testing.T) {
	all, err := extract.BuiltinProfiles()
	if err != nil {
		t.Fatal(err)
	}
	var without []*extract.Profile
	for _, p := range all {
		if p.Nama != "komitmen-p3dn" {
			without = append(without, p)
		}
	}
	if len(without) != len(all)-1 {
		t.Fatalf("no built-in profile komitmen-p3dn among %d", len(all))
	}
	const name = "Komitmen_P3DN_DKI_2023.csv"
	inbox, dir := copySample(t), t.TempDir()
	cfg := Config{Inbox: inbox, Warehouse: filepath.Join(dir, "p3dn.duckdb"), MaxRejectRate: 1, Version: "test", Profiles: without}
	first, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f := fileOf(t, first, name); f.Status != "unrecognised" || f.SHA256 == "" {
		t.Fatalf("without its profile: %s (sha256 %q), want unrecognised with its hash", f.Status, f.SHA256)
	}
	cfg.Profiles = all
	loadsAgain(t, cfg, name)
	db := openWH(t, dir)
	defer db.Close()
	if n := str(t, db, "SELECT count(*) FROM regional_komitmen"); n == "0" {
		t.Error("regional_komitmen is empty after the file was loaded")
	}
}

// TestFailedFileReadAgain: a file that fails part way (here a write error
// injected at the end of its read) keeps nothing of the read, and the next
// run loads it whole, once: staging holds each of its records one time.
func TestFailedFileReadAgain(t *testing.T) {
	const name = "SPSE-TenderSelesaiNilai.json"
	inbox, dir := copySample(t), t.TempDir()
	cfg := Config{Inbox: inbox, Warehouse: filepath.Join(dir, "p3dn.duckdb"), MaxRejectRate: 1, Version: "test"}
	t.Setenv("P3DN_FAULT", "enospc:read:"+filepath.Join(inbox, name))
	first, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	f := fileOf(t, first, name)
	if f.Status != "failed" || f.Loaded != 0 || f.Read == 0 || f.Rejected != f.Read-f.Dilewati {
		t.Fatalf("with the fault: %s, read %d, loaded %d, rejected %d; want failed with nothing loaded", f.Status, f.Read, f.Loaded, f.Rejected)
	}
	if n := counts(t, dir, "isb_spse_tenderselesainilai"); n[:2] != "0 " {
		t.Fatalf("staging after the failed read: %s, want no rows", n)
	}
	t.Setenv("P3DN_FAULT", "")
	loadsAgain(t, cfg, name)
	db := openWH(t, dir)
	defer db.Close()
	if dup := str(t, db, "SELECT count(*) - count(DISTINCT _record) FROM isb_spse_tenderselesainilai"); dup != "0" {
		t.Errorf("%s records in staging twice", dup)
	}
}

// fileOf is a run's ledger row for one file.
func fileOf(t *testing.T, res *Result, name string) FileResult {
	t.Helper()
	for _, f := range res.Files {
		if f.Path == name {
			return f
		}
	}
	t.Fatalf("%s is not among the run's files", name)
	return FileResult{}
}

// loadsAgain runs cfg once more and fails unless that run loads the file.
func loadsAgain(t *testing.T, cfg Config, name string) {
	t.Helper()
	res, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f := fileOf(t, res, name); f.Status != "loaded" || f.Loaded == 0 {
		t.Fatalf("the next run: %s, %d loaded (%s), want loaded", f.Status, f.Loaded, f.Note)
	}
}
