package pipeline

import (
	"database/sql"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/transform"
)

// transform derives the transactions from the loaded staging tables: each
// source query joins the feeds of one channel (a selection result with its
// latest e-contract stage), the rows are classified in Go and loaded
// through Arrow like the sources. Sources, and slices of large ones, are
// derived by one worker per core; all rows go through the one inserter,
// in one DuckDB transaction.
func (r *run) transform() error {
	reg, err := r.registry()
	if err != nil {
		return fmt.Errorf("read the TKDN registry: %w", err)
	}
	sc, kept, err := r.scope()
	if err != nil {
		return err
	}
	var jobs []transform.Source
	for i, src := range transform.AllSources(sc) {
		// A large source is read in slices of business keys: the driver
		// holds a whole query result in memory, outside DuckDB's limit.
		var bounds []string
		if sc.Keys == "" && src.Key != "" {
			rows := sliceRows
			if src.Regional {
				rows = max(sliceRows/regionalShare, 1)
			}
			if bounds, err = r.keyBounds(src.Table, src.Key, rows); err != nil {
				return fmt.Errorf("transform %s: %w", src.Service.Name, err)
			}
		}
		for j := 0; j <= len(bounds); j++ {
			part := sc
			if j > 0 {
				part.From = bounds[j-1]
			}
			if j < len(bounds) {
				part.To = bounds[j]
			}
			jobs = append(jobs, transform.AllSources(part)[i])
		}
	}
	// One transaction for all derived rows: committing every batch on its
	// own writes each to the WAL and checkpoints again and again.
	if err := r.wh.Exec(r.ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	// Two workers and the inserter keep both cores busy with the slices
	// of a full derivation, which reads each slice once: DuckDB on one
	// thread and under load.AppendMemory while they run (load.Warehouse.Bulk;
	// the transform of a 1M-row inbox 12.6-14.2 s so, 15.9-17.0 s on two
	// threads; a 5M-row derive peaked at 847-1,038 MB at 448MB, 711 MB at
	// 256MB, in the same time). A nightly run's few source queries each
	// scan a whole staging table and need DuckDB's threads (on one, its
	// non-tender query took 2.8 s instead of 0.5 s), but not the whole
	// limit: each block is read once, and a pool that keeps every block it
	// read only adds fresh pages to fill (the night on the 5M warehouse
	// peaked at 380-392 MB so, 553-615 MB under the whole limit, in 4.9-5.4
	// against 5.2-6.0 s, four interleaved runs).
	var restore func() error
	if sc.Keys == "" {
		restore, err = r.wh.Bulk(r.ctx)
	} else {
		restore, err = r.wh.LimitMemory(r.ctx)
	}
	if err != nil {
		return err
	}
	n, err := r.derive(jobs, reg)
	if err := errors.Join(err, restore()); err != nil {
		return err
	}
	r.res.Transaksi = kept + n
	if err := r.wh.Exec(r.ctx, "INSERT OR REPLACE INTO p3dn_meta VALUES ('turunan', ?)", derivation(r.cfg.Version)); err != nil {
		return err
	}
	start := time.Now()
	if err := r.wh.Exec(r.ctx, "COMMIT"); err != nil {
		return err
	}
	// The commit may checkpoint (DuckDB does past its WAL threshold): on a
	// large warehouse that is a visible part of a nightly run.
	r.log.Info("derived rows committed", "seconds", time.Since(start).Seconds())
	// Per-file counts for the ledger: the transactions of each file this
	// run loaded (a skipped file's were counted by the run that loaded it).
	q := "SELECT _source_file, count(*) FROM transaksi GROUP BY ALL"
	if r.scoped {
		q = fmt.Sprintf("SELECT _source_file, count(*) FROM transaksi WHERE _source_file IN (SELECT path FROM %s) GROUP BY ALL", scopeFiles)
	}
	rows, err := r.wh.Query(r.ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	per := map[string]int64{}
	for rows.Next() {
		var f string
		var n int64
		if err := rows.Scan(&f, &n); err != nil {
			return err
		}
		per[f] = n
	}
	for i := range r.res.Files {
		r.res.Files[i].Transaksi = per[r.res.Files[i].Path]
	}
	return rows.Err()
}

// derive runs the source queries on one worker per core and returns the
// number of transactions derived.
func (r *run) derive(jobs []transform.Source, reg *transform.RegistryIndex) (int64, error) {
	next := make(chan transform.Source)
	var (
		mu       sync.Mutex
		firstErr error
		total    int64
		wg       sync.WaitGroup
	)
	for range min(runtime.GOMAXPROCS(0), maxWorkers) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out := newBatches(r.cfg.BatchRows, r.mem, r.ins)
			for src := range next {
				mu.Lock()
				failed := firstErr != nil
				mu.Unlock()
				if failed {
					continue
				}
				start := time.Now()
				n, err := r.deriveSource(src, out, reg)
				if err == nil {
					err = out.flushAll()
				}
				// What the slice's query allocated in DuckDB is free.
				load.ReleaseMemory()
				mu.Lock()
				total += n
				if err != nil && firstErr == nil {
					firstErr = fmt.Errorf("transform %s: %w", src.Service.Name, err)
				}
				mu.Unlock()
				r.log.Info("source derived", "source", src.Service.Name, "transaksi", n, "seconds", time.Since(start).Seconds())
			}
		}()
	}
	for _, src := range jobs {
		next <- src
	}
	close(next)
	wg.Wait()
	if err := r.ins.wait(); err != nil && firstErr == nil {
		firstErr = err
	}
	return total, firstErr
}

