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
	status := func(res *Result) FileResult {
		for _, f := range res.Files {
			if f.Path == name {
				return f
			}
		}
		t.Fatalf("%s is not among the run's files", name)
		return FileResult{}
	}
	first, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f := status(first); f.Status != "unrecognised" || f.SHA256 == "" {
		t.Fatalf("without its profile: %s (sha256 %q), want unrecognised with its hash", f.Status, f.SHA256)
	}
	cfg.Profiles = all
	second, err := Run(context.Background(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	if f := status(second); f.Status != "loaded" || f.Loaded == 0 {
		t.Fatalf("with its profile: %s, %d loaded (%s), want loaded", f.Status, f.Loaded, f.Note)
	}
	db := openWH(t, dir)
	defer db.Close()
	if n := str(t, db, "SELECT count(*) FROM regional_komitmen"); n == "0" {
		t.Error("regional_komitmen is empty after the file was loaded")
	}
}
