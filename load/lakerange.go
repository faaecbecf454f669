package load

import (
	"context"
	"fmt"
	"strings"
)

// LakeSampleRows is about how many sampled rows stand for one lake file
// when its ranges are planned: the cut points are the values at every
// LakeSampleRows-th place of a sample of one row in LakeFileRows /
// LakeSampleRows (so files vary by a few percent around LakeFileRows).
var LakeSampleRows int64 = 2048

// lakeRanges cuts the rows matching where into conditions on the first
// order column and counts those rows. Each range holds about fileRows
// rows: below the first cut point, [cut_i, cut_i+1), at or above the last
// one, then the NULLs. A table that fits in one file gets the one
// condition TRUE; every non-NULL value falls in exactly one range and no
// range is empty.
//
// The cut points come from the rows whose value hashes into one bucket of
// LakeFileRows / LakeSampleRows: the same values give the same sample, so
// the same data gives the same files, and only the sample is sorted (the
// whole order column sorted by a window took the lake of a 5M-row
// warehouse to 657 MB before a file was written).
func (w *Warehouse) lakeRanges(ctx context.Context, table, col, where string, fileRows int64) (ranges []lakeRange, n int64, err error) {
	var nulls int64
	if err := w.QueryRow(ctx, fmt.Sprintf("SELECT count(*), count(*) - count(%s) FROM %s WHERE %s", Ident(col), Ident(table), where)).Scan(&n, &nulls); err != nil {
		return nil, 0, err
	}
	if n <= fileRows {
		return []lakeRange{{cond: "TRUE"}}, n, nil
	}
	every := max(LakeFileRows/LakeSampleRows, 1)
	step := max(fileRows/every, 1)
	// Ordered by the column's own type (a text rendering of numbers would
	// order them otherwise, and the ranges would overlap). A cut point
	// above the sample's smallest value leaves a row below it.
	cuts, err := w.textColumn(ctx, fmt.Sprintf(`SELECT CAST(v AS VARCHAR) FROM (
		SELECT v, row_number() OVER (ORDER BY v) AS n, min(v) OVER () AS lo FROM (
			SELECT %[1]s AS v FROM %[2]s WHERE %[3]s AND %[1]s IS NOT NULL AND hash(%[1]s) %% %[4]d = 0))
		WHERE n %% %[5]d = 0 AND v > lo GROUP BY v ORDER BY v`, Ident(col), Ident(table), where, every, step))
	if err != nil {
		return nil, 0, err
	}
	for i := 0; i <= len(cuts); i++ {
		var r lakeRange
		var conds []string
		if i > 0 {
			r.lo = cuts[i-1].String
			conds = append(conds, fmt.Sprintf("%s >= %s", Ident(col), Quote(r.lo)))
		}
		if i < len(cuts) {
			r.hi = cuts[i].String
			conds = append(conds, fmt.Sprintf("%s < %s", Ident(col), Quote(r.hi)))
		}
		if len(conds) == 0 {
			conds = append(conds, Ident(col)+" IS NOT NULL")
		}
		r.cond = strings.Join(conds, " AND ")
		ranges = append(ranges, r)
	}
	if nulls > 0 {
		ranges = append(ranges, lakeRange{cond: Ident(col) + " IS NULL"})
	}
	return ranges, n, nil
}

// lakeRange is one file's range of the order column: its condition, and
// its cut points as text, lo <= v < hi, "" where the range is open (a cut
// point is above the smallest value, so never the empty string).
type lakeRange struct {
	cond   string
	lo, hi string
}

// keyRange is the condition on t's key column (LakeTable.KeyOf) that a
// range of ids implies: for a range whose two cut points share a
// "channel:" prefix not starting with t.KeyExcept, the key lies in the
// same range of what follows the prefix. Otherwise it is "" (the first
// and last ranges of each table, the excepted ids and the ranges across
// two channels).
func keyRange(t LakeTable, r lakeRange) string {
	if r.lo == "" || r.hi == "" {
		return ""
	}
	i := strings.IndexByte(r.lo, ':')
	if i < 0 || (t.KeyExcept != "" && strings.HasPrefix(r.lo, t.KeyExcept)) || !strings.HasPrefix(r.hi, r.lo[:i+1]) {
		return ""
	}
	return fmt.Sprintf(" AND %s >= %s AND %s < %s", Ident(t.KeyOf), Quote(r.lo[i+1:]), Ident(t.KeyOf), Quote(r.hi[i+1:]))
}
