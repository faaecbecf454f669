package load

import (
	"context"
	"crypto/sha256"
	"database/sql"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"sync/atomic"

	duckdb "github.com/duckdb/duckdb-go/v2"
)

// LakeTable is one table exported to the Parquet lake.
type LakeTable struct {
	Name        string
	PartitionBy string // Hive partition column (e.g. tahun_anggaran), "" for none
	OrderBy     string // total order, so that the same data gives the same bytes
	// KeyOf, where set, is a column that repeats the first order column's
	// value after its "channel:" prefix, for every channel whose name does
	// not start with KeyExcept. A range of ids within one such prefix is
	// then also a range of this column, which each file's query adds:
	// DuckDB keeps 8 bytes of a string's minimum and maximum per row
	// group, the same "non_tend" for every non-tender id, so only the
	// key's range lets it skip the row groups of the other files (see
	// keyRange).
	KeyOf, KeyExcept string
	// FileScale, where above 1, makes the table's files hold that many
	// times LakeFileRows rows: a narrow table's file is mostly the scan of
	// its order column for the file's range (a file of transaksi_rup's
	// four short columns took 0.23 s, 0.16-0.21 s of it the scan that
	// counts the range), so fewer files read it fewer times.
	FileScale int64
}

// LakeTables are the tables of the lake.
var LakeTables = []LakeTable{
	// transaksi_id is channel:kd_paket_sumber, but a regional id names its
	// file (transform.Regional; every regional channel is regional_*).
	{Name: "transaksi", PartitionBy: "tahun_anggaran", OrderBy: "transaksi_id", KeyOf: "kd_paket_sumber", KeyExcept: "regional_"},
	// 4 times: 245,760 rows in 0.32-0.51 s against 0.61-1.03 s for the
	// same rows in four files (one DuckDB thread, the 5M warehouse; 8
	// times took the process to 142 MB against 109).
	{Name: "transaksi_rup", OrderBy: "transaksi_id, kd_rup", FileScale: 4},
	{Name: "transaksi_item", OrderBy: "transaksi_id, item_no"},
	{Name: "pembayaran", OrderBy: "transaksi_id, tanggal, nomor, _source_file, _record"},
	{Name: "sertifikat_tkdn", OrderBy: "_source_file, _record"},
	{Name: "rup_paket", PartitionBy: "tahun_anggaran", OrderBy: "kd_rup, tipe"},
	{Name: "satker", OrderBy: "kd_satker_str, kd_satker_sirup"},
}

// LakeFileRows is about how many rows one lake file holds. Each file is
// one range of the table's order, sorted on its own: one sort of a whole
// national table spills past DuckDB's memory limit (the lake of a 5M-row
// inbox took 57 s with one sort per table at 512 MB, 31 s in ranges of
// 122,880 rows). Two files sorted at once under 256 MB: ranges of 122,880
// rows ran out of memory on the 5M-row warehouse, ranges of 61,440 did not
// (DuckDB's own accounting at most 160 MB in a temporary probe of
// duckdb_memory()), in the same time as 122,880 rows under 448MB.
var LakeFileRows int64 = 61440

// LakeRowGroupRows is the Parquet row group size within a lake file.
// DuckDB's Parquet writer holds a whole row group's columns before it
// writes them (transaksi's reasons alone are ~36 MB per 122,880 rows): with
// one row group per file the lake of a 5M-row inbox ran out of memory at
// --memory-limit 256MB; with four it did not, and was no slower at 448MB
// (ExportLake on a copy of that warehouse: 33.9 s against 40.7 s).
var LakeRowGroupRows int64 = 30720

// LakeThreads is how many DuckDB threads, at most, export the lake.
var LakeThreads = 1

