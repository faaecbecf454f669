package pipeline

import (
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"

	"github.com/p3dn/p3dn/extract"
)

// flushAll sends every open batch of the extract and waits until all are
// in DuckDB, so that the connection is free for the statement that follows.
func (r *run) flushAll() error {
	r.rej.flush()
	if err := r.out.flushAll(); err != nil {
		r.ins.wait()
		return err
	}
	return r.ins.wait()
}

// seenFile is a content an earlier run loaded: its hash, service, table
// and run. The files found with it are known by path, size and
// modification time (run.seen).
type seenFile struct{ sha, service, table, run string }

// sameFile and sameContent are the notes of a file skipped as seen (by
// its stat) or as a content already loaded, for a run and for Plan alike.
func (k seenFile) sameFile() string {
	return "same file (path, size, modification time) already loaded by run " + k.run
}

func (k seenFile) sameContent() string { return "same content already loaded by run " + k.run }

func statKey(path string, size, modNS int64) string {
	return fmt.Sprintf("%s\x00%d\x00%d", path, size, modNS)
}

func sizeKey(path string, size int64) string { return fmt.Sprintf("%s\x00%d", path, size) }

// opened is what a file gives before its rows are loaded: its ledger row
// so far, and either the reader of its rows (with the file, its stat and
// its hash under way) or, when done is set, the end of it (skipped,
// unreadable, unrecognised, no data) with the rejects that say why.
type opened struct {
	fr      FileResult
	done    bool
	rejects []*extract.ParseError
	before  os.FileInfo
	fh      *os.File
	dec     extract.Reader
	hashed  chan struct{} // closed when sum and hashErr are set
	sum     string
	hashErr error
}

// hash waits for the file's SHA-256 and records it in the ledger row.
func (o *opened) hash(fr *FileResult) error {
	<-o.hashed
	fr.SHA256 = o.sum
	return o.hashErr
}

// unreadable is the reject of a file that could not be read as a whole.
func unreadable(file, note string) *extract.ParseError {
	return &extract.ParseError{File: file, Offset: -1, Action: "file_unreadable", Err: errors.New(note)}
}

// openInput does the part of a file's extraction that needs no warehouse: the
// checks, the stat and the known-file test, the hash (started beside the
// read), the recognition of the source and, for a spreadsheet, the whole
// read. It changes nothing of the run, so that small files are opened
// ahead on the core the current file leaves (see prefetch).
func (r *run) openInput(f inputFile) *opened {
	o := &opened{fr: FileResult{Path: f.Rel, Bytes: f.Size}}
	fail := func(status, note string) *opened {
		o.fr.Status, o.fr.Note, o.done = status, note, true
		o.rejects = append(o.rejects, unreadable(f.Rel, note))
		return o
	}
	if f.Skip != "" {
		return fail("unrecognised", f.Skip)
	}
	lim := r.cfg.Limits
	if lim.MaxFileSize <= 0 {
		lim.MaxFileSize = extract.DefaultLimits.MaxFileSize
	}
	if f.Size > lim.MaxFileSize {
		return fail("failed", fmt.Sprintf("file of %d bytes, over --max-file-size %d", f.Size, lim.MaxFileSize))
	}
	before, err := os.Stat(f.Path)
	if err != nil {
		return fail("failed", err.Error())
	}
	o.before = before
	modNS := before.ModTime().UnixNano()
	o.fr.modNS = modNS
	if k, ok := r.seen[statKey(f.Rel, before.Size(), modNS)]; ok && r.cfg.Tahun == 0 {
		// The same path, size and modification time as a file an earlier
		// run loaded: not read again (nightly inboxes keep a year of dumps).
		o.fr.SHA256, o.fr.Service, o.fr.Table = k.sha, k.service, k.table
		o.fr.Status, o.fr.Note, o.done = "skipped", k.sameFile(), true
		return o
	}
	o.hashed = make(chan struct{})
	if r.hashFirst(f.Rel, before.Size()) {
		// The path and size of a file loaded before, with another
		// modification time: most often the same dump written again
		// (downloaded anew, copied without its times), so it is hashed
		// first, alone, rather than parsed and loaded to be rolled back
		// (the 5M-row bench's 1.26 GB e-Katalog dump: about 18 s of parsing
		// against 2.3 s of hashing).
		if h, ok := r.hashed[f.Rel]; ok && h.size == before.Size() && h.modNS == modNS {
			o.sum, o.hashErr = h.sum, h.err
		} else {
			o.sum, o.hashErr = hashFile(f.Path)
		}
		close(o.hashed)
		if k, ok := r.known[o.sum]; ok && o.hashErr == nil {
			o.fr.SHA256, o.fr.Service, o.fr.Table = o.sum, k.service, k.table
			o.fr.Status, o.fr.Note, o.done = "skipped", k.sameContent()+" (written again: another modification time)", true
			return o
		}
	} else {
		// The content hash is computed beside the read, on the core the
		// parse leaves: hashing first, alone, kept a core idle for 2 s of
		// a 1M-row extract. A file whose content an earlier run loaded
		// under another name is then read for nothing and rolled back (a
		// rare case: a nightly inbox keeps its files' paths, known above
		// without reading them).
		go func() {
			o.sum, o.hashErr = hashFile(f.Path)
			close(o.hashed)
		}()
	}
	fh, err := os.Open(f.Path)
	if err != nil {
		o.hash(&o.fr)
		return fail("failed", err.Error())
	}
	dec, err := extract.Opener{Profiles: r.cfg.Profiles, Limits: r.cfg.Limits}.Open(fh, f.Rel)
	if dec != nil && dec.Service() != nil {
		o.fr.Service, o.fr.Table = dec.Service().Name, dec.Service().Table
	}
	if err != nil {
		fh.Close()
		o.hash(&o.fr)
	}
	switch {
	case errors.Is(err, extract.ErrNotJSON), errors.Is(err, extract.ErrUnsupported):
		return fail("unrecognised", err.Error())
	case errors.Is(err, extract.ErrNoData):
		o.fr.Status, o.fr.Note, o.done = "no_data", err.Error(), true
		return o
	case err != nil:
		var pe *extract.ParseError
		if errors.As(err, &pe) {
			o.fr.Status, o.fr.Note, o.done = "failed", pe.Error(), true
			o.rejects = append(o.rejects, pe)
			return o
		}
		return fail("unrecognised", err.Error())
	}
	o.fh, o.dec = fh, dec
	return o
}

