//go:build !linux

package load

import "errors"

// reflink is FICLONE on Linux; elsewhere the copy falls back to the spare
// or a full copy (where copy_file_range or the OS may still share extents).
func reflink(src, dst string) error { return errors.ErrUnsupported }
