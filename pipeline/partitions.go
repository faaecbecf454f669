package pipeline

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"time"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
)

// The partitioning contract (docs/scale.md): OUT/<table>/tahun_anggaran=Y/
// kd_klpd=K/part-<part>-<n>.parquet for tables with both columns, else
// OUT/<table>/part-<part>-<n>.parquet; the partition columns are also kept
// inside the files. Each share holds every source of its K/L/PDs, so the
// cross-feed joins are complete within a share; shares never overlap.
var partName = regexp.MustCompile(`^[A-Za-z0-9_-]{1,64}$`)

// partitionTables are the tables a share carries: the sources, the
// derived transactions and the ledger. The model tables are rebuilt by
// `p3dn load` from these.
func partitionTables() []string {
	var out []string
	for _, s := range append(extract.AllSources(), derived...) {
		out = append(out, s.Table)
	}
	return append(out, "rejects", "source_files", "runs")
}

func exportPartitions(ctx context.Context, wh *load.Warehouse, out, part string) error {
	if !partName.MatchString(part) {
		return fmt.Errorf("--part %q: use letters, digits, - and _ only", part)
	}
	for _, t := range partitionTables() {
		var n int64
		if err := wh.QueryRow(ctx, "SELECT count(*) FROM "+load.Ident(t)).Scan(&n); err != nil {
			return err
		}
		if n == 0 {
			continue
		}
		var cols int
		wh.QueryRow(ctx, `SELECT count(*) FROM duckdb_columns() WHERE table_name = ? AND column_name IN ('tahun_anggaran', 'kd_klpd')`, t).Scan(&cols)
		dir := filepath.Join(out, t)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return err
		}
		q := fmt.Sprintf("COPY (SELECT * FROM %s) TO %s (FORMAT parquet, COMPRESSION zstd, ", load.Ident(t), load.Quote(dir))
		if cols == 2 {
			q += fmt.Sprintf("PARTITION_BY (tahun_anggaran, kd_klpd), WRITE_PARTITION_COLUMNS true, FILENAME_PATTERN 'part-%s-{i}', OVERWRITE_OR_IGNORE)", part)
		} else {
			q = fmt.Sprintf("COPY (SELECT * FROM %s) TO %s (FORMAT parquet, COMPRESSION zstd)", load.Ident(t), load.Quote(filepath.Join(dir, "part-"+part+"-0.parquet")))
		}
		if err := wh.Exec(ctx, q); err != nil {
			return fmt.Errorf("write partitions of %s: %w", t, err)
		}
	}
	return nil
}

// Load builds and publishes a warehouse from the partitions that one or
// more `p3dn extract` runs wrote under from: the tables are read back, the
// model and views rebuilt, and the lake written, as a run would.
func Load(ctx context.Context, from string, cfg Config) (*Result, error) {
	now := time.Now().UTC()
	res := &Result{RunID: fmt.Sprintf("%s-%d", now.Format("20060102T150405.000Z"), os.Getpid()), Started: now, Mode: "muat"}
	if st, err := os.Stat(from); err != nil || !st.IsDir() {
		return res, fmt.Errorf("--from %s is not a folder of partitions", from)
	}
	unlock, err := lock(ctx, cfg.Warehouse, cfg.Wait)
	if err != nil {
		res.ExitCode = ExitLocked
		return res, err
	}
	defer unlock()
	wh, err := load.Create(ctx, cfg.Warehouse, cfg.DuckDB)
	if err != nil {
		return res, err
	}
	r := &run{cfg: cfg, ctx: ctx, wh: wh, res: res, log: cfg.Logger, prog: noProgress{}}
	if r.log == nil {
		r.log = discardLogger()
	}
	fail := func(err error) (*Result, error) {
		wh.Abort()
		res.Status, res.ExitCode = "failed", ExitFailure
		return res, err
	}
	if err := r.schema(); err != nil {
		return fail(err)
	}
	for _, t := range partitionTables() {
		files, _ := filepath.Glob(filepath.Join(from, t, "*.parquet"))
		deep, _ := filepath.Glob(filepath.Join(from, t, "*", "*", "*.parquet"))
		if len(files)+len(deep) == 0 {
			continue
		}
		glob := filepath.Join(from, t, "**", "*.parquet")
		// Only the table's own columns: those the model adds (the *_bersih
		// text) are rebuilt, not read.
		cols, err := tableColumns(ctx, wh, t)
		if err != nil {
			return fail(err)
		}
		q := fmt.Sprintf("INSERT INTO %s BY NAME SELECT %s FROM read_parquet(%s, hive_partitioning = false, union_by_name = true)",
			load.Ident(t), cols, load.Quote(glob))
		if err := wh.Exec(ctx, q); err != nil {
			return fail(fmt.Errorf("load %s: %w", t, err))
		}
	}
	if err := r.model(); err != nil {
		return fail(err)
	}
	if err := r.dropScope(); err != nil {
		return fail(err)
	}
	var read, loaded, rejected, trans int64
	wh.QueryRow(ctx, "SELECT coalesce(sum(baris_dibaca), 0), coalesce(sum(baris_dimuat), 0), coalesce(sum(baris_ditolak), 0) FROM source_files").Scan(&read, &loaded, &rejected)
	wh.QueryRow(ctx, "SELECT count(*) FROM transaksi").Scan(&trans)
	res.Read, res.Loaded, res.Rejected, res.Transaksi = read, loaded, rejected, trans
	res.Status, res.Finished = "ok", time.Now().UTC()
	abs, _ := filepath.Abs(from)
	if err := wh.Exec(ctx, `INSERT INTO runs (run_id, mulai, selesai, status, versi, inbox, mode, tahap, baris_dibaca, baris_dimuat, baris_ditolak, transaksi, exit_code)
		VALUES (?, ?, ?, 'ok', ?, ?, 'muat', 'publish', ?, ?, ?, ?, 0)`, res.RunID, res.Started, res.Finished, cfg.Version, abs, read, loaded, rejected, trans); err != nil {
		return fail(err)
	}
	if cfg.Lake != "" {
		if err := wh.ExportLake(ctx, cfg.Lake, res.RunID); err != nil {
			return fail(err)
		}
	}
	if err := wh.Publish(ctx, nil); err != nil {
		return fail(err)
	}
	return res, nil
}

func tableColumns(ctx context.Context, wh *load.Warehouse, table string) (string, error) {
	return identList(ctx, wh, "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index", table)
}