// maxWorkers bounds the transform's workers, and so its memory: each holds
// one slice of a query result.
const maxWorkers = 2

// deriveSource reads one source query and appends its transactions and
// product lines to out.
func (r *run) deriveSource(src transform.Source, out *batches, reg *transform.RegistryIndex) (n int64, err error) {
	// A mapping that reads a field its query did not select is a bug in
	// p3dn: the run fails with it instead of crashing.
	defer func() {
		if p := recover(); p != nil {
			e, ok := p.(*extract.UnselectedFieldError)
			if !ok {
				panic(p)
			}
			err = e
		}
	}()
	packages := &transform.Packages{Registry: reg}
	add := func(t *extract.Row) error {
		if t == nil {
			return nil
		}
		n++
		if err := out.append(t); err != nil {
			return err
		}
		if r.scoped {
			if err := out.append(derivedRow(t)); err != nil {
				return err
			}
		}
		for _, link := range transform.RUPLinks(t) {
			if err := out.append(link); err != nil {
				return err
			}
		}
		return nil
	}
	err = r.wh.QueryArrow(r.ctx, src.Query, func(rec arrow.RecordBatch) error {
		return extract.RowsFromArrow(src.Service, rec, func(row *extract.Row) error {
			var t *extract.Row
			switch {
			case src.Items:
				item, done := packages.Add(row)
				if err := out.append(item); err != nil {
					return err
				}
				t = done
			case src.Regional:
				var item *extract.Row
				t, item = transform.Regional(row, reg)
				if err := out.append(item); err != nil {
					return err
				}
			default:
				t, _ = transform.FromRow(row)
			}
			return add(t)
		})
	})
	if err == nil && src.Items {
		err = add(packages.Flush())
	}
	return n, err
}

// sliceRows is about how many staging rows one slice of a source reads:
// rows, not keys, so that a source with several rows per key (e-Katalog
// product lines, snapshots) is cut as finely. With 32,768 e-Katalog
// packages (about 65,000 lines) per slice, the transform of a 5M-row inbox
// peaked at 946-1,015 MB.
var sliceRows = 32768

// regionalShare divides sliceRows for the regional rows: each carries every
// field of its workbook row and becomes a transaction and a product line,
// so two slices of 32,768 of them held 127 MB of Go heap live (a 5M-row
// inbox, whose 109,791 regional rows make four slices; the 21,904 of a
// 1M-row inbox made one). In quarters, the 5M derive peaked at 411-436 MB
// of anonymous memory against 455-478, in the same time.
const regionalShare = 4

// keyBounds returns the keys (as SQL literals, ascending, distinct) that
// cut a table's rows, in business-key order, into slices of about n rows;
// all rows of a key fall in one slice.
func (r *run) keyBounds(table, key string, n int) ([]string, error) {
	rows, err := r.wh.Query(r.ctx, fmt.Sprintf(`SELECT DISTINCT k FROM (SELECT %s AS k, row_number() OVER (ORDER BY %s) AS n
		FROM %s WHERE %s IS NOT NULL) WHERE n %% %d = 0 ORDER BY k`,
		load.Ident(key), load.Ident(key), load.Ident(table), load.Ident(key), n))
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var k string
		if err := rows.Scan(&k); err != nil {
			return nil, err
		}
		out = append(out, load.Quote(k))
	}
	return out, rows.Err()
}

// registry reads the loaded TKDN certificates into a matching index.
func (r *run) registry() (*transform.RegistryIndex, error) {
	rows, err := r.wh.Query(r.ctx, `SELECT coalesce(nomor_sertifikat, ''), nama_perusahaan, produk, coalesce(kelompok_barang, ''),
		CAST(nilai_tkdn AS VARCHAR), CAST(nilai_bmp AS VARCHAR), tanggal_terbit, tanggal_kadaluarsa
		FROM sertifikat_tkdn ORDER BY _source_file, _record`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var certs []*transform.Sertifikat
	for rows.Next() {
		c := &transform.Sertifikat{}
		var tkdn, bmp sql.NullString
		var terbit, kadaluarsa sql.NullTime
		if err := rows.Scan(&c.Nomor, &c.Perusahaan, &c.Produk, &c.Kelompok, &tkdn, &bmp, &terbit, &kadaluarsa); err != nil {
			return nil, err
		}
		if tkdn.Valid {
			c.TKDN, err = extract.ParseDecimal(tkdn.String, 4)
			c.HasTKDN = err == nil
		}
		if bmp.Valid {
			c.BMP, err = extract.ParseDecimal(bmp.String, 4)
			c.HasBMP = err == nil
		}
		c.Terbit, c.HasTerbit = terbit.Time, terbit.Valid
		c.Kadaluarsa, c.HasKadaluarsa = kadaluarsa.Time, kadaluarsa.Valid
		certs = append(certs, c)
	}
	return transform.NewRegistryIndex(certs), rows.Err()
}
