package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/pipeline"
)

func cmdQuery(args []string) int {
	fs := newFlags("query", "[flags] 'SQL'")
	wh := fs.String("warehouse", defaultWarehouse, "DuckDB warehouse file")
	format := fs.String("format", "table", "output format: table, csv or json")
	asOf := fs.String("as-of", "", "evaluate the views as of this date (YYYY-MM-DD)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if fs.NArg() != 1 {
		fmt.Fprintln(os.Stderr, "p3dn query: give exactly one SQL statement, quoted")
		fs.Usage()
		return pipeline.ExitUsage
	}
	if *format != "table" && *format != "csv" && *format != "json" {
		fmt.Fprintf(os.Stderr, "p3dn query: --format must be table, csv or json, not %q\n", *format)
		return pipeline.ExitUsage
	}
	if err := query(context.Background(), os.Stdout, *wh, *asOf, *format, fs.Arg(0)); err != nil {
		fmt.Fprintf(os.Stderr, "p3dn query: %v\n", err)
		return pipeline.ExitFailure
	}
	return pipeline.ExitOK
}

// query runs one statement on the warehouse opened read-only. The as-of
// date is bound as a parameter, never spliced into SQL.
func query(ctx context.Context, w io.Writer, warehouse, asOf, format, q string) error {
	rd, err := load.OpenReader(ctx, warehouse, asOf)
	if err != nil {
		return err
	}
	defer rd.Close()
	conn := rd.Conn
	rows, err := conn.QueryContext(ctx, q)
	if err != nil {
		return err
	}
	defer rows.Close()
	cols, err := rows.Columns()
	if err != nil {
		return err
	}
	var out [][]string
	var jsonRows []orderedRow
	for rows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			return err
		}
		rec := make([]string, len(cols))
		obj := orderedRow{cols: cols, vals: make([]any, len(cols))}
		for i, v := range vals {
			rec[i] = cell(v)
			if v == nil && format == "csv" {
				rec[i] = "" // CSV: NULL is an empty field
			}
			obj.vals[i] = jsonValue(v)
		}
		out = append(out, rec)
		jsonRows = append(jsonRows, obj)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	switch format {
	case "csv":
		cw := csv.NewWriter(w)
		cw.Write(cols)
		for _, r := range out {
			cw.Write(r)
		}
		cw.Flush()
		return cw.Error()
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		if jsonRows == nil {
			jsonRows = []orderedRow{}
		}
		return enc.Encode(jsonRows)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, strings.Join(cols, "\t"))
	for _, r := range out {
		fmt.Fprintln(tw, strings.Join(r, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "(%d rows)\n", len(out))
	return nil
}

func cell(v any) string {
	switch x := v.(type) {
	case nil:
		return "NULL"
	case time.Time:
		if x.Hour() == 0 && x.Minute() == 0 && x.Second() == 0 && x.Nanosecond() == 0 {
			return x.Format("2006-01-02")
		}
		return x.Format("2006-01-02 15:04:05")
	case []byte:
		return string(x)
	case fmt.Stringer:
		return x.String()
	}
	return strings.ReplaceAll(fmt.Sprint(v), "\n", " ")
}

// jsonValue keeps numbers as numbers, except decimals, which stay exact
// as JSON strings-of-digits via json.Number.
func jsonValue(v any) any {
	switch x := v.(type) {
	case nil, bool, int8, int16, int32, int64, uint8, uint16, uint32, uint64, float32, float64, string:
		return x
	case time.Time:
		return cell(x)
	case fmt.Stringer:
		s := x.String()
		if _, err := json.Number(s).Float64(); err == nil {
			return json.Number(s)
		}
		return s
	}
	return cell(v)
}

// orderedRow marshals a result row as a JSON object in column order.
type orderedRow struct {
	cols []string
	vals []any
}

func (r orderedRow) MarshalJSON() ([]byte, error) {
	var b strings.Builder
	b.WriteByte('{')
	for i, c := range r.cols {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(c)
		v, err := json.Marshal(r.vals[i])
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return []byte(b.String()), nil
}
