package extract

import (
	"flag"
	"fmt"
	"os"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite golden files and generated docs")

// TestSourcesDoc keeps docs/sources.md, the column list of every staging
// table, equal to the service specs. Regenerate with
// go test ./extract -run TestSourcesDoc -update.
func TestSourcesDoc(t *testing.T) {
	var b strings.Builder
	b.WriteString("# ISB sources and their staging tables\n\n")
	b.WriteString("Generated from `extract/services.go` by `go test ./extract -run TestSourcesDoc -update`; do not edit.\n\n")
	b.WriteString("Every file is recognised by its content: the keys of its first record are compared with each service's\n")
	b.WriteString("fields (Jaccard similarity); the file name only breaks near-ties. Each staging table also has\n")
	b.WriteString("`_source_file` (file, relative to the inbox), `_record` (1-based position in the file) and `_lainnya`\n")
	b.WriteString("(JSON object of keys the service does not declare, so that nothing in a record is lost).\n")
	b.WriteString("A field marked **key** is the business key: a record without it is rejected; any other bad value is\n")
	b.WriteString("loaded as NULL and listed in `rejects` (`tindakan = 'value_nulled'`).\n\n")
	for _, s := range AllSources() {
		fmt.Fprintf(&b, "## %s → `%s`\n\n| column | type | note |\n|---|---|---|\n", s.Name, s.Table)
		for _, f := range s.Fields {
			note := ""
			if f.Key {
				note = "key"
			}
			if f.Kind == KindID {
				note = strings.TrimPrefix(note+"; code kept as text", "; ")
			}
			fmt.Fprintf(&b, "| `%s` | %s | %s |\n", f.Name, f.Kind.SQLType(), note)
		}
		b.WriteString("\n")
	}
	const path = "../docs/sources.md"
	if *update {
		if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile(path)
	if err != nil || string(got) != b.String() {
		t.Errorf("%s is out of date: run go test ./extract -run TestSourcesDoc -update (%v)", path, err)
	}
}
