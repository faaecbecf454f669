package pipeline

import (
	"context"
	"database/sql"
)

// loaded is what the ledger (source_files) knows of the contents earlier
// runs loaded, for an incremental run and for Plan.
type loaded struct {
	known map[string]seenFile // sha256 -> the content's first load
	seen  map[string]seenFile // path, size and modification time -> the content found there (statKey)
	sized map[string]bool     // path and size of a file found with a loaded content (sizeKey)
}

// readLoaded reads the ledger through query (a warehouse's or a read-only
// connection's).
func readLoaded(ctx context.Context, query func(context.Context, string, ...any) (*sql.Rows, error)) (loaded, error) {
	l := loaded{known: map[string]seenFile{}, seen: map[string]seenFile{}, sized: map[string]bool{}}
	// The contents loaded so far, by hash: the first row of each that
	// loaded its records (a truncated file's up to where it broke off). A
	// file that failed, was not recognised or changed while it was read
	// loaded nothing: the next run reads it again (a profile added since,
	// a disk no longer full).
	rows, err := query(ctx, `SELECT sha256, min(run_id), arg_min(coalesce(service, ''), run_id), arg_min(coalesce(tabel, ''), run_id)
		FROM source_files WHERE status IN ('loaded', 'truncated') AND sha256 <> '' GROUP BY sha256`)
	if err != nil {
		return l, err
	}
	for rows.Next() {
		var k seenFile
		if err := rows.Scan(&k.sha, &k.run, &k.service, &k.table); err != nil {
			rows.Close()
			return l, err
		}
		l.known[k.sha] = k
	}
	if err := errorsOf(rows); err != nil {
		return l, err
	}
	// Every path, size and modification time a run found with one of those
	// contents, skipped ones too: a dump written again with the same bytes
	// (downloaded anew, copied without its times) is hashed on the first
	// night after and known by its stat from then on, not read every night.
	rows, err = query(ctx, `SELECT path, bytes, waktu_ubah_ns, arg_min(sha256, run_id) FROM source_files
		WHERE sha256 <> '' AND waktu_ubah_ns IS NOT NULL GROUP BY ALL`)
	if err != nil {
		return l, err
	}
	for rows.Next() {
		var path, sha string
		var size, mod int64
		if err := rows.Scan(&path, &size, &mod, &sha); err != nil {
			rows.Close()
			return l, err
		}
		if k, ok := l.known[sha]; ok {
			l.seen[statKey(path, size, mod)] = k
			l.sized[sizeKey(path, size)] = true
		}
	}
	return l, errorsOf(rows)
}

// errorsOf closes rows and returns the error that ended them, if any.
func errorsOf(rows *sql.Rows) error {
	err := rows.Err()
	rows.Close()
	return err
}
