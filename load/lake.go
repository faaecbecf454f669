package load

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// LakeTable is one table exported to the Parquet lake.
type LakeTable struct {
	Name        string
	PartitionBy []string // Hive partitions, e.g. tahun_anggaran
	OrderBy     string   // total order, so that the same data gives the same bytes
}

// LakeTables are the tables of the lake.
var LakeTables = []LakeTable{
	{Name: "transaksi", PartitionBy: []string{"tahun_anggaran"}, OrderBy: "transaksi_id"},
	{Name: "transaksi_rup", OrderBy: "transaksi_id, kd_rup"},
	{Name: "transaksi_item", OrderBy: "transaksi_id, item_no"},
	{Name: "pembayaran", OrderBy: "transaksi_id, tanggal, nomor, _source_file, _record"},
	{Name: "sertifikat_tkdn", OrderBy: "_source_file, _record"},
	{Name: "rup_paket", PartitionBy: []string{"tahun_anggaran"}, OrderBy: "kd_rup, tipe"},
	{Name: "satker", OrderBy: "kd_satker_str, kd_satker_sirup"},
}

// ManifestFile is one file of the lake in manifest.json.
type ManifestFile struct {
	Path   string `json:"path"`
	Bytes  int64  `json:"bytes"`
	SHA256 string `json:"sha256"`
}

// ExportLake writes the lake tables as Parquet into dir through a
// temporary folder that is swapped in whole: readers see the old lake or
// the new one, never a mix. A manifest.json lists every file.
func (w *Warehouse) ExportLake(ctx context.Context, dir, runID string) error {
	tmp := dir + ".building"
	if err := os.RemoveAll(tmp); err != nil {
		return err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return err
	}
	for _, t := range LakeTables {
		target := filepath.Join(tmp, t.Name)
		opts := "FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 122880"
		if len(t.PartitionBy) > 0 {
			opts += ", PARTITION_BY (" + strings.Join(t.PartitionBy, ", ") + "), FILENAME_PATTERN 'part-{i}'"
		} else {
			if err := os.MkdirAll(target, 0o755); err != nil {
				return err
			}
			target = filepath.Join(target, "part-0.parquet")
		}
		q := fmt.Sprintf("COPY (SELECT * FROM %s ORDER BY %s) TO %s (%s)", Ident(t.Name), t.OrderBy, Quote(target), opts)
		if err := w.Exec(ctx, q); err != nil {
			return fmt.Errorf("export %s to the lake: %w", t.Name, err)
		}
	}
	files, err := manifest(tmp)
	if err != nil {
		return err
	}
	b, _ := json.MarshalIndent(map[string]any{"run_id": runID, "files": files}, "", "  ")
	if err := os.WriteFile(filepath.Join(tmp, "manifest.json"), append(b, '\n'), 0o644); err != nil {
		return err
	}
	return swapDir(tmp, dir)
}

func manifest(root string) ([]ManifestFile, error) {
	var out []ManifestFile
	err := filepath.WalkDir(root, func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		f, err := os.Open(p)
		if err != nil {
			return err
		}
		defer f.Close()
		h := sha256.New()
		n, err := io.Copy(h, f)
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(root, p)
		out = append(out, ManifestFile{Path: filepath.ToSlash(rel), Bytes: n, SHA256: hex.EncodeToString(h.Sum(nil))})
		return nil
	})
	sort.Slice(out, func(i, j int) bool { return out[i].Path < out[j].Path })
	return out, err
}

// swapDir replaces dir by tmp: the current dir is kept as dir.prev (for
// rollback) and tmp renamed into place.
func swapDir(tmp, dir string) error {
	prev := dir + ".prev"
	if err := os.RemoveAll(prev); err != nil {
		return err
	}
	if _, err := os.Stat(dir); err == nil {
		if err := os.Rename(dir, prev); err != nil {
			return fmt.Errorf("keep previous lake: %w", err)
		}
	}
	if err := os.Rename(tmp, dir); err != nil {
		return fmt.Errorf("publish lake: %w", err)
	}
	return nil
}

// Rollback puts the previous warehouse (FINAL.prev) and lake (LAKE.prev)
// back and keeps the current ones as .prev, so that a second rollback
// undoes the first. The warehouse name never stops existing: the swap goes
// through a hard link and an atomic rename.
func Rollback(final, lake string) error {
	prev := final + ".prev"
	if _, err := os.Stat(prev); err != nil {
		return fmt.Errorf("no previous warehouse to roll back to (%s): %w", prev, err)
	}
	next := final + ".next"
	os.Remove(next)
	if err := os.Link(final, next); err != nil {
		return err
	}
	if err := os.Rename(prev, final); err != nil {
		return err
	}
	if err := os.Rename(next, prev); err != nil {
		return err
	}
	if lake == "" {
		return nil
	}
	if _, err := os.Stat(lake + ".prev"); err != nil {
		return nil // no previous lake kept
	}
	tmp := lake + ".rollback"
	os.RemoveAll(tmp)
	if err := os.Rename(lake+".prev", tmp); err != nil {
		return err
	}
	return swapDir(tmp, lake)
}
