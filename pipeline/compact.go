package pipeline

import (
	dbsql "database/sql"
	"strconv"
)

// CompactEvery is how often a nightly run compacts the warehouse: every
// CompactEvery-th incremental run (and one with --compact, --tahun or a
// full derivation again) lets DuckDB's checkpoints merge row groups; the
// runs between leave that work for later.
//
// DuckDB's checkpoint merges a table's last row groups whenever rows
// appended to it and deleted from it let them fit in fewer. A nightly run
// deletes the touched keys' rows and appends them again, so every night it
// rewrote the tail of every table it touched: the commit of one day's
// 18,000 transactions into a 5M-row warehouse took 1.6 s, of which 2.6-2.8 s
// of transaksi's checkpoint alone in a probe on a copy, 0.2 s without
// merging. Skipped, each night leaves a small row group at each table's end
// and its deleted rows in place until the compacting run merges them
// (row groups wholly deleted are still dropped at once).
const CompactEvery = 7

// metaNights is the p3dn_meta key counting the nightly runs since the
// warehouse was last compacted.
const metaNights = "malam_tanpa_pemadatan"

// compaction decides whether this incremental run compacts, sets DuckDB's
// checkpoints accordingly and records the count in the warehouse it builds.
func (r *run) compaction() error {
	var s string
	nights := 0
	switch err := r.wh.QueryRow(r.ctx, "SELECT nilai FROM p3dn_meta WHERE kunci = ?", metaNights).Scan(&s); err {
	case nil:
		var err error
		if nights, err = strconv.Atoi(s); err != nil {
			nights = CompactEvery // not a count p3dn wrote: compact now and count afresh
		}
	case dbsql.ErrNoRows:
	default:
		return err
	}
	why := ""
	switch {
	case r.cfg.Compact:
		why = "--compact"
	case r.cfg.Tahun != 0:
		why = "--tahun"
	case r.rederive != "":
		why = "every transaction derived again"
	case nights+1 >= CompactEvery:
		why = strconv.Itoa(CompactEvery) + " nightly runs since the last compaction"
	}
	if why == "" {
		nights++
	} else {
		nights = 0
	}
	if err := r.wh.SetCompaction(r.ctx, why != ""); err != nil {
		return err
	}
	if err := r.wh.Exec(r.ctx, "INSERT OR REPLACE INTO p3dn_meta VALUES (?, ?)", metaNights, strconv.Itoa(nights)); err != nil {
		return err
	}
	if why != "" {
		r.log.Info("compacting the warehouse", "why", why)
	} else {
		r.log.Info("compaction left for later", "nightly_runs_since", nights, "every", CompactEvery)
	}
	return nil
}
