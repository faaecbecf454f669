package pipeline

import (
	"context"
	"database/sql"
	"fmt"
	"io"
	"strings"

	"github.com/p3dn/p3dn/load"
)

// PrintSummary prints the realisation against commitment per fiscal year
// and K/L/PD from a published warehouse, as of a date ("" for all data).
func PrintSummary(ctx context.Context, w io.Writer, warehouse, asOf string) error {
	rd, err := load.OpenReader(ctx, warehouse, asOf)
	if err != nil {
		return err
	}
	defer rd.Close()
	conn := rd.Conn
	rows, err := conn.QueryContext(ctx, `
		SELECT tahun_anggaran, kd_klpd, coalesce(nama_klpd, kd_klpd), CAST(komitmen_pdn AS VARCHAR),
		       CAST(realisasi_pdn AS VARCHAR), CAST(realisasi_total AS VARCHAR),
		       coalesce(CAST(persen_capaian AS VARCHAR), ''), CAST(target_persen AS VARCHAR),
		       coalesce(CAST(tanggal_terakhir AS VARCHAR), '-')
		FROM capaian_p3dn ORDER BY tahun_anggaran, kd_klpd`)
	if err != nil {
		return err
	}
	defer rows.Close()
	fmt.Fprintln(w, "Capaian P3DN (realisasi PDN terhadap komitmen PDN di RUP)")
	if asOf != "" {
		fmt.Fprintf(w, "per tanggal %s\n", asOf)
	}
	for rows.Next() {
		var tahun sql.NullInt64
		var kd, nama, kom, real, total, pct, target, last string
		if err := rows.Scan(&tahun, &kd, &nama, &kom, &real, &total, &pct, &target, &last); err != nil {
			return err
		}
		fmt.Fprintf(w, "  %d %-6s %-28s realisasi PDN %s dari komitmen %s = %s (target %s %%); total realisasi %s; transaksi terakhir %s\n",
			tahun.Int64, kd, nama, Triliun(real), Triliun(kom), Persen(pct), strings.TrimSuffix(strings.TrimSuffix(target, "0"), ".0"), Triliun(total), last)
	}
	return rows.Err()
}

// Triliun renders a decimal rupiah string the way officials quote it:
// "Rp11,35 T", "Rp139,04 M" (miliar), "Rp850,00 jt".
func Triliun(dec string) string {
	whole, _, _ := strings.Cut(dec, ".")
	neg := strings.HasPrefix(whole, "-")
	whole = strings.TrimPrefix(whole, "-")
	unit, digits := "", 0
	switch {
	case len(whole) > 12:
		unit, digits = " T", 12
	case len(whole) > 9:
		unit, digits = " M", 9
	case len(whole) > 6:
		unit, digits = " jt", 6
	default:
		return "Rp" + whole
	}
	// round to 2 decimals of the unit
	head, tail := whole[:len(whole)-digits], whole[len(whole)-digits:]
	var n int64
	fmt.Sscan(head+tail[:2], &n)
	if tail[2] >= '5' {
		n++
	}
	s := fmt.Sprintf("Rp%d,%02d%s", n/100, n%100, unit)
	if neg {
		s = "-" + s
	}
	return s
}

// Persen renders "71.84" as "71,8 %".
func Persen(dec string) string {
	if dec == "" {
		return "- %"
	}
	var f float64 // display only: the stored figure is DECIMAL
	fmt.Sscan(dec, &f)
	return strings.Replace(fmt.Sprintf("%.1f %%", f), ".", ",", 1)
}
