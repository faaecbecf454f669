package pipeline

import (
	"database/sql"
	"fmt"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/transform"
)

// transform derives the transactions from the loaded staging tables: each
// source query joins the feeds of one channel (a selection result with its
// latest e-contract stage), the rows are classified in Go and loaded
// through Arrow like the sources.
func (r *run) transform() error {
	reg, err := r.registry()
	if err != nil {
		return fmt.Errorf("read the TKDN registry: %w", err)
	}
	r.packages = &transform.Packages{Registry: reg}
	sc, kept, err := r.scope()
	if err != nil {
		return err
	}
	// One transaction for all derived rows: committing every batch on its
	// own writes each to the WAL and checkpoints again and again.
	if err := r.wh.Exec(r.ctx, "BEGIN TRANSACTION"); err != nil {
		return err
	}
	r.res.Transaksi = kept
	for _, src := range transform.AllSources(sc) {
		n, err := r.transformSource(src)
		if err != nil {
			return fmt.Errorf("transform %s: %w", src.Service.Name, err)
		}
		r.res.Transaksi += n
	}
	if err := r.flushAll(); err != nil {
		return err
	}
	if err := r.wh.Exec(r.ctx, "INSERT OR REPLACE INTO p3dn_meta VALUES ('turunan', ?)", derivation(r.cfg.Version)); err != nil {
		return err
	}
	if err := r.wh.Exec(r.ctx, "COMMIT"); err != nil {
		return err
	}
	// Per-file counts for the ledger.
	rows, err := r.wh.Query(r.ctx, "SELECT _source_file, count(*) FROM transaksi GROUP BY ALL")
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

func (r *run) transformSource(src transform.Source) (int64, error) {
	var n int64
	err := r.wh.QueryArrow(r.ctx, src.Query, func(rec arrow.RecordBatch) error {
		return extract.RowsFromArrow(src.Service, rec, func(row *extract.Row) error {
			var t *extract.Row
			switch {
			case src.Items:
				item, done := r.packages.Add(row)
				if err := r.append(item); err != nil {
					return err
				}
				t = done
			case src.Regional:
				var item *extract.Row
				t, item = transform.Regional(row, r.packages.Registry)
				if err := r.append(item); err != nil {
					return err
				}
			default:
				t, _ = transform.FromRow(row)
			}
			return r.appendTransaksi(t, &n)
		})
	})
	if err != nil {
		return n, err
	}
	if src.Items {
		err = r.appendTransaksi(r.packages.Flush(), &n)
	}
	return n, err
}

func (r *run) appendTransaksi(t *extract.Row, n *int64) error {
	if t == nil {
		return nil
	}
	*n++
	if err := r.append(t); err != nil {
		return err
	}
	for _, link := range transform.RUPLinks(t) {
		if err := r.append(link); err != nil {
			return err
		}
	}
	return nil
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
