package pipeline

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
)

// check verifies that what was counted is what is in the warehouse:
// every record read is loaded or rejected, and each staging table holds
// exactly the rows the ledger says were loaded into it.
func (r *run) check() error {
	perTable := map[string]int64{}
	for t, n := range r.before {
		perTable[t] = n
	}
	for _, f := range r.res.Files {
		if f.Read != f.Loaded+f.Rejected+f.Dilewati {
			return fmt.Errorf("check: %s read %d records but loaded %d, rejected %d and skipped %d", f.Path, f.Read, f.Loaded, f.Rejected, f.Dilewati)
		}
		if f.Table != "" {
			perTable[f.Table] += f.Loaded
		}
	}
	for _, s := range extract.AllSources() {
		var n int64
		if err := r.wh.QueryRow(r.ctx, "SELECT count(*) FROM "+load.Ident(s.Table)).Scan(&n); err != nil {
			return err
		}
		if n != perTable[s.Table] {
			return fmt.Errorf("check: table %s holds %d rows but the ledger accounts for %d", s.Table, n, perTable[s.Table])
		}
	}
	var n int64
	if err := r.wh.QueryRow(r.ctx, "SELECT count(*) FROM transaksi").Scan(&n); err != nil {
		return err
	}
	if n != r.res.Transaksi {
		return fmt.Errorf("check: transaksi holds %d rows, expected %d", n, r.res.Transaksi)
	}
	// Repeated keys are counted over the whole table by full runs; a run
	// that derived the touched keys only counts them among its new files.
	q := "SELECT count(*) - count(DISTINCT transaksi_id) FROM transaksi"
	if r.scoped {
		q += fmt.Sprintf(" WHERE _source_file IN (SELECT path FROM %s)", scopeFiles)
	}
	var dup int64
	if err := r.wh.QueryRow(r.ctx, q).Scan(&dup); err != nil {
		return err
	}
	if dup != 0 {
		r.log.Warn("repeated transaction keys across inputs", "count", dup)
	}
	return nil
}

// ledger writes rejects, source_files and this run's row.
func (r *run) ledger() error {
	if err := r.wh.Exec(r.ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	// Rejects go in statements of up to 500 rows: a hostile file can have
	// a bad value in every record.
	const chunk = 500
	for start := 0; start < len(r.rejects); start += chunk {
		part := r.rejects[start:min(start+chunk, len(r.rejects))]
		args := make([]any, 0, len(part)*8)
		for _, pe := range part {
			var field, raw, off any
			if pe.Field != "" {
				field = pe.Field
			}
			if pe.Raw != "" || pe.Field != "" {
				raw = pe.Raw
			}
			if pe.Offset >= 0 {
				off = pe.Offset
			}
			args = append(args, r.res.RunID, pe.File, pe.Record, off, field, raw, pe.Err.Error(), string(pe.Action))
		}
		q := "INSERT INTO rejects VALUES " + strings.TrimSuffix(strings.Repeat("(?, ?, ?, ?, ?, ?, ?, ?), ", len(part)), ", ")
		if err := r.wh.Exec(r.ctx, q, args...); err != nil {
			return fmt.Errorf("write rejects: %w", err)
		}
	}
	for _, f := range r.res.Files {
		if err := r.wh.Exec(r.ctx, `INSERT INTO source_files (run_id, path, sha256, bytes, service, tabel, status, catatan,
			baris_dibaca, baris_dimuat, baris_ditolak, nilai_ditolak, baris_dilewati, transaksi, waktu_ubah_ns)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
			r.res.RunID, f.Path, f.SHA256, f.Bytes, nullIfEmpty(f.Service), nullIfEmpty(f.Table), f.Status,
			nullIfEmpty(f.Note), f.Read, f.Loaded, f.Rejected, f.Nulled, f.Dilewati, f.Transaksi, f.modNS); err != nil {
			return fmt.Errorf("write source_files: %w", err)
		}
	}
	inbox, _ := filepath.Abs(r.cfg.Inbox)
	if err := r.wh.Exec(r.ctx, `INSERT INTO runs (run_id, mulai, selesai, status, versi, inbox, mode, tahap, file_dilewati,
		jumlah_file, baris_dibaca, baris_dimuat, baris_ditolak, nilai_ditolak, transaksi, exit_code)
		VALUES (?, ?, ?, ?, ?, ?, ?, 'publish', ?, ?, ?, ?, ?, ?, ?, ?)`,
		r.res.RunID, r.res.Started, r.res.Finished, r.res.Status, r.cfg.Version, inbox, r.res.Mode, r.res.Skipped,
		len(r.res.Files), r.res.Read, r.res.Loaded, r.res.Rejected, r.res.Nulled, r.res.Transaksi, r.res.ExitCode); err != nil {
		return fmt.Errorf("write runs: %w", err)
	}
	return r.wh.Exec(r.ctx, "COMMIT")
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}
