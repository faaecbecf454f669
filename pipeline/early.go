package pipeline

import (
	"bufio"
	"cmp"
	"errors"
	"fmt"
	"os"
	"slices"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/transform"
)

// A full run derives each source as soon as the staging tables it reads
// are extracted, while the extract of the other files goes on: the two
// stages each left a quarter to a third of the two cores idle one after
// the other. So it extracts the files in an order that makes sources ready
// early (extractOrder), and follows which tables are complete (readiness).

// registryTable is the staging table of the TKDN certificates, which every
// source's mapping reads.
const registryTable = "sertifikat_tkdn"

// sniffTable returns the staging table of an ISB JSON file from its first
// record ("" when the file is not JSON or not recognised: its table is
// known only once it is read).
func sniffTable(f inputFile) string {
	if f.Skip != "" {
		return ""
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		return ""
	}
	defer fh.Close()
	br := bufio.NewReaderSize(fh, 4096)
	head, _ := br.Peek(4096)
	if extract.Sniff(head) != extract.FormatJSON {
		return ""
	}
	d, err := extract.NewDecoder(br, f.Rel)
	if err != nil || d.Service() == nil {
		return ""
	}
	return d.Service().Table
}

// extractOrder returns the files in the order a full run extracts them,
// with the staging table of each known ahead ("" for the files known only
// once read):
//  1. the files known only once read, in name order (spreadsheets, CSV,
//     HTML: among them the TKDN registry and the regional rows);
//  2. the JSON files of the tables every transaction may depend on (the
//     e-Katalog product and provider masters, the SiRUP work units);
//  3. the JSON files of each source, the source reading the most bytes
//     first: its derive is the longest, and runs beside the extract of
//     the rest;
//  4. the JSON files no source reads (SiRUP packages), which leave the
//     derive the cores to catch up.
func extractOrder(files []inputFile, sources []transform.Source) ([]inputFile, []string) {
	table := make([]string, len(files))
	bytes := map[string]int64{}
	for i, f := range files {
		table[i] = sniffTable(f)
		bytes[table[i]] += f.Size
	}
	// The rank of each table: 0 unknown, 1 global, 2+ by source, then last.
	rank := map[string]int{"": 0}
	for t := range globalTables {
		rank[t] = 1
	}
	weight := func(s transform.Source) int64 {
		var n int64
		for _, t := range s.Reads {
			if _, ranked := rank[t]; !ranked {
				n += bytes[t]
			}
		}
		return n
	}
	bySize := slices.Clone(sources)
	slices.SortStableFunc(bySize, func(a, b transform.Source) int { return cmp.Compare(weight(b), weight(a)) })
	next := 2
	for _, s := range bySize {
		for _, t := range s.Reads {
			if _, ok := rank[t]; !ok {
				rank[t] = next
				next++
			}
		}
	}
	idx := make([]int, len(files))
	for i := range idx {
		idx[i] = i
	}
	rankOf := func(i int) int {
		if r, ok := rank[table[i]]; ok {
			return r
		}
		return next
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(rankOf(a), rankOf(b)) })
	out := make([]inputFile, len(files))
	outTable := make([]string, len(files))
	for j, i := range idx {
		out[j], outTable[j] = files[i], table[i]
	}
	return out, outTable
}

// readiness follows which staging tables are complete as the files are
// extracted in order: a table is complete once every file known to feed
// it and every file whose table is unknown have been extracted.
type readiness struct {
	left    map[string]int // files not yet extracted, by table ("" unknown)
	sources []transform.Source
	started []bool
}

func newReadiness(tables []string, sources []transform.Source) *readiness {
	rd := &readiness{left: map[string]int{}, sources: sources, started: make([]bool, len(sources))}
	for _, t := range tables {
		rd.left[t]++
	}
	return rd
}

func (rd *readiness) complete(table string) bool {
	return rd.left[""] == 0 && rd.left[table] == 0
}

// extracted marks a file of table done and returns the indexes of the
// sources that are ready now and were not before (none until the registry
// is complete).
func (rd *readiness) extracted(table string) []int {
	rd.left[table]--
	if !rd.complete(registryTable) {
		return nil
	}
	var ready []int
	for i, s := range rd.sources {
		if !rd.started[i] && !slices.ContainsFunc(s.Reads, func(t string) bool { return !rd.complete(t) }) {
			rd.started[i] = true
			ready = append(ready, i)
		}
	}
	return ready
}

// rest returns the indexes of the sources not started yet.
func (rd *readiness) rest() []int {
	var out []int
	for i := range rd.sources {
		if !rd.started[i] {
			rd.started[i] = true
			out = append(out, i)
		}
	}
	return out
}

// earlyDerive is a full run's derive beside its extract: on a warehouse
// session of its own (the extract commits file by file on the run's
// connection), started once the TKDN registry is extracted, fed the
// sources as their tables complete.
type earlyDerive struct {
	r    *run
	rd   *readiness
	sess *load.Warehouse
	ins  *inserter
	d    *deriver
	done bool
}

func (r *run) newEarlyDerive(tables []string) *earlyDerive {
	return &earlyDerive{r: r, rd: newReadiness(tables, transform.AllSources(transform.Scope{}))}
}

// extracted is called after each file, with the table it was planned for:
// it queues the sources ready now, starting the derive at the first.
func (e *earlyDerive) extracted(table string) error {
	if ready := e.rd.extracted(table); len(ready) > 0 {
		if err := e.start(); err != nil {
			return err
		}
		if err := e.d.add(ready...); err != nil {
			return err
		}
	}
	if e.d != nil {
		return e.d.failed()
	}
	return nil
}

func (e *earlyDerive) start() error {
	if e.d != nil {
		return nil
	}
	reg, err := e.r.registry()
	if err != nil {
		return fmt.Errorf("read the TKDN registry: %w", err)
	}
	if e.sess, err = e.r.wh.Session(e.r.ctx); err != nil {
		return err
	}
	e.ins = newInserter(e.r.ctx, e.sess)
	e.d, err = e.r.startDerive(e.sess, e.ins, reg, transform.Scope{})
	return err
}

// finish derives the sources left once every file is extracted, waits for
// all and commits; it returns the number of transactions derived.
func (e *earlyDerive) finish() (int64, error) {
	if err := e.start(); err != nil {
		return 0, err
	}
	err := e.d.add(e.rd.rest()...)
	n, ferr := e.d.finish()
	e.done = true
	return n, errors.Join(err, ferr, e.close())
}

// close ends the session: a derive not finished is rolled back. It may be
// called more than once.
func (e *earlyDerive) close() error {
	if e.d != nil && !e.done {
		e.done = true
		e.d.abort()
	}
	var err error
	if e.ins != nil {
		e.ins.close()
		e.ins = nil
	}
	if e.sess != nil {
		err = e.sess.Close()
		e.sess = nil
	}
	return err
}
