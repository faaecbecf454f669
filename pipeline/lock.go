package pipeline

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// lock takes the warehouse's run lock: an flock(2) on WAREHOUSE.lock that
// holds the PID. The kernel drops it when the process dies, even by
// SIGKILL, so a crashed run never blocks the next one. With wait > 0 it
// waits that long for a running run to finish.
func lock(ctx context.Context, warehouse string, wait time.Duration) (func(), error) {
	if err := os.MkdirAll(filepath.Dir(warehouse), 0o755); err != nil {
		return nil, err
	}
	path := warehouse + ".lock"
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE, 0o644)
	if err != nil {
		return nil, fmt.Errorf("lock file %s: %w", path, err)
	}
	deadline := time.Now().Add(wait)
	for {
		err = syscall.Flock(int(f.Fd()), syscall.LOCK_EX|syscall.LOCK_NB)
		if err == nil {
			break
		}
		if time.Now().After(deadline) || ctx.Err() != nil {
			b, _ := os.ReadFile(path)
			f.Close()
			holder := strings.TrimSpace(string(b))
			if holder == "" {
				holder = "unknown"
			}
			return nil, fmt.Errorf("%w on %s (PID %s); wait for it to finish, or pass --wait", ErrLocked, warehouse, holder)
		}
		time.Sleep(200 * time.Millisecond)
	}
	f.Truncate(0)
	f.WriteAt([]byte(strconv.Itoa(os.Getpid())+"\n"), 0)
	return func() {
		f.Truncate(0)
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// stateRecord is WAREHOUSE.run.json: where the current run is. A record
// left behind says how the previous run ended: killed (status running)
// or failed.
type stateRecord struct {
	RunID   string    `json:"run_id"`
	Started time.Time `json:"started"`
	PID     int       `json:"pid"`
	Version string    `json:"version"`
	Inbox   string    `json:"inbox"`
	Stage   string    `json:"stage"`
	Status  string    `json:"status"`
	Error   string    `json:"error,omitempty"`
}

type runState struct {
	path     string
	cur      stateRecord
	previous *stateRecord
}

func startState(warehouse string, res *Result) *runState {
	s := &runState{path: warehouse + ".run.json"}
	if b, err := os.ReadFile(s.path); err == nil {
		var p stateRecord
		if json.Unmarshal(b, &p) == nil && p.RunID != "" {
			s.previous = &p
		}
	}
	inbox, _ := filepath.Abs(".")
	s.cur = stateRecord{RunID: res.RunID, Started: res.Started, PID: os.Getpid(), Stage: "open", Status: "running", Inbox: inbox}
	s.write()
	return s
}

func (s *runState) setRun(version, inbox string) {
	s.cur.Version, s.cur.Inbox = version, inbox
	s.write()
}

func (s *runState) stage(name string) {
	s.cur.Stage = name
	s.write()
}

func (s *runState) fail(err error) {
	s.cur.Status, s.cur.Error = "failed", err.Error()
	s.write()
}

func (s *runState) done() { os.Remove(s.path) }

func (s *runState) write() {
	b, _ := json.Marshal(s.cur)
	tmp := s.path + ".tmp"
	if os.WriteFile(tmp, b, 0o644) == nil {
		os.Rename(tmp, s.path)
	}
}

// crashPoint kills the process at a named point when P3DN_CRASH_AT names
// it: the crash-safety tests use it to die with SIGKILL exactly there.
func crashPoint(name string) {
	if at := os.Getenv("P3DN_CRASH_AT"); at != "" && at == name {
		syscall.Kill(os.Getpid(), syscall.SIGKILL)
		time.Sleep(time.Minute)
	}
}

// faultPoint injects a fault when P3DN_FAULT names this point, for the
// fault tests: "enospc:<stage>" fails the stage as a full disk would;
// "changed:<file>" appends to an input file right after it was read, as a
// writer racing the run would.
func faultPoint(point string) error {
	f := os.Getenv("P3DN_FAULT")
	if f == "" {
		return nil
	}
	if f == "enospc:"+point {
		return fmt.Errorf("write %s: %w (injected by P3DN_FAULT)", point, syscall.ENOSPC)
	}
	if path, ok := strings.CutPrefix(f, "changed:"); ok && strings.HasSuffix(point, path) && strings.HasPrefix(point, "read:") {
		fh, err := os.OpenFile(strings.TrimPrefix(point, "read:"), os.O_APPEND|os.O_WRONLY, 0)
		if err == nil {
			fh.WriteString("\n")
			fh.Close()
		}
	}
	return nil
}