// hashFirst tells whether a file not known by its stat is hashed before it
// is read: one with the path and size of a file loaded before.
func (r *run) hashFirst(path string, size int64) bool {
	return r.sized[sizeKey(path, size)] && r.cfg.Tahun == 0
}

// hashedFile is the SHA-256 of a file hashed ahead, with the stat it was
// hashed under.
type hashedFile struct {
	size, modNS int64
	sum         string
	err         error
}

// hashAhead hashes, one worker per core, the files of the list that are
// hashed before they are read (hashFirst): when every dump of a nightly
// inbox was written again unchanged, that is the whole of the extract, and
// a 5M-row inbox's 3.9 GB took 3.3 s on one core.
func (r *run) hashAhead(files []inputFile) map[string]hashedFile {
	var todo []inputFile
	for _, f := range files {
		if f.Skip == "" && r.hashFirst(f.Rel, f.Size) {
			todo = append(todo, f)
		}
	}
	out := make(map[string]hashedFile, len(todo))
	if len(todo) < 2 {
		return out // hashed in turn
	}
	var (
		mu sync.Mutex
		wg sync.WaitGroup
	)
	next := make(chan inputFile)
	for range min(runtime.GOMAXPROCS(0), len(todo)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for f := range next {
				if r.ctx.Err() != nil {
					continue // interrupted: the run stops at its next step
				}
				st, err := os.Stat(f.Path)
				if err != nil {
					continue // left to openInput to report
				}
				if _, seen := r.seen[statKey(f.Rel, st.Size(), st.ModTime().UnixNano())]; seen {
					continue // known by its stat: not read
				}
				h := hashedFile{size: st.Size(), modNS: st.ModTime().UnixNano()}
				h.sum, h.err = hashFile(f.Path)
				mu.Lock()
				out[f.Rel] = h
				mu.Unlock()
			}
		}()
	}
	for _, f := range todo {
		next <- f
	}
	close(next)
	wg.Wait()
	return out
}

