package load

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"sync"
	"syscall"
)

// How CopyPublished made its copy.
const (
	CopyReflink = "reflink" // the file system shares the extents: nothing written
	CopySpare   = "spare"   // the spare's differing blocks rewritten
	CopyFull    = "copy"    // every byte written
)

// ErrSpareInUse is returned by CopyOnto when another process holds a lock
// on the spare: a DuckDB client still reading that version (DuckDB takes a
// POSIX read lock on the file it opens read-only).
var ErrSpareInUse = errors.New("another process has the file open")

// A Copy says how the published warehouse was copied.
type Copy struct {
	How     string // CopyReflink, CopySpare or CopyFull
	Written int64  // bytes written into the copy (0 for a reflink)
	// Fallback is why the spare was not used ("" when it was, or when
	// there was none).
	Fallback string
}

// SpareSuffix names the spare of a published warehouse FINAL: the version
// published before FINAL.prev, which Publish keeps (instead of deleting
// it) for the next run to copy onto.
const SpareSuffix = ".spare"

// CopyPublished makes dst a byte-identical copy of final, the published
// warehouse, the cheapest way it can: a reflink where the file system
// shares extents (XFS with reflink, btrfs); else, with useSpare, the spare
// (FINAL.spare) renamed to dst with only the blocks that differ from final
// rewritten (CopyOnto); else a full copy. A night changes a few percent of
// the file: of the 3,497 blocks of 256 KiB of the benchmark's 5M-row
// warehouse, 106-161 one night apart and 153 two nights apart (the
// spare's age once the publishes have made one). The spare is not used
// while another process holds it open, nor when it is the published file
// or the one kept for rollback (FINAL.prev) under another name.
func CopyPublished(final, dst string, useSpare bool) (Copy, error) {
	if err := reflinkFile(final, dst); err == nil {
		return Copy{How: CopyReflink}, nil
	}
	var fallback string
	if useSpare {
		n, err := reuseSpare(final, dst)
		if err == nil {
			return Copy{How: CopySpare, Written: n}, nil
		}
		if !errors.Is(err, os.ErrNotExist) {
			fallback = err.Error()
		}
	}
	n, err := copyFile(final, dst)
	return Copy{How: CopyFull, Written: n, Fallback: fallback}, err
}

// reflinkFile is reflink, or a stand-in in tests.
var reflinkFile = reflink

// reuseSpare renames final's spare to dst and brings it level with final.
// A spare held open by a reader is renamed back, unchanged; one that
// failed half way is removed.
func reuseSpare(final, dst string) (int64, error) {
	spare := final + SpareSuffix
	si, err := os.Stat(spare)
	if err != nil {
		return 0, err
	}
	// Names a crash in Publish or Rollback could leave on one file with
	// the spare's; neither may be written.
	for _, p := range []string{final, final + ".prev"} {
		if pi, err := os.Stat(p); err == nil && os.SameFile(si, pi) {
			return 0, fmt.Errorf("spare %s is %s under another name", spare, p)
		}
	}
	if err := os.Rename(spare, dst); err != nil {
		return 0, err
	}
	n, err := CopyOnto(final, dst)
	switch {
	case errors.Is(err, ErrSpareInUse):
		if rerr := os.Rename(dst, spare); rerr != nil {
			return 0, errors.Join(err, rerr)
		}
		return 0, fmt.Errorf("spare %s: %w", spare, err)
	case err != nil:
		os.Remove(dst)
		return 0, fmt.Errorf("spare %s: %w", spare, err)
	}
	return n, nil
}

// spareBlock is the unit CopyOnto compares and rewrites: DuckDB's block.
const spareBlock = 256 << 10

// CopyOnto makes dst a byte-identical copy of src by rewriting only the
// blocks of dst that differ, and returns the bytes written. Both files are
// read and compared on two goroutines. It takes a POSIX write lock on dst
// first, and returns ErrSpareInUse, having written nothing, when another
// process holds a lock on it. dst is not synced here (Publish syncs the
// file before renaming it into place).
func CopyOnto(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_RDWR, 0)
	if err != nil {
		return 0, err
	}
	defer out.Close()
	lk := syscall.Flock_t{Type: syscall.F_WRLCK, Whence: io.SeekStart}
	if err := syscall.FcntlFlock(out.Fd(), syscall.F_SETLK, &lk); err != nil {
		if errors.Is(err, syscall.EAGAIN) || errors.Is(err, syscall.EACCES) {
			return 0, ErrSpareInUse
		}
		return 0, fmt.Errorf("lock %s: %w", dst, err)
	}
	size, err := fileSize(in)
	if err != nil {
		return 0, err
	}
	old, err := fileSize(out)
	if err != nil {
		return 0, err
	}
	// Two halves, each on its own goroutine, cut at a block.
	blocks := (size + spareBlock - 1) / spareBlock
	cut := min((blocks+1)/2*spareBlock, size)
	var (
		wg      sync.WaitGroup
		written [2]int64
		errs    [2]error
	)
	for i, r := range [2][2]int64{{0, cut}, {cut, size}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			written[i], errs[i] = rewriteDiffering(in, out, r[0], r[1], old)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs[0], errs[1]); err != nil {
		return 0, err
	}
	if old != size {
		if err := out.Truncate(size); err != nil {
			return 0, err
		}
	}
	return written[0] + written[1], out.Close()
}

// rewriteDiffering writes the bytes [from, to) of in into out wherever
// they differ from out's (or out, old bytes long, ends before them), a
// block at a time. The files are read through small buffers, not mapped:
// mapped pages would count in the process's resident memory.
func rewriteDiffering(in, out *os.File, from, to, old int64) (int64, error) {
	const chunk = 4 * spareBlock
	a, b := make([]byte, chunk), make([]byte, chunk)
	var written int64
	for off := from; off < to; off += chunk {
		n := int(min(chunk, to-off))
		if _, err := in.ReadAt(a[:n], off); err != nil {
			return written, err
		}
		m := int(max(0, min(int64(n), old-off)))
		if _, err := out.ReadAt(b[:m], off); err != nil && err != io.EOF {
			return written, err
		}
		for i := 0; i < n; i += spareBlock {
			j := min(i+spareBlock, n)
			if j <= m && bytes.Equal(a[i:j], b[i:j]) {
				continue
			}
			if _, err := out.WriteAt(a[i:j], off+int64(i)); err != nil {
				return written, err
			}
			written += int64(j - i)
		}
	}
	return written, nil
}

func fileSize(f *os.File) (int64, error) {
	st, err := f.Stat()
	if err != nil {
		return 0, err
	}
	return st.Size(), nil
}

// copyFile copies src to dst (in the kernel: copy_file_range). DuckDB
// files are copied byte for byte: the published file is checkpointed and
// never written again. The copy is not synced here: it becomes the file
// being built, which Publish syncs before it renames it into place (a
// crash before that discards it).
func copyFile(src, dst string) (int64, error) {
	in, err := os.Open(src)
	if err != nil {
		return 0, err
	}
	defer in.Close()
	out, err := os.Create(dst)
	if err != nil {
		return 0, err
	}
	n, err := io.Copy(out, in)
	if err != nil {
		out.Close()
		os.Remove(dst)
		return 0, err
	}
	return n, out.Close()
}
