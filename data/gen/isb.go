// Package gen writes generated dumps in the real ISB JSON formats: the
// bundled DKI Jakarta 2023 sample, deterministic to the byte.
package gen

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
)

// kv is one key of a record; records keep the ISB key order.
type kv struct {
	k string
	v any
}

// rec is one ISB record.
type rec []kv

// money is a rupiah amount in cents written as a JSON int or float, as ISB
// does (LKPP_FORMATS quirk 1).
type money int64

func (m money) MarshalJSON() ([]byte, error) {
	if m%100 == 0 {
		return []byte(fmt.Sprint(int64(m) / 100)), nil
	}
	return []byte(fmt.Sprintf("%d.%02d", int64(m)/100, int64(m)%100)), nil
}

// writeArray writes records as a bare JSON array indented like the ISB
// dumps in ../shared/samples.
func writeArray(path string, recs []rec) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	w.WriteString("[")
	for i, r := range recs {
		if i > 0 {
			w.WriteString(",")
		}
		w.WriteString("\n    {")
		for j, p := range r {
			if j > 0 {
				w.WriteString(",")
			}
			k, _ := json.Marshal(p.k)
			v, err := json.Marshal(p.v)
			if err != nil {
				f.Close()
				return fmt.Errorf("%s: %s: %w", path, p.k, err)
			}
			fmt.Fprintf(w, "\n        %s: %s", k, v)
		}
		w.WriteString("\n    }")
	}
	w.WriteString("\n]\n")
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// split divides total into n positive parts with the given relative
// weights; the parts add up to total exactly.
func split(total int64, weights []int64) []int64 {
	var sum int64
	for _, w := range weights {
		sum += w
	}
	out := make([]int64, len(weights))
	var used int64
	for i, w := range weights {
		out[i] = total / sum * w
		used += out[i]
	}
	out[len(out)-1] += total - used
	return out
}

func writeAll(dir string, files map[string][]rec) ([]string, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	var names []string
	for name := range files {
		names = append(names, name)
	}
	sort.Strings(names)
	var out []string
	for _, name := range names {
		p := filepath.Join(dir, name)
		if err := writeArray(p, files[name]); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, nil
}
