package pipeline

import (
	"database/sql"
	"errors"
	"fmt"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/transform"
)

// transform derives the transactions from the loaded staging tables: each
// source query joins the feeds of one channel (a selection result with its
// latest e-contract stage), the rows are classified in Go and loaded
// through Arrow like the sources (see deriver). A full run has derived them
// beside the extract already (early); an incremental run derives here.
func (r *run) transform(early *earlyDerive) error {
	var (
		n   int64
		err error
	)
	if early != nil {
		n, err = early.finish()
	} else {
		n, err = r.deriveAfter()
	}
	if err != nil {
		return err
	}
	r.res.Transaksi += n
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

// deriveAfter derives after the extract: the scope's transactions (an
// incremental run's touched keys, or every one), on the run's connection.
func (r *run) deriveAfter() (int64, error) {
	reg, err := r.registry()
	if err != nil {
		return 0, fmt.Errorf("read the TKDN registry: %w", err)
	}
	sc, kept, err := r.scope()
	if err != nil {
		return 0, err
	}
	r.res.Transaksi = kept
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
		return 0, err
	}
	d, err := r.startDerive(r.wh, r.ins, reg, sc)
	if err != nil {
		return 0, errors.Join(err, restore())
	}
	all := make([]int, len(transform.AllSources(sc)))
	for i := range all {
		all[i] = i
	}
	err = d.add(all...)
	n, ferr := d.finish()
	return n, errors.Join(err, ferr, restore())
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
	rows, err := r.wh.QueryCommitted(r.ctx, fmt.Sprintf(`SELECT DISTINCT k FROM (SELECT %s AS k, row_number() OVER (ORDER BY %s) AS n
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
	rows, err := r.wh.QueryCommitted(r.ctx, `SELECT coalesce(nomor_sertifikat, ''), nama_perusahaan, produk, coalesce(kelompok_barang, ''),
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
