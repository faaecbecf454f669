// Package load writes the warehouse: a DuckDB file built beside the live
// one and renamed over it only when the run succeeded, and a Parquet lake
// whose folders are swapped in whole.
package load

import (
	"context"
	"database/sql"
	"database/sql/driver"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/apache/arrow-go/v18/arrow"
	"github.com/apache/arrow-go/v18/arrow/array"
	duckdb "github.com/duckdb/duckdb-go/v2"

	"github.com/p3dn/p3dn/extract"
)

// Options tune DuckDB for a run.
type Options struct {
	MemoryLimit string // e.g. "2GB"; "" leaves DuckDB's default
	Threads     int    // 0 leaves DuckDB's default
	TempDir     string // spill directory; "" leaves DuckDB's default
}

// Warehouse is a DuckDB file being built.
type Warehouse struct {
	Path  string // the file being built
	Final string // where it is published
	db    *sql.DB
	conn  *sql.Conn
	views int
	// memoryLimit is the run's DuckDB memory_limit as set ("" for DuckDB's
	// default), put back after a stage that lowers it.
	memoryLimit string
}

// Create starts a new warehouse file beside final. A leftover file from an
// interrupted run is removed first.
func Create(ctx context.Context, final string, opt Options) (*Warehouse, error) {
	if err := os.MkdirAll(filepath.Dir(final), 0o755); err != nil {
		return nil, err
	}
	path := final + ".building"
	for _, p := range []string{path, path + ".wal"} {
		if err := os.Remove(p); err != nil && !errors.Is(err, os.ErrNotExist) {
			return nil, err
		}
	}
	w, err := open(ctx, path, opt, false)
	if err != nil {
		os.Remove(path) // the driver creates the file on open
		os.Remove(path + ".wal")
		return nil, err
	}
	w.Final = final
	return w, nil
}

// OpenBuilding opens final+".building", a copy of the published warehouse
// made by the caller, to add to it.
func OpenBuilding(ctx context.Context, final string, opt Options) (*Warehouse, error) {
	w, err := open(ctx, final+".building", opt, false)
	if err != nil {
		os.Remove(final + ".building")
		return nil, err
	}
	w.Final = final
	return w, nil
}

// Open opens a published warehouse, read-only unless write is true.
func Open(ctx context.Context, path string, readOnly bool) (*sql.DB, error) {
	if _, err := os.Stat(path); err != nil {
		return nil, fmt.Errorf("warehouse %s: %w (run `p3dn run` first)", path, err)
	}
	dsn := path
	if readOnly {
		dsn += "?access_mode=read_only"
	}
	db, err := sql.Open("duckdb", dsn)
	if err != nil {
		return nil, err
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("open warehouse %s: %w", path, err)
	}
	return db, nil
}

// Reader is a read-only session on a published warehouse, with the views'
// as-of date set.
type Reader struct {
	DB   *sql.DB
	Conn *sql.Conn
}

// OpenReader opens a published warehouse read-only for queries and
// reports. asOf ("" for all data, else YYYY-MM-DD) is bound as a
// parameter into the p3dn_as_of variable the views honour.
func OpenReader(ctx context.Context, path, asOf string) (*Reader, error) {
	if asOf != "" {
		if _, err := time.Parse("2006-01-02", asOf); err != nil {
			return nil, fmt.Errorf("--as-of must be YYYY-MM-DD, not %q", asOf)
		}
	}
	db, err := Open(ctx, path, true)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, err
	}
	r := &Reader{DB: db, Conn: conn}
	if asOf != "" {
		if _, err := conn.ExecContext(ctx, "SET VARIABLE p3dn_as_of = CAST(? AS DATE)", asOf); err != nil {
			r.Close()
			return nil, fmt.Errorf("--as-of %q: %w", asOf, err)
		}
	}
	return r, nil
}

// Close ends the session.
func (r *Reader) Close() error {
	return errors.Join(r.Conn.Close(), r.DB.Close())
}

func open(ctx context.Context, path string, opt Options, readOnly bool) (*Warehouse, error) {
	db, err := sql.Open("duckdb", path)
	if err != nil {
		return nil, err
	}
	conn, err := db.Conn(ctx)
	if err != nil {
		db.Close()
		return nil, fmt.Errorf("open %s: %w", path, err)
	}
	w := &Warehouse{Path: path, db: db, conn: conn, memoryLimit: opt.MemoryLimit}
	var settings []string
	if opt.MemoryLimit != "" {
		settings = append(settings, "SET memory_limit = "+Quote(opt.MemoryLimit))
	}
	if opt.Threads > 0 {
		settings = append(settings, fmt.Sprintf("SET threads = %d", opt.Threads))
	}
	if opt.TempDir != "" {
		settings = append(settings, "SET temp_directory = "+Quote(opt.TempDir))
	}
	for _, s := range settings {
		if _, err := conn.ExecContext(ctx, s); err != nil {
			w.Abort()
			return nil, fmt.Errorf("%s: %w", s, err)
		}
	}
	return w, nil
}

