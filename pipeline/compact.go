package pipeline

import (
	dbsql "database/sql"
	"strconv"
)

// CompactEvery is how often a nightly run compacts the warehouse: every
// CompactEvery-th incremental run (and one with --compact, --tahun or a new
// p3dn version, which derive every transaction again) lets DuckDB's
// checkpoints merge row groups; the runs between leave that work for later.
//
// DuckDB's checkpoint merges a table's last row groups whenever rows
// appended to it and deleted from it let them fit in fewer. A nightly run
// deletes the touched keys' rows and appends them again, so every night it
// rewrote the tail of every table it touched: on one copy of a 5M-row
// warehouse and one day of 18,000 transactions, the commit took 6.5-7.5 s
// so and 1.3-1.5 s without merging (transaksi's checkpoint alone, in a
// probe, 2.3-3.2 s against 0.16-0.20 s). Skipped, each night leaves a small
// row group at each table's end and its deleted rows in place until the
// compacting run merges them (row groups wholly deleted are still dropped
// at once).
const CompactEvery = 7

// metaNights is the p3dn_meta key counting the nightly runs since the
// warehouse was last compacted.
const metaNights = "malam_tanpa_pemadatan"

// compaction decides whether this incremental run compacts, sets DuckDB's
// checkpoints accordingly and records the count in the warehouse it builds.
func (r *run) compaction() error {
	var s string
	nights := 0
	err := r.wh.QueryRow(r.ctx, "SELECT nilai FROM p3dn_meta WHERE kunci = ?", metaNights).Scan(&s)
	switch {
	case err == dbsql.ErrNoRows: // built by a full run: no night counted yet
	case err != nil:
		return err
	default:
		if nights, err = strconv.Atoi(s); err != nil {
			nights = CompactEvery // not a count p3dn wrote: compact now and count afresh
		}
	}
	why := ""
	switch {
	case r.cfg.Compact:
		why = "--compact"
	case r.rederive != "": // --tahun, or another p3dn version or rules
		why = r.rederive
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
