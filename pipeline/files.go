package pipeline

import (
	"crypto/sha256"
	"encoding/hex"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// inputFile is one file found in the inbox.
type inputFile struct {
	Path string // absolute or as given
	Rel  string // relative to the inbox, slash-separated: the name used everywhere
	Size int64
	Skip string // non-empty: not read, and why
}

// discover lists the inbox recursively in name order. Hidden files and
// folders are left out; symbolic links are listed but not followed.
func discover(inbox string) ([]inputFile, error) {
	var out []inputFile
	err := filepath.WalkDir(inbox, func(p string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		name := d.Name()
		if p != inbox && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return filepath.SkipDir
			}
			return nil
		}
		if d.IsDir() {
			return nil
		}
		rel, _ := filepath.Rel(inbox, p)
		f := inputFile{Path: p, Rel: filepath.ToSlash(rel)}
		switch {
		case d.Type()&fs.ModeSymlink != 0:
			f.Skip = "symbolic link: not followed (copy the file into the inbox instead)"
		case !d.Type().IsRegular():
			f.Skip = "not a regular file"
		default:
			info, err := d.Info()
			if err != nil {
				return err
			}
			f.Size = info.Size()
		}
		out = append(out, f)
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Rel < out[j].Rel })
	return out, err
}

// hashFile returns the SHA-256 of a file.
func hashFile(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, f); err != nil {
		return "", err
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}
