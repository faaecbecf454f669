package report

import (
	"context"
	"database/sql"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/p3dn/p3dn/load"
)

// Options select what a report covers and how it is written.
type Options struct {
	Warehouse string
	Out       string // FILE.xlsx, or a folder for csv
	Format    string // xlsx (default) or csv
	Tahun     int    // 0: every year
	KLPD      string // "": every K/L/PD
	AsOf      string // YYYY-MM-DD, "": all recorded data
	Unmask    bool   // include personal data (internal use only)
	Version   string
	Now       time.Time // time printed in the report; zero: now
}

// MaxRows is the number of data rows one sheet holds before the rest
// continues on a new sheet (Excel's limit is 1,048,576 rows; two are the
// title and the header).
var MaxRows = 1_048_576 - 2

// Write writes the report.
func Write(ctx context.Context, opt Options) error {
	if opt.Format == "" {
		opt.Format = "xlsx"
	}
	if opt.Now.IsZero() {
		opt.Now = time.Now()
	}
	rd, err := load.OpenReader(ctx, opt.Warehouse, opt.AsOf)
	if err != nil {
		return err
	}
	defer rd.Close()
	conn := rd.Conn
	src := &source{ctx: ctx, conn: conn, opt: opt}
	var w writer
	switch opt.Format {
	case "xlsx":
		w = newXLSX(opt)
	case "csv":
		if err := os.MkdirAll(opt.Out, 0o755); err != nil {
			return err
		}
		w = &csvWriter{dir: opt.Out}
	default:
		return fmt.Errorf("--format must be xlsx or csv, not %q", opt.Format)
	}
	if err := src.summary(w); err != nil {
		return fmt.Errorf("sheet Ringkasan: %w", err)
	}
	for _, sh := range sheets {
		if err := src.sheet(w, sh); err != nil {
			return fmt.Errorf("sheet %s: %w", sh.Name, err)
		}
	}
	if err := methodology(w, opt); err != nil {
		return err
	}
	return w.close(opt.Out)
}

// writer receives sheets row by row.
type writer interface {
	begin(sh Sheet, part int) error
	row(vals []cell) error
	end(rows int) error
	close(out string) error
}

// cell is one value to write, typed for its column.
type cell struct {
	kind Kind
	text string // raw text from the warehouse ("" = NULL)
	null bool
}

type source struct {
	ctx  context.Context
	conn *sql.Conn
	opt  Options
}

func (s *source) params() []any {
	var tahun, klpd any
	if s.opt.Tahun != 0 {
		tahun = s.opt.Tahun
	}
	if s.opt.KLPD != "" {
		klpd = s.opt.KLPD
	}
	return []any{tahun, tahun, klpd, klpd}
}

// sheet streams one query into one sheet (or several, past MaxRows).
func (s *source) sheet(w writer, sh Sheet) error {
	rows, err := s.conn.QueryContext(s.ctx, "SELECT CAST(COLUMNS(*) AS VARCHAR) FROM ("+sh.Query+")", s.params()...)
	if err != nil {
		return err
	}
	defer rows.Close()
	vals := make([]sql.NullString, len(sh.Columns))
	ptrs := make([]any, len(vals))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	part, n := 1, 0
	if err := w.begin(sh, part); err != nil {
		return err
	}
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		if n == MaxRows {
			if err := w.end(n); err != nil {
				return err
			}
			part, n = part+1, 0
			if err := w.begin(sh, part); err != nil {
				return err
			}
		}
		cells := make([]cell, len(vals))
		for i, v := range vals {
			cells[i] = s.cell(sh.Columns[i].Kind, v)
		}
		if err := w.row(cells); err != nil {
			return err
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return err
	}
	return w.end(n)
}

func (s *source) cell(k Kind, v sql.NullString) cell {
	c := cell{kind: k, text: v.String, null: !v.Valid}
	if !v.Valid {
		return c
	}
	switch k {
	case Person:
		if !s.opt.Unmask {
			c.text = MaskPerson(c.text)
		}
		c.kind = Text
	case NPWP:
		if !s.opt.Unmask {
			c.text = MaskNPWP(c.text)
		}
		c.kind = Text
	}
	return c
}