// LimitThreads lowers DuckDB's threads to n, where it runs more, until
// the returned restore is called; n <= 0 leaves them. A stage whose Go
// workers keep every core busy runs DuckDB on one thread: a query whose
// tasks run on DuckDB's other threads has its calling thread poll for
// them (DuckDB 1.5 spins while no task is free, duckdb/duckdb#22178), a
// core taken from the workers.
func (w *Warehouse) LimitThreads(ctx context.Context, n int) (restore func() error, err error) {
	if n <= 0 {
		return func() error { return nil }, nil
	}
	var threads int
	if err := w.QueryRow(ctx, "SELECT CAST(current_setting('threads') AS BIGINT)").Scan(&threads); err != nil {
		return nil, err
	}
	if threads <= n {
		return func() error { return nil }, nil
	}
	if err := w.Exec(ctx, fmt.Sprintf("SET threads = %d", n)); err != nil {
		return nil, err
	}
	return func() error { return w.Exec(ctx, fmt.Sprintf("SET threads = %d", threads)) }, nil
}

// MinMemory is the lowest memory limit LimitMemory sets (256 MiB, under
// which every stage measured here passed).
var MinMemory int64 = 256 << 20

// LimitMemory lowers DuckDB's memory limit to half, not below MinMemory,
// until the returned restore is called, for a stage that reads each
// block once: a nightly derive, a full run's model and check, the lake.
// Their buffer pool mostly holds blocks written and not read again, while
// what DuckDB and p3dn allocate outside the pool comes on top of it: a
// 5M-row run's derive peaked at 847-1,038 MB under 448MB and at 711 MB
// under 256MB, in the same time.
func (w *Warehouse) LimitMemory(ctx context.Context) (restore func() error, err error) {
	return w.limitMemory(ctx, func(b int64) int64 { return max(b/2, MinMemory) })
}

// AppendMemory is the memory limit of a bulk stage (Bulk), where it is
// lower than the run's. Such a stage appends and reads back only what it
// selects once: the pool would fill with the blocks it wrote, up to any
// limit, so a larger input would only mean more memory. With 96 MiB the
// extract of a 5M-row inbox peaked at 532-544 MB against 681-717 MB under
// 256 MiB, and at 419-449 MB against 440-516 at 1M (the pool of a smaller
// input never filled); a full derive at 575-587 against 723-737 MB at 5M,
// 466-515 against 589-628 at 1M, in the same time (docs/performance.md).
var AppendMemory int64 = 96 << 20

// limitMemory sets DuckDB's memory limit to to(the run's limit) where that
// is lower, until the returned restore is called.
func (w *Warehouse) limitMemory(ctx context.Context, to func(int64) int64) (restore func() error, err error) {
	var limit string
	if err := w.QueryRow(ctx, "SELECT current_setting('memory_limit')").Scan(&limit); err != nil {
		return nil, err
	}
	b, ok := parseSize(limit)
	if !ok || to(b) >= b {
		return func() error { return nil }, nil
	}
	if err := w.Exec(ctx, fmt.Sprintf("SET memory_limit = '%dKiB'", to(b)/1024)); err != nil {
		return nil, err
	}
	return func() error {
		if w.memoryLimit == "" {
			return w.Exec(ctx, "RESET memory_limit")
		}
		return w.Exec(ctx, "SET memory_limit = "+Quote(w.memoryLimit))
	}, nil
}

// Bulk sets DuckDB up for a stage whose Go workers keep every core busy
// and which appends, reading each block once (the extract, a full
// derive): one thread (LimitThreads) and a memory limit of AppendMemory
// where the run's is higher, until the returned restore is called.
func (w *Warehouse) Bulk(ctx context.Context) (restore func() error, err error) {
	restoreThreads, err := w.LimitThreads(ctx, 1)
	if err != nil {
		return nil, err
	}
	restoreMemory, err := w.limitMemory(ctx, func(int64) int64 { return AppendMemory })
	if err != nil {
		return nil, errors.Join(err, restoreThreads())
	}
	return func() error { return errors.Join(restoreThreads(), restoreMemory()) }, nil
}

// SetCompaction lets DuckDB's checkpoints merge row groups thinned by
// deletes (its default) or keeps them from it (max_vacuum_tasks 0): the
// database's setting, for every checkpoint until the file is closed.
func (w *Warehouse) SetCompaction(ctx context.Context, on bool) error {
	if on {
		return w.Exec(ctx, "RESET GLOBAL max_vacuum_tasks")
	}
	return w.Exec(ctx, "SET GLOBAL max_vacuum_tasks = 0")
}

// Exec runs SQL on the warehouse.
func (w *Warehouse) Exec(ctx context.Context, query string, args ...any) error {
	_, err := w.conn.ExecContext(ctx, query, args...)
	return err
}

// QueryRow runs a query returning one row.
func (w *Warehouse) QueryRow(ctx context.Context, query string, args ...any) *sql.Row {
	return w.conn.QueryRowContext(ctx, query, args...)
}

// Query runs a query.
func (w *Warehouse) Query(ctx context.Context, query string, args ...any) (*sql.Rows, error) {
	return w.conn.QueryContext(ctx, query, args...)
}

