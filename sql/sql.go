// Package sql holds the warehouse's DDL, model and views as .sql files,
// embedded and applied in file-name order: schema/ before the load,
// model/ after it (derived tables, then views).
package sql

import (
	"embed"
	"io/fs"
	"sort"
)

//go:embed schema/*.sql model/*.sql
var files embed.FS

// Script is one embedded SQL file.
type Script struct {
	Name string
	Text string
}

// Phase returns the scripts of a phase ("schema" or "model") in order.
func Phase(phase string) ([]Script, error) {
	names, err := fs.Glob(files, phase+"/*.sql")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	out := make([]Script, 0, len(names))
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		out = append(out, Script{Name: n, Text: string(b)})
	}
	return out, nil
}
