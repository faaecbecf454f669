// Package data holds what p3dn ships besides code: the mapping profiles of
// regional spreadsheets (profiles/*.json), the generator (gen/) and the
// bundled sample (sample/).
package data

import "embed"

// Profiles are the built-in mapping profiles. Users add their own with
// `p3dn run --profiles DIR`, no rebuild needed.
//
//go:embed profiles/*.json
var Profiles embed.FS