// Quote quotes a SQL string literal.
func Quote(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// Ident quotes a SQL identifier.
func Ident(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }

// CreateTable creates the table of a service from its fields.
func (w *Warehouse) CreateTable(ctx context.Context, s *extract.Service) error {
	cols := make([]string, 0, len(s.Fields)+3)
	for _, f := range s.Fields {
		c := Ident(f.Name) + " " + f.Kind.SQLType()
		if f.Key {
			c += " NOT NULL"
		}
		cols = append(cols, c)
	}
	cols = append(cols, extract.ColFile+" VARCHAR NOT NULL", extract.ColRecord+" BIGINT NOT NULL")
	if !s.Derived {
		cols = append(cols, extract.ColExtra+" JSON")
	}
	return w.Exec(ctx, fmt.Sprintf("CREATE TABLE %s (\n  %s\n)", Ident(s.Table), strings.Join(cols, ",\n  ")))
}

// Insert appends an Arrow record batch to a table through the driver's
// Arrow interface (zero-copy into DuckDB). Columns are matched by name.
func (w *Warehouse) Insert(ctx context.Context, table string, rec arrow.RecordBatch) error {
	if rec == nil || rec.NumRows() == 0 {
		return nil
	}
	reader, err := array.NewRecordReader(rec.Schema(), []arrow.RecordBatch{rec})
	if err != nil {
		return err
	}
	defer reader.Release()
	w.views++
	view := fmt.Sprintf("p3dn_arrow_in_%d", w.views)
	return w.conn.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		release, err := ar.RegisterView(reader, view)
		if err != nil {
			return fmt.Errorf("register arrow view: %w", err)
		}
		defer release()
		ex := dc.(driver.ExecerContext)
		if _, err := ex.ExecContext(ctx, fmt.Sprintf("INSERT INTO %s BY NAME SELECT * FROM %s", Ident(table), view), nil); err != nil {
			return fmt.Errorf("insert into %s: %w", table, err)
		}
		_, err = ex.ExecContext(ctx, "DROP VIEW IF EXISTS "+view, nil)
		return err
	})
}

// QueryArrow runs a query on a second connection of the warehouse being
// built and hands its result to fn as Arrow record batches, streamed, while
// the first connection stays free for inserts.
func (w *Warehouse) QueryArrow(ctx context.Context, query string, fn func(arrow.RecordBatch) error) error {
	c, err := w.db.Conn(ctx)
	if err != nil {
		return err
	}
	defer c.Close()
	return c.Raw(func(dc any) error {
		ar, err := duckdb.NewArrowFromConn(dc.(driver.Conn))
		if err != nil {
			return err
		}
		rdr, err := ar.QueryContext(ctx, query)
		if err != nil {
			return err
		}
		defer rdr.Release()
		for rdr.Next() {
			if err := fn(rdr.RecordBatch()); err != nil {
				return err
			}
		}
		return rdr.Err()
	})
}

// Abort closes and removes the file being built.
func (w *Warehouse) Abort() {
	w.close()
	os.Remove(w.Path)
	os.Remove(w.Path + ".wal")
}

func (w *Warehouse) close() error {
	var errs []error
	if w.conn != nil {
		errs = append(errs, w.conn.Close())
		w.conn = nil
	}
	if w.db != nil {
		errs = append(errs, w.db.Close())
		w.db = nil
	}
	return errors.Join(errs...)
}

// Publish checkpoints and closes the new file, keeps the live warehouse as
// FINAL.prev for rollback (and the one before it as FINAL.spare) and
// renames the new file into place. Readers holding the old file open keep
// reading it; new readers see the new file.
//
// beforeRename, if not nil, is called between keeping .prev and the rename
// (a crash point for the tests).
func (w *Warehouse) Publish(ctx context.Context, beforeRename func()) error {
	if err := w.Exec(ctx, "CHECKPOINT"); err != nil {
		return fmt.Errorf("checkpoint: %w", err)
	}
	if err := w.close(); err != nil {
		return fmt.Errorf("close new warehouse: %w", err)
	}
	if err := syncFile(w.Path); err != nil {
		return err
	}
	// Keep the live file as .prev through a hard link, so that the final
	// name never stops existing: the rename below replaces it atomically.
	// The .prev it replaces becomes the spare the next run copies onto
	// (CopyPublished).
	prev := w.Final + ".prev"
	if _, err := os.Stat(w.Final); err == nil {
		if err := os.Rename(prev, w.Final+SpareSuffix); err != nil && !errors.Is(err, os.ErrNotExist) {
			return err
		}
		if err := os.Link(w.Final, prev); err != nil {
			return fmt.Errorf("keep previous warehouse as %s: %w", prev, err)
		}
	}
	if beforeRename != nil {
		beforeRename()
	}
	if err := os.Rename(w.Path, w.Final); err != nil {
		return fmt.Errorf("publish warehouse: %w", err)
	}
	return syncFile(filepath.Dir(w.Final))
}

func syncFile(path string) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if err := f.Sync(); err != nil {
		return fmt.Errorf("fsync %s: %w", path, err)
	}
	return nil
}
