package report

import (
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// csvWriter writes one UTF-8 CSV per sheet (with a byte-order mark, so that
// Excel reads the Indonesian text right), numbers in machine form.
type csvWriter struct {
	dir string
	f   *os.File
	w   *csv.Writer
	n   int
}

func (c *csvWriter) begin(sh Sheet, part int) error {
	c.n++
	name := strings.ToLower(strings.ReplaceAll(sheetName(sh.Name, part), " ", "_"))
	name = strings.NewReplacer("(", "", ")", "").Replace(name)
	f, err := os.Create(filepath.Join(c.dir, fmt.Sprintf("%02d_%s.csv", c.n, name)))
	if err != nil {
		return err
	}
	f.WriteString("\ufeff")
	c.f, c.w = f, csv.NewWriter(f)
	head := make([]string, len(sh.Columns))
	for i, col := range sh.Columns {
		head[i] = col.Header
	}
	return c.w.Write(head)
}

func (c *csvWriter) row(vals []cell) error {
	rec := make([]string, len(vals))
	for i, v := range vals {
		if !v.null {
			rec[i] = Neutralise(v.text)
		}
	}
	return c.w.Write(rec)
}

func (c *csvWriter) end(int) error {
	c.w.Flush()
	if err := c.w.Error(); err != nil {
		c.f.Close()
		return err
	}
	return c.f.Close()
}

func (c *csvWriter) close(string) error { return nil }
