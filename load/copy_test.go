package load

import (
	"bufio"
	"bytes"
	"context"
	"database/sql"
	"errors"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// blocksOf is n bytes of seeded noise.
func blocksOf(seed uint64, n int) []byte {
	b := make([]byte, n)
	r := rand.New(rand.NewPCG(seed, 0))
	for i := range b {
		b[i] = byte(r.Uint32())
	}
	return b
}

// TestCopyOnto: the spare ends byte-identical to the source, whether it
// is shorter, longer or as long, and only the blocks that differ (or that
// the spare lacks) are written.
func TestCopyOnto(t *testing.T) {
	const B = spareBlock
	src := blocksOf(1, 10*B+1000) // a last block that is not whole
	changed := func(blocks ...int) []byte {
		d := bytes.Clone(src)
		for _, i := range blocks {
			d[i*B+7] ^= 0xff
		}
		return d
	}
	for _, c := range []struct {
		name    string
		spare   []byte
		written int64
	}{
		{"identical", bytes.Clone(src), 0},
		{"two blocks differ, one in each half", changed(1, 8), 2 * B},
		{"the last partial block differs", changed(10), 1000},
		{"the spare is shorter by three blocks", src[:7*B], 3*B + 1000},
		{"the spare is longer", append(bytes.Clone(src), blocksOf(2, 3*B)...), 0},
		{"the spare is empty", nil, int64(len(src))},
		{"every block differs", blocksOf(3, len(src)), int64(len(src))},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			s, d := filepath.Join(dir, "src"), filepath.Join(dir, "spare")
			os.WriteFile(s, src, 0o644)
			os.WriteFile(d, c.spare, 0o644)
			n, err := CopyOnto(s, d)
			if err != nil {
				t.Fatal(err)
			}
			got, _ := os.ReadFile(d)
			if !bytes.Equal(got, src) {
				t.Errorf("the spare is not a copy of the source: %d bytes against %d", len(got), len(src))
			}
			if n != c.written {
				t.Errorf("%d bytes written, want %d", n, c.written)
			}
		})
	}
}

// TestMain lets this test binary act as a DuckDB client holding a file
// open read-only (DuckDB then holds a POSIX read lock on it), for
// TestSpareHeldByReader.
func TestMain(m *testing.M) {
	if path := os.Getenv("P3DN_TEST_HOLD_OPEN"); path != "" {
		db, err := sql.Open("duckdb", path+"?access_mode=read_only")
		if err == nil {
			err = db.QueryRow("SELECT count(*) FROM t").Scan(new(int))
		}
		if err != nil {
			os.Stdout.WriteString("error: " + err.Error() + "\n")
			os.Exit(1)
		}
		os.Stdout.WriteString("open\n")
		bufio.NewReader(os.Stdin).ReadString('\n') // until the test closes stdin
		db.Close()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// TestSpareHeldByReader: a spare that a DuckDB client in another process
// still reads is not written (ErrSpareInUse) and keeps its name; the
// published file is then copied whole. A spare that is the published file
// or the rollback file under another name is not used either; without a
// spare the copy is full. Publish turns the file kept for rollback into
// the spare.
func TestSpareHeldByReader(t *testing.T) {
	defer func(f func(string, string) error) { reflinkFile = f }(reflinkFile)
	reflinkFile = func(string, string) error { return errors.ErrUnsupported }
	ctx := context.Background()
	dir := t.TempDir()
	final, spare, dst := filepath.Join(dir, "p3dn.duckdb"), filepath.Join(dir, "p3dn.duckdb"+SpareSuffix), filepath.Join(dir, "copy")
	for i, p := range []string{spare, final} {
		w, err := Create(ctx, p, Options{})
		if err != nil {
			t.Fatal(err)
		}
		for _, q := range []string{"CREATE TABLE t (i BIGINT)", "INSERT INTO t SELECT range FROM range(" + []string{"1000", "200000"}[i] + ")"} {
			if err := w.Exec(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := w.Publish(ctx, nil); err != nil {
			t.Fatal(err)
		}
	}
	before, _ := os.ReadFile(spare)

	reader := exec.Command(os.Args[0], "-test.run=^$")
	reader.Env = append(os.Environ(), "P3DN_TEST_HOLD_OPEN="+spare)
	stdin, _ := reader.StdinPipe()
	stdout, _ := reader.StdoutPipe()
	if err := reader.Start(); err != nil {
		t.Fatal(err)
	}
	line, _ := bufio.NewReader(stdout).ReadString('\n')
	if line != "open\n" {
		t.Fatalf("the reader process: %q", line)
	}
	if _, err := CopyOnto(final, spare); !errors.Is(err, ErrSpareInUse) {
		t.Errorf("CopyOnto a spare a reader holds: %v, want ErrSpareInUse", err)
	}
	c, err := CopyPublished(final, dst, true)
	if err != nil || c.How != CopyFull || !strings.Contains(c.Fallback, "another process has the file open") {
		t.Errorf("CopyPublished with the spare held: %+v, %v; want a full copy saying why", c, err)
	}
	if after, _ := os.ReadFile(spare); !bytes.Equal(after, before) {
		t.Error("the spare a reader holds was changed")
	}
	stdin.Close()
	if err := reader.Wait(); err != nil {
		t.Fatalf("the reader process: %v", err)
	}

	want, _ := os.ReadFile(final)
	c, err = CopyPublished(final, dst, true)
	if got, _ := os.ReadFile(dst); err != nil || c.How != CopySpare || !bytes.Equal(got, want) || c.Written >= int64(len(want)) {
		t.Errorf("CopyPublished once the reader closed: %+v, %v; a copy of %d bytes, want %d written in part", c, err, len(got), len(want))
	}
	if _, err := os.Stat(spare); !os.IsNotExist(err) {
		t.Errorf("the spare must be renamed to the copy: %v", err)
	}

	for _, other := range []string{final, final + ".prev"} {
		os.WriteFile(final+".prev", []byte("kept for rollback"), 0o644)
		os.Link(other, spare)
		c, err = CopyPublished(final, dst, true)
		if err != nil || c.How != CopyFull || !strings.Contains(c.Fallback, "is "+other+" under another name") {
			t.Errorf("a spare linked to %s: %+v, %v", other, c, err)
		}
		if got, _ := os.ReadFile(final); !bytes.Equal(got, want) {
			t.Error("the published file was changed")
		}
		if got, _ := os.ReadFile(final + ".prev"); string(got) != "kept for rollback" {
			t.Error("the rollback file was changed")
		}
		os.Remove(spare)
		os.Remove(final + ".prev")
	}
	if c, err = CopyPublished(final, dst, true); err != nil || c.How != CopyFull || c.Fallback != "" || c.Written != int64(len(want)) {
		t.Errorf("without a spare: %+v, %v", c, err)
	}
	if c, err = CopyPublished(final, dst, false); err != nil || c.How != CopyFull {
		t.Errorf("told not to use the spare: %+v, %v", c, err)
	}

	// A publish keeps the live file as .prev and the .prev before it as
	// the spare.
	os.WriteFile(final+".prev", []byte("older"), 0o644)
	w, err := Create(ctx, final, Options{})
	if err != nil {
		t.Fatal(err)
	}
	if err := w.Publish(ctx, nil); err != nil {
		t.Fatal(err)
	}
	if got, _ := os.ReadFile(spare); string(got) != "older" {
		t.Errorf("the spare after a publish: %q, want the previous .prev", got)
	}
	if got, _ := os.ReadFile(final + ".prev"); !bytes.Equal(got, want) {
		t.Error(".prev after a publish must be the file that was live")
	}
}
