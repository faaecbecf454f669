package pipeline

import (
	"database/sql"
	"fmt"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/transform"
)

// transform derives the transactions from the loaded staging tables: each
// source query joins the feeds of one channel (a selection result with its
// latest e-contract stage), the rows are classified in Go and loaded
// through Arrow like the sources.
func (r *run) transform() error {
	for _, src := range transform.Sources() {
		n, err := r.transformSource(src)
		if err != nil {
			return fmt.Errorf("transform %s: %w", src.Service.Name, err)
		}
		r.res.Transaksi += n
	}
	if err := r.flushAll(); err != nil {
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
	rows, err := r.wh.Query(r.ctx, src.Query)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	fields := src.Service.Fields
	cells := make([]sql.NullString, len(fields))
	var file string
	var record int64
	dest := make([]any, 0, len(fields)+2)
	for i := range cells {
		dest = append(dest, &cells[i])
	}
	dest = append(dest, &file, &record)
	var n int64
	for rows.Next() {
		if err := rows.Scan(dest...); err != nil {
			return n, err
		}
		row := &extract.Row{Service: src.Service, File: file, Record: record, Vals: make([]extract.Value, len(fields))}
		for i, f := range fields {
			if !cells[i].Valid {
				continue
			}
			v, err := extract.ConvertText(f.Kind, cells[i].String, true)
			if err != nil {
				return n, fmt.Errorf("%s record %d field %s: %w", file, record, f.Name, err)
			}
			row.Vals[i] = v
		}
		t, _ := transform.FromRow(row)
		if t == nil {
			continue
		}
		n++
		if err := r.append(t); err != nil {
			return n, err
		}
		for _, link := range transform.RUPLinks(t) {
			if err := r.append(link); err != nil {
				return n, err
			}
		}
	}
	return n, rows.Err()
}
