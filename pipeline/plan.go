package pipeline

import (
	"context"
	"errors"
	"fmt"
	"os"

	"github.com/p3dn/p3dn/extract"
	"github.com/p3dn/p3dn/load"
)

// PlanEntry says what a run would do with one file.
type PlanEntry struct {
	Path, Action, Service, Why string
}

// Plan lists what `p3dn run` would do with each file of the inbox, without
// changing anything: load (a new file, with its recognised service), skip
// (the same file or content already loaded: a file known by its path, size
// and modification time is not read, as in a run) or report (unreadable,
// unrecognised, no data).
func Plan(ctx context.Context, cfg Config) ([]PlanEntry, error) {
	files, err := discover(cfg.Inbox)
	if err != nil {
		return nil, err
	}
	if cfg.Profiles == nil {
		if cfg.Profiles, err = extract.BuiltinProfiles(); err != nil {
			return nil, err
		}
	}
	var lf loaded
	if _, err := os.Stat(cfg.Warehouse); err == nil && !cfg.FullRefresh {
		db, err := load.Open(ctx, cfg.Warehouse, true)
		if err != nil {
			return nil, err
		}
		lf, err = readLoaded(ctx, db.QueryContext)
		db.Close()
		if err != nil {
			return nil, fmt.Errorf("read the ledger of %s: %w", cfg.Warehouse, err)
		}
	}
	var out []PlanEntry
	for _, f := range files {
		e := PlanEntry{Path: f.Rel}
		if f.Skip != "" {
			e.Action, e.Why = "report", f.Skip
			out = append(out, e)
			continue
		}
		st, err := os.Stat(f.Path)
		if err != nil {
			e.Action, e.Why = "report", err.Error()
			out = append(out, e)
			continue
		}
		if k, ok := lf.seen[statKey(f.Rel, st.Size(), st.ModTime().UnixNano())]; ok && cfg.Tahun == 0 {
			// as run does: not read
			e.Service, e.Action, e.Why = k.service, "skip", k.sameFile()
			out = append(out, e)
			continue
		}
		sum, err := hashFile(f.Path)
		if err != nil {
			e.Action, e.Why = "report", err.Error()
			out = append(out, e)
			continue
		}
		fh, err := os.Open(f.Path)
		if err != nil {
			e.Action, e.Why = "report", err.Error()
			out = append(out, e)
			continue
		}
		dec, err := extract.Opener{Profiles: cfg.Profiles}.Open(fh, f.Rel)
		fh.Close()
		switch {
		case errors.Is(err, extract.ErrNoData):
			e.Action, e.Why = "report", "no data: "+err.Error()
		case err != nil:
			e.Action, e.Why = "report", err.Error()
		default:
			e.Service = dec.Service().Name
			if k, ok := lf.known[sum]; ok && (cfg.Tahun == 0 || yearField(dec.Service()) == "") {
				e.Action, e.Why = "skip", k.sameContent()
			} else {
				e.Action, e.Why = "load", "new content, recognised as "+e.Service
				if note := dec.Detection().Note; note != "" {
					e.Why += " (" + note + ")"
				}
			}
		}
		out = append(out, e)
	}
	return out, nil
}

// Rollback puts the previous warehouse and lake back, under the run lock.
func Rollback(ctx context.Context, warehouse, lake string) error {
	unlock, err := lock(ctx, warehouse, 0)
	if err != nil {
		return err
	}
	defer unlock()
	return load.Rollback(warehouse, lake)
}