// summary writes the Ringkasan sheet: the headline figures over the
// filtered K/L/PDs.
func (s *source) summary(w writer) error {
	q := `SELECT CAST(sum(komitmen_pdn) AS VARCHAR), CAST(sum(realisasi_pdn) AS VARCHAR), CAST(sum(realisasi_total) AS VARCHAR),
		CAST(p3dn_persen(sum(realisasi_pdn), sum(komitmen_pdn)) AS VARCHAR), CAST(min(target_persen) AS VARCHAR), CAST(max(target_persen) AS VARCHAR),
		CAST(p3dn_kurang(sum(komitmen_pdn), max(target_persen), sum(realisasi_pdn)) AS VARCHAR),
		CAST(sum(realisasi_tidak_diketahui) AS VARCHAR), CAST(p3dn_persen(sum(realisasi_tidak_diketahui), sum(realisasi_total)) AS VARCHAR),
		CAST(sum(realisasi_umk) AS VARCHAR), CAST(count(*) AS VARCHAR), CAST(sum(jumlah_transaksi) AS VARCHAR), CAST(max(tanggal_terakhir) AS VARCHAR)
		FROM capaian_p3dn WHERE ` + filter
	v := make([]sql.NullString, 13)
	ptrs := make([]any, len(v))
	for i := range v {
		ptrs[i] = &v[i]
	}
	if err := s.conn.QueryRowContext(s.ctx, q, s.params()...).Scan(ptrs...); err != nil {
		return err
	}
	var lastRun sql.NullString
	s.conn.QueryRowContext(s.ctx, "SELECT max(run_id) FROM runs WHERE status IN ('ok', 'ok_with_rejects')").Scan(&lastRun)
	asOf := "semua transaksi tercatat (terakhir " + v[12].String + ")"
	if s.opt.AsOf != "" {
		asOf = s.opt.AsOf
	}
	tahun, klpd := "semua", "semua"
	if s.opt.Tahun != 0 {
		tahun = strconv.Itoa(s.opt.Tahun)
	}
	if s.opt.KLPD != "" {
		klpd = s.opt.KLPD
	}
	target := v[4]
	if v[4].String != v[5].String {
		target = sql.NullString{String: "", Valid: false}
	}
	sh := Sheet{Name: "Ringkasan", Title: "Laporan Capaian Penggunaan Produk Dalam Negeri (P3DN)",
		Columns: []Column{{"Ukuran", Text, 44}, {"Nilai", Text, 28}}}
	rows := [][]cell{
		{txt("Per tanggal"), txt(asOf)},
		{txt("Tahun anggaran"), txt(tahun)},
		{txt("K/L/PD"), txt(klpd)},
		{txt("Komitmen PDN (pagu RUP berstatus PDN)"), typed(Rupiah, v[0])},
		{txt("Realisasi PDN"), typed(Rupiah, v[1])},
		{txt("Realisasi total"), typed(Rupiah, v[2])},
		{txt("Capaian (realisasi PDN / komitmen PDN)"), typed(Percent, v[3])},
		{txt("Target"), typed(Percent, target)},
		{txt("Kekurangan menuju target"), typed(Rupiah, v[6])},
		{txt("Realisasi yang kelas TKDN-nya tidak diketahui"), typed(Rupiah, v[7])},
		{txt("  porsi dari realisasi total"), typed(Percent, v[8])},
		{txt("Realisasi UMK-K"), typed(Rupiah, v[9])},
		{txt("Jumlah K/L/PD"), typed(Number, v[10])},
		{txt("Jumlah transaksi"), typed(Number, v[11])},
		{txt("Dibuat"), txt(s.opt.Now.Format("2006-01-02 15:04") + " oleh p3dn " + s.opt.Version)},
		{txt("Gudang data"), txt(filepath.Base(s.opt.Warehouse) + ", run " + lastRun.String)},
		{txt("Data pribadi"), txt(map[bool]string{true: "TIDAK disamarkan (--unmask): untuk penggunaan internal", false: "nama penyedia perorangan dan NPWP disamarkan"}[s.opt.Unmask])},
	}
	if err := w.begin(sh, 1); err != nil {
		return err
	}
	for _, r := range rows {
		if err := w.row(r); err != nil {
			return err
		}
	}
	return w.end(len(rows))
}

func txt(s string) cell { return cell{kind: Text, text: s} }

func typed(k Kind, v sql.NullString) cell { return cell{kind: k, text: v.String, null: !v.Valid} }

// Neutralise makes text that a spreadsheet would read as a formula
// (starting with =, +, -, @, tab or CR) inert by prefixing an apostrophe.
func Neutralise(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

var legalForm = map[string]bool{"pt": true, "cv": true, "ud": true, "pd": true, "fa": true, "firma": true, "koperasi": true,
	"kud": true, "ksu": true, "yayasan": true, "persero": true, "perum": true, "tbk": true, "perseroan": true, "bumd": true, "bumn": true}

// MaskPerson masks a provider's name unless it names a business entity
// (PT, CV, UD, koperasi, ...): "Budi Santoso" -> "B*** S***".
func MaskPerson(name string) string {
	words := strings.Fields(name)
	for _, w := range words {
		if legalForm[strings.ToLower(strings.Trim(w, ".,()"))] {
			return name
		}
	}
	for i, w := range words {
		r := []rune(w)
		words[i] = string(r[0]) + "***"
	}
	return strings.Join(words, " ")
}

// MaskNPWP keeps the first two and last three digits of a tax number.
func MaskNPWP(s string) string {
	d := []rune(s)
	if len(d) <= 5 {
		return strings.Repeat("*", len(d))
	}
	return string(d[:2]) + strings.Repeat("*", len(d)-5) + string(d[len(d)-3:])
}