// file extracts one input file, opened ahead (o) or not (nil). Problems
// with the file are recorded in its ledger row and in rejects; they never
// stop the run.
func (r *run) file(f inputFile, o *opened) (fr FileResult) {
	if o == nil {
		o = r.openInput(f)
	}
	fr = o.fr
	if o.done {
		r.rej.write(o.rejects...)
		return fr
	}
	// Outside the file's transaction (none is open, or it was rolled back).
	fail := func(status, note string) FileResult {
		fr.Status, fr.Note = status, note
		r.rej.write(unreadable(f.Rel, note))
		return fr
	}
	before, dec := o.before, o.dec
	defer o.fh.Close()
	// Every way out records the hash in the ledger row.
	defer func() {
		if fr.SHA256 == "" {
			o.hash(&fr)
		}
	}()
	if c, ok := dec.(io.Closer); ok { // a read-ahead left before the end of the file
		defer c.Close()
	}
	yf := yearField(dec.Service())
	fr.Status = "loaded"
	if note := dec.Detection().Note; note != "" {
		fr.Note = note
	}
	// One transaction per file: a file that changes while it is read is
	// rolled back whole.
	if err := r.wh.Exec(r.ctx, "BEGIN TRANSACTION"); err != nil {
		return fail("failed", err.Error())
	}
	committed := false
	defer func() {
		if !committed {
			r.wh.Exec(r.ctx, "ROLLBACK")
		}
	}()
	rejectsBefore := r.rej.n
	for {
		row, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *extract.ParseError
			if !errors.As(err, &pe) {
				fr.Status, fr.Note = "failed", err.Error()
				break
			}
			r.rej.add(pe)
			if dec.Records() < pe.Record { // malformed JSON: the record at the break and the rest are unreadable
				fr.Read++
				fr.Rejected++
				fr.Status, fr.Note = "truncated", pe.Error()
				break
			}
			fr.Read++
			if pe.Action == extract.RowSkipped { // a subtotal row: traced, not a record
				fr.Dilewati++
			} else {
				fr.Rejected++
			}
			continue
		}
		fr.Read++
		if r.cfg.Tahun != 0 && yf != "" {
			if y := row.Get(yf); !y.Valid || y.I != int64(r.cfg.Tahun) {
				fr.Dilewati++
				continue
			}
		}
		fr.Loaded++
		r.prog.Rows(1)
		fr.Nulled += int64(len(row.Problems))
		r.rej.add(row.Problems...)
		if err := r.out.append(row); err != nil {
			fr.Status, fr.Note = "failed", err.Error()
			break
		}
	}
	if err := r.flushAll(); err != nil {
		fr.Status, fr.Note = "failed", err.Error()
	}
	if err := faultPoint("read:" + f.Path); err != nil && fr.Status != "failed" {
		fr.Status, fr.Note = "failed", err.Error()
	}
	// A file that changed while it was read, or failed part way (a read or
	// write error, not bad JSON, which truncates it), keeps nothing of
	// this read: it loaded nothing, so the next run reads it again whole.
	discard := func(status, why string) FileResult {
		r.wh.Exec(r.ctx, "ROLLBACK")
		committed = true
		r.rej.rolledBack(rejectsBefore)
		fr.Rejected, fr.Loaded, fr.Nulled = fr.Read-fr.Dilewati, 0, 0
		fr.Status, fr.Note = status, why+": nothing of it was loaded; it is read again by the next run"
		r.rej.write(unreadable(f.Rel, fr.Note))
		return fr
	}
	if after, err := os.Stat(f.Path); err != nil || after.Size() != before.Size() || !after.ModTime().Equal(before.ModTime()) {
		return discard("changed", "the file changed while it was being read")
	}
	if fr.Status == "failed" {
		return discard("failed", fr.Note)
	}
	// Neither a file whose hash could not be read nor one loaded before
	// under another name keeps anything of this read (rolled back).
	hashErr := o.hash(&fr)
	k, known := r.known[fr.SHA256]
	if hashErr != nil || known && (r.cfg.Tahun == 0 || yf == "") {
		r.wh.Exec(r.ctx, "ROLLBACK")
		committed = true
		r.rej.rolledBack(rejectsBefore)
		fr.Read, fr.Loaded, fr.Rejected, fr.Nulled, fr.Dilewati = 0, 0, 0, 0, 0
		if hashErr != nil {
			return fail("failed", hashErr.Error())
		}
		fr.Status, fr.Note = "skipped", k.sameContent()
		return fr
	}
	if err := r.wh.Exec(r.ctx, "COMMIT"); err != nil {
		fr.Status, fr.Note = "failed", err.Error()
		return fr
	}
	committed = true
	if n, ok := dec.(interface{ Notes() []*extract.ParseError }); ok {
		for _, pe := range n.Notes() {
			r.rej.write(pe)
			fr.Note = strings.TrimPrefix(fr.Note+"; "+pe.Err.Error(), "; ")
		}
	}
	return fr
}

// Small files are opened ahead of their turn: a regional export is mostly
// opening (an XLSX is read whole, its header matched against every
// profile), which ran on one core while the other waited (a tenth of a
// 5M-row extract went to 2 % of its rows, in 94 small SIPD files). At most
// prefetchFiles are opened and not yet loaded, each of at most
// prefetchBytes; larger files are opened in turn (their rows are parsed by
// the read-ahead's workers already).
const (
	prefetchFiles = 2
	prefetchBytes = 4 << 20
)

// prefetch opens the small files of the list ahead, in order, and returns
// the function that hands out file i opened (nil for a file not opened
// ahead, which file opens itself). Every file opened ahead must be taken.
func (r *run) prefetch(files []inputFile) func(i int) *opened {
	slots := make([]chan *opened, len(files))
	var ahead []int
	for i, f := range files {
		if f.Skip == "" && f.Size <= prefetchBytes {
			slots[i] = make(chan *opened, 1)
			ahead = append(ahead, i)
		}
	}
	free := make(chan struct{}, prefetchFiles)
	go func() {
		for _, i := range ahead {
			free <- struct{}{}
			go func() { slots[i] <- r.openInput(files[i]) }()
		}
	}()
	return func(i int) *opened {
		if slots[i] == nil {
			return nil
		}
		o := <-slots[i]
		<-free
		return o
	}
}
