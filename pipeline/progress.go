package pipeline

import (
	"fmt"
	"io"
	"os"
	"sync"
	"time"
)

// Progress receives a run's progress. The terminal printer draws one line;
// elsewhere the JSON logs carry the same events.
type Progress interface {
	Stage(name string)
	File(path string, n, total int)
	Rows(n int64)
	Done()
}

type noProgress struct{}

func (noProgress) Stage(string)          {}
func (noProgress) File(string, int, int) {}
func (noProgress) Rows(int64)            {}
func (noProgress) Done()                 {}

// IsTerminal reports whether f is a character device (a terminal).
func IsTerminal(f *os.File) bool {
	st, err := f.Stat()
	return err == nil && st.Mode()&os.ModeCharDevice != 0
}

// TerminalProgress redraws one status line: stage, file n/total, rows and
// rows per second.
type TerminalProgress struct {
	mu      sync.Mutex
	w       io.Writer
	stage   string
	file    string
	n, tot  int
	rows    int64
	start   time.Time
	lastOut time.Time
}

// NewTerminalProgress writes to w (usually os.Stderr).
func NewTerminalProgress(w io.Writer) *TerminalProgress {
	return &TerminalProgress{w: w, start: time.Now()}
}

func (p *TerminalProgress) Stage(name string) {
	p.mu.Lock()
	p.stage = name
	p.mu.Unlock()
	p.draw(true)
}

func (p *TerminalProgress) File(path string, n, total int) {
	p.mu.Lock()
	p.file, p.n, p.tot = path, n, total
	p.mu.Unlock()
	p.draw(true)
}

func (p *TerminalProgress) Rows(n int64) {
	p.mu.Lock()
	p.rows += n
	p.mu.Unlock()
	p.draw(false)
}

func (p *TerminalProgress) Done() {
	p.draw(true)
	fmt.Fprintln(p.w)
}

func (p *TerminalProgress) draw(force bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	now := time.Now()
	if !force && now.Sub(p.lastOut) < 100*time.Millisecond {
		return
	}
	p.lastOut = now
	rate := float64(p.rows) / now.Sub(p.start).Seconds()
	line := fmt.Sprintf("[%s] %d/%d %s  %d rows  %.0f rows/s", p.stage, p.n, p.tot, p.file, p.rows, rate)
	if len(line) > 118 {
		line = line[:118]
	}
	fmt.Fprintf(p.w, "\r%-120s", line)
}
