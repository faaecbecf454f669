package pipeline

import (
	"cmp"
	"errors"
	"fmt"
	"runtime"
	"sync"
	"time"

	"github.com/apache/arrow-go/v18/arrow"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
	"github.com/p3dn/p3dn/transform"
)

// deriver derives sources, and slices of large ones, on one worker per
// core (at most maxWorkers), all of their rows through one inserter into
// one DuckDB transaction of its connection. Sources are added as they
// become ready (a full run adds them while the extract goes on); finish
// waits for every one.
type deriver struct {
	r   *run
	wh  *load.Warehouse
	ins *inserter
	reg *transform.RegistryIndex
	sc  transform.Scope

	mu     sync.Mutex
	cond   *sync.Cond
	queue  []transform.Source
	closed bool
	err    error
	total  int64
	wg     sync.WaitGroup
}

// startDerive opens the transaction on wh and starts the workers.
func (r *run) startDerive(wh *load.Warehouse, ins *inserter, reg *transform.RegistryIndex, sc transform.Scope) (*deriver, error) {
	// One transaction for all derived rows: committing every batch on its
	// own writes each to the WAL and checkpoints again and again.
	if err := wh.Exec(r.ctx, "BEGIN TRANSACTION"); err != nil {
		return nil, err
	}
	d := &deriver{r: r, wh: wh, ins: ins, reg: reg, sc: sc}
	d.cond = sync.NewCond(&d.mu)
	for range min(runtime.GOMAXPROCS(0), maxWorkers) {
		d.wg.Add(1)
		go d.work()
	}
	return d, nil
}

// add queues the sources of transform.AllSources at the indexes given,
// each cut in slices of business keys when the scope is whole: the driver
// holds a whole query result in memory, outside DuckDB's limit.
func (d *deriver) add(idx ...int) error {
	all := transform.AllSources(d.sc)
	for _, i := range idx {
		src := all[i]
		var bounds []string
		if d.sc.Keys == "" && src.Key != "" {
			rows := sliceRows
			if src.Regional {
				rows = max(sliceRows/regionalShare, 1)
			}
			var err error
			if bounds, err = d.r.keyBounds(src.Table, src.Key, rows); err != nil {
				err = fmt.Errorf("transform %s: %w", src.Service.Name, err)
				d.mu.Lock()
				d.err = cmp.Or(d.err, err)
				d.mu.Unlock()
				return err
			}
		}
		jobs := make([]transform.Source, 0, len(bounds)+1)
		for j := 0; j <= len(bounds); j++ {
			part := d.sc
			if j > 0 {
				part.From = bounds[j-1]
			}
			if j < len(bounds) {
				part.To = bounds[j]
			}
			jobs = append(jobs, transform.AllSources(part)[i])
		}
		d.mu.Lock()
		d.queue = append(d.queue, jobs...)
		d.mu.Unlock()
		d.cond.Broadcast()
	}
	return nil
}

// failed returns the first error of a worker or of the inserter.
func (d *deriver) failed() error {
	d.mu.Lock()
	defer d.mu.Unlock()
	return errors.Join(d.err, d.ins.failed())
}

// work derives queued slices until the queue is closed and empty.
func (d *deriver) work() {
	defer d.wg.Done()
	out := newBatches(d.r.cfg.BatchRows, d.r.mem, d.ins)
	for {
		d.mu.Lock()
		for len(d.queue) == 0 && !d.closed {
			d.cond.Wait()
		}
		if len(d.queue) == 0 {
			d.mu.Unlock()
			return
		}
		src := d.queue[0]
		d.queue = d.queue[1:]
		failed := d.err != nil
		d.mu.Unlock()
		if failed {
			continue
		}
		start := time.Now()
		err := faultPoint("derive")
		var n int64
		if err == nil {
			n, err = d.r.deriveSource(src, out, d.reg)
		}
		if err == nil {
			err = out.flushAll()
		}
		// What the slice's query allocated in DuckDB is free.
		load.ReleaseMemory()
		d.mu.Lock()
		d.total += n
		if err != nil && d.err == nil {
			d.err = fmt.Errorf("transform %s: %w", src.Service.Name, err)
		}
		d.mu.Unlock()
		d.r.log.Info("source derived", "source", src.Service.Name, "transaksi", n, "seconds", time.Since(start).Seconds())
	}
}

// finish waits for every queued slice and its rows in DuckDB, records the
// derivation in p3dn_meta and commits (or, after an error, rolls back). It
// returns the number of transactions derived.
func (d *deriver) finish() (int64, error) {
	d.mu.Lock()
	d.closed = true
	d.mu.Unlock()
	d.cond.Broadcast()
	d.wg.Wait()
	err := errors.Join(d.err, d.ins.wait())
	if err == nil {
		err = d.wh.Exec(d.r.ctx, "INSERT OR REPLACE INTO p3dn_meta VALUES ('turunan', ?)", derivation(d.r.cfg.Version))
	}
	if err != nil {
		d.wh.Exec(d.r.ctx, "ROLLBACK")
		return d.total, err
	}
	start := time.Now()
	if err := d.wh.Exec(d.r.ctx, "COMMIT"); err != nil {
		return d.total, err
	}
	// The commit may checkpoint (DuckDB does past its WAL threshold): on a
	// large warehouse that is a visible part of a nightly run.
	d.r.log.Info("derived rows committed", "seconds", time.Since(start).Seconds())
	return d.total, nil
}

// abort stops the derive of a run that failed elsewhere: the queued slices
// are dropped and the transaction rolled back.
func (d *deriver) abort() {
	d.mu.Lock()
	d.err = cmp.Or(d.err, errors.New("the run stopped"))
	d.mu.Unlock()
	d.finish()
}

// maxWorkers bounds the transform's workers, and so its memory: each holds
// one slice of a query result.
const maxWorkers = 2

// deriveSource reads one source query and appends its transactions and
// product lines to out.
func (r *run) deriveSource(src transform.Source, out *batches, reg *transform.RegistryIndex) (n int64, err error) {
	// A mapping that reads a field its query did not select is a bug in
	// p3dn: the run fails with it instead of crashing.
	defer func() {
		if p := recover(); p != nil {
			e, ok := p.(*extract.UnselectedFieldError)
			if !ok {
				panic(p)
			}
			err = e
		}
	}()
	packages := &transform.Packages{Registry: reg}
	add := func(t *extract.Row) error {
		if t == nil {
			return nil
		}
		n++
		if err := out.append(t); err != nil {
			return err
		}
		if r.scoped {
			if err := out.append(derivedRow(t)); err != nil {
				return err
			}
		}
		for _, link := range transform.RUPLinks(t) {
			if err := out.append(link); err != nil {
				return err
			}
		}
		return nil
	}
	err = r.wh.QueryArrow(r.ctx, src.Query, func(rec arrow.RecordBatch) error {
		return extract.RowsFromArrow(src.Service, rec, func(row *extract.Row) error {
			var t *extract.Row
			switch {
			case src.Items:
				item, done := packages.Add(row)
				if err := out.append(item); err != nil {
					return err
				}
				t = done
			case src.Regional:
				var item *extract.Row
				t, item = transform.Regional(row, reg)
				if err := out.append(item); err != nil {
					return err
				}
			default:
				t, _ = transform.FromRow(row)
			}
			return add(t)
		})
	})
	if err == nil && src.Items {
		err = add(packages.Flush())
	}
	return n, err
}