// parseSize reads a size as DuckDB shows a setting ("448.0 MiB", "18.8 GiB").
func parseSize(s string) (int64, bool) {
	var n float64
	var unit string
	if _, err := fmt.Sscanf(s, "%g %s", &n, &unit); err != nil {
		return 0, false
	}
	mult := map[string]float64{"bytes": 1, "KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30, "TiB": 1 << 40,
		"KB": 1e3, "MB": 1e6, "GB": 1e9, "TB": 1e12}[unit]
	if mult == 0 {
		return 0, false
	}
	return int64(n * mult), true
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
func (w *Warehouse) ExportLake(ctx context.Context, dir, runID string) (err error) {
	var threads int
	var limit string
	if err := w.QueryRow(ctx, "SELECT CAST(current_setting('threads') AS BIGINT), current_setting('memory_limit')").Scan(&threads, &limit); err != nil {
		return err
	}
	// The files are planned on the run's threads (each table's order
	// column is scanned whole for its sample of cut points), then written.
	tmp := dir + ".building"
	jobs, restoreMemory, err := w.planLakeLimited(ctx, tmp)
	if err != nil {
		return err
	}
	// Each file on one DuckDB thread: each thread sorts and encodes its
	// own share beside the others, outside the memory limit (ExportLake
	// alone on a 5M-row warehouse at 448MB peaked at 868-1,040 MB with two
	// threads in one COPY, 778-812 MB with one).
	restoreThreads, err := w.LimitThreads(ctx, LakeThreads)
	if err != nil {
		return errors.Join(err, restoreMemory())
	}
	defer func() { err = errors.Join(err, restoreThreads()) }()
	// Two files at once, on two connections, where the run has the cores
	// and the memory, together under half the limit (LimitMemory): DuckDB's
	// pool would hold the blocks read and not read again, and each file's
	// sort and row groups come on top of it. ExportLake alone on the 5M-row
	// warehouse: 18.6-21.5 s and a lake stage peaking at 504-525 MB so,
	// 18.6-22.7 s and 687-781 MB under the whole 448MB (one connection under
	// half: 30.6-33.0 s; two at 256MB ran out of memory before the ranges
	// were halved).
	workers := 1
	if b, ok := parseSize(limit); ok && b >= LakeParallelMemory && threads >= LakeWorkers {
		workers = LakeWorkers
	}
	short, err := w.runLakeJobs(ctx, jobs, workers)
	if err := errors.Join(err, restoreMemory()); err != nil {
		return err
	}
	// A file whose rows are too wide for its share of half the limit is
	// written again alone, under the run's whole limit: the lake must not
	// stop a night's warehouse from being published where the old way of
	// writing it passed.
	if len(short) > 0 {
		again := make([]lakeJob, len(short))
		for i, f := range short {
			again[i] = f.job
		}
		if still, err := w.runLakeJobs(ctx, again, 1); err != nil {
			return err
		} else if len(still) > 0 {
			return fmt.Errorf("export %s to the lake: %w", still[0].job.table, still[0].err)
		}
	}
	if err := checkCounts(jobs); err != nil {
		return err
	}
	return publishLake(tmp, dir, runID)
}

// lakeShort is a lake file DuckDB ran out of memory writing.
type lakeShort struct {
	job lakeJob
	err error
}

// outOfMemory tells DuckDB's out-of-memory error from the others: by its
// type, or by its message where the type is not DuckDB's (an error raised
// in SQL with that message, as TestLakeOutOfMemoryAgain does).
func outOfMemory(err error) bool {
	var e *duckdb.Error
	return (errors.As(err, &e) && e.Type == duckdb.ErrorTypeOutOfMemory) || strings.Contains(err.Error(), "Out of Memory Error")
}

// planLakeLimited plans the lake under half the limit (LimitMemory), as
// its files are then written, and returns the restore of the run's limit:
// each block is read once. Planned under the whole limit after a full
// run's model, the pool filled with the scanned columns: the lake of a
// 5M-row run peaked at 587-636 MB so, 557 MB under half. A plan that runs
// out of memory there is made again under the whole limit, as a file that
// does is written again.
func (w *Warehouse) planLakeLimited(ctx context.Context, tmp string) (jobs []lakeJob, restore func() error, err error) {
	if restore, err = w.LimitMemory(ctx); err != nil {
		return nil, nil, err
	}
	jobs, err = w.planLake(ctx, tmp)
	if err != nil && outOfMemory(err) {
		if err := restore(); err != nil {
			return nil, nil, err
		}
		if jobs, err = w.planLake(ctx, tmp); err != nil {
			return nil, nil, err
		}
		restore, err = w.LimitMemory(ctx)
		return jobs, restore, err
	}
	if err != nil {
		return nil, nil, errors.Join(err, restore())
	}
	return jobs, restore, nil
}

// planLake makes the folder tmp afresh and returns the jobs that write
// every lake table into it.
func (w *Warehouse) planLake(ctx context.Context, tmp string) ([]lakeJob, error) {
	if err := os.RemoveAll(tmp); err != nil {
		return nil, err
	}
	if err := os.MkdirAll(tmp, 0o755); err != nil {
		return nil, err
	}
	var jobs []lakeJob
	for _, t := range LakeTables {
		js, err := w.tableJobs(ctx, t, filepath.Join(tmp, t.Name))
		if err != nil {
			return nil, fmt.Errorf("export %s to the lake: %w", t.Name, err)
		}
		jobs = append(jobs, js...)
	}
	return jobs, nil
}

// publishLake writes the manifest of the files in tmp and swaps tmp in
// as dir.
func publishLake(tmp, dir, runID string) error {
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

// lakeJob is one file of the lake: the COPY that writes it, and the
// count of its table's rows written.
type lakeJob struct {
	table, copy string
	count       *lakeCount
}

// lakeCount is how many rows of one table the lake must hold and how many
// its files were written with: every row in exactly one file.
type lakeCount struct {
	table string
	want  int64
	got   atomic.Int64
}

// checkCounts fails the export when a table's files do not hold exactly
// its rows (a key column that no longer repeats the ids, say).
func checkCounts(jobs []lakeJob) error {
	seen := map[*lakeCount]bool{}
	for _, j := range jobs {
		c := j.count
		if seen[c] {
			continue
		}
		seen[c] = true
		if got := c.got.Load(); got != c.want {
			return fmt.Errorf("export %s to the lake: its files hold %d rows, the table %d", c.table, got, c.want)
		}
	}
	return nil
}

// tableJobs plans one table's files: per value of its partition column a
// folder PARTITION=VALUE (PARTITION=NULL for NULL; the column itself is
// not repeated in the files, as DuckDB's PARTITION_BY does), in it the
// files part-0.parquet, part-1.parquet, ... each holding one range of the
// table's order. The folders are made here.
func (w *Warehouse) tableJobs(ctx context.Context, t LakeTable, dir string) ([]lakeJob, error) {
	type part struct{ dir, where, cols string }
	parts := []part{{dir, "TRUE", "*"}}
	if t.PartitionBy != "" {
		values, err := w.textColumn(ctx, fmt.Sprintf("SELECT DISTINCT CAST(%s AS VARCHAR) FROM %s ORDER BY 1 NULLS LAST", Ident(t.PartitionBy), Ident(t.Name)))
		if err != nil {
			return nil, err
		}
		parts = parts[:0]
		for _, v := range values {
			p := part{cols: fmt.Sprintf("* EXCLUDE (%s)", Ident(t.PartitionBy))}
			if v.Valid {
				p.dir, p.where = filepath.Join(dir, t.PartitionBy+"="+v.String), fmt.Sprintf("%s = %s", Ident(t.PartitionBy), Quote(v.String))
			} else {
				p.dir, p.where = filepath.Join(dir, t.PartitionBy+"=NULL"), Ident(t.PartitionBy)+" IS NULL"
			}
			parts = append(parts, p)
		}
	}
	first := strings.TrimSpace(strings.SplitN(t.OrderBy, ",", 2)[0])
	var jobs []lakeJob
	count := &lakeCount{table: t.Name}
	for _, p := range parts {
		if err := os.MkdirAll(p.dir, 0o755); err != nil {
			return nil, err
		}
		ranges, n, err := w.lakeRanges(ctx, t.Name, first, p.where, LakeFileRows*max(t.FileScale, 1))
		if err != nil {
			return nil, err
		}
		count.want += n
		for i, r := range ranges {
			cond := r.cond
			if t.KeyOf != "" {
				cond += keyRange(t, r)
			}
			jobs = append(jobs, lakeJob{t.Name, fmt.Sprintf("COPY (SELECT %s FROM %s WHERE %s AND %s ORDER BY %s) TO %s (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE %d)",
				p.cols, Ident(t.Name), p.where, cond, t.OrderBy, Quote(filepath.Join(p.dir, fmt.Sprintf("part-%d.parquet", i))), LakeRowGroupRows), count})
		}
	}
	return jobs, nil
}

// LakeWorkers is how many connections write lake files at once, each
// query on the export's one DuckDB thread, where the run has as many
// DuckDB threads and at least LakeParallelMemory: each file is its own
// sorted range, so the bytes do not depend on which connection wrote it.
var LakeWorkers = 2

// LakeParallelMemory is the lowest run memory limit under which the lake
// is written by LakeWorkers connections (the 448MB default passes, the
// export itself then running under 256 MB).
var LakeParallelMemory int64 = 400 << 20

// runLakeJobs writes the files on workers connections (the first the
// warehouse's own) and returns those DuckDB ran out of memory writing;
// any other error stops the rest and is returned.
func (w *Warehouse) runLakeJobs(ctx context.Context, jobs []lakeJob, workers int) ([]lakeShort, error) {
	conns := []*sql.Conn{w.conn}
	for len(conns) < workers {
		c, err := w.db.Conn(ctx)
		if err != nil {
			return nil, err
		}
		defer c.Close()
		conns = append(conns, c)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	next := make(chan int) // an index into jobs
	errs := make(chan error, len(conns))
	oom := make([]error, len(jobs)) // each element written by the one worker of its job
	for _, conn := range conns {
		go func() {
			var first error
			for i := range next {
				if first != nil {
					continue
				}
				res, err := conn.ExecContext(ctx, jobs[i].copy)
				if err == nil {
					var n int64
					if n, err = res.RowsAffected(); err == nil {
						jobs[i].count.got.Add(n)
					}
				}
				// A file's sort and encoding leave their memory free in
				// DuckDB's allocator, resident for its decay: handed back
				// now, the lake of a 5M warehouse peaks at 377-417 MB
				// instead of 504-549, in 3-4 s more (15-19 s without).
				ReleaseMemory()
				if err != nil {
					if outOfMemory(err) {
						oom[i] = err
					} else {
						first = fmt.Errorf("export %s to the lake: %w", jobs[i].table, err)
						cancel()
					}
				}
			}
			errs <- first
		}()
	}
	func() {
		for i := range jobs {
			select {
			case next <- i:
			case <-ctx.Done():
				return
			}
		}
	}()
	close(next)
	// The error that stopped the export, not the interruption of the
	// other connection's file that followed it.
	var first error
	for range conns {
		if err := <-errs; err != nil && (first == nil || errors.Is(first, context.Canceled)) {
			first = err
		}
	}
	if first == nil {
		first = ctx.Err() // the run was stopped before every file was written
	}
	var short []lakeShort // in the order planned
	for i, err := range oom {
		if err != nil {
			short = append(short, lakeShort{jobs[i], err})
		}
	}
	return short, first
}

// textColumn runs a query of one text column.
func (w *Warehouse) textColumn(ctx context.Context, query string) ([]sql.NullString, error) {
	rows, err := w.conn.QueryContext(ctx, query)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []sql.NullString
	for rows.Next() {
		var s sql.NullString
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
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
