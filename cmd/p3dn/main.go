// Command p3dn is the P3DN batch ETL: it loads LKPP, Kemenperin and
// regional procurement dumps into a DuckDB warehouse and a Parquet lake and
// measures domestic-product realisation against commitment.
package main

import (
	"fmt"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"sort"

	"github.com/p3dn/p3dn/pipeline"
)

// goMemoryLimit is the Go runtime's soft memory limit unless GOMEMLIMIT
// says otherwise.
const goMemoryLimit = 256 << 20

// defaultMemoryLimit is DuckDB's memory_limit unless --memory-limit says
// otherwise. DuckDB's process memory runs ~400 MB past it at national
// scale (its unaccounted allocations), and p3dn's heap adds ~150 MB: at
// 512MB a 5M-row run peaked at 990-1,044 MB, at 448MB at 910 MB, no slower.
const defaultMemoryLimit = "448MB"

// version is set at build time with -ldflags "-X main.version=...".
var version = "dev"

type command struct {
	summary string
	run     func(args []string) int
}

var commands = map[string]command{
	"run":      {"extract, classify and load the inbox into the warehouse and lake", cmdRun},
	"query":    {"run SQL on the warehouse (read-only)", cmdQuery},
	"gen":      {"write generated sample dumps in the real ISB formats", cmdGen},
	"extract":  {"extract one share of K/L/PDs into Parquet partitions (no warehouse)", cmdExtract},
	"load":     {"build the warehouse from the partitions of p3dn extract", cmdLoad},
	"report":   {"write the ministry workbook (XLSX or CSV)", cmdReport},
	"version":  {"print the version", cmdVersion},
	"plan":     {"list which inbox files a run would load or skip, and why, changing nothing", cmdPlan},
	"status":   {"print the last runs from the ledger", cmdStatus},
	"rollback": {"put the previous warehouse and lake back", cmdRollback},
}

func usage() {
	fmt.Fprintf(os.Stderr, "p3dn %s: P3DN domestic-product realisation warehouse\n\nUsage: p3dn <command> [flags]\n\nCommands:\n", version)
	names := make([]string, 0, len(commands))
	for n := range commands {
		names = append(names, n)
	}
	sort.Strings(names)
	for _, n := range names {
		fmt.Fprintf(os.Stderr, "  %-8s %s\n", n, commands[n].summary)
	}
	fmt.Fprintf(os.Stderr, "\nRun 'p3dn <command> --help' for its flags. Exit codes: 0 ok, 1 failure, 2 usage error, 3 rejects over --max-reject-rate, 4 another run holds the lock.\n")
}

func main() {
	if len(os.Args) < 2 {
		usage()
		os.Exit(pipeline.ExitUsage)
	}
	name := os.Args[1]
	if name == "-h" || name == "--help" || name == "help" {
		usage()
		os.Exit(pipeline.ExitOK)
	}
	c, ok := commands[name]
	if !ok {
		fmt.Fprintf(os.Stderr, "p3dn: unknown command %q\n\n", name)
		usage()
		os.Exit(pipeline.ExitUsage)
	}
	if os.Getenv("GOMEMLIMIT") == "" {
		// p3dn's own heap (Arrow batches, the duplicate index) stays near
		// this; DuckDB's share is --memory-limit. Together they keep a
		// national-scale run under 1 GiB (docs/performance.md).
		debug.SetMemoryLimit(goMemoryLimit)
	}
	os.Exit(profiled(func() int { return c.run(os.Args[2:]) }))
}

// profiled writes a Go CPU profile of the command to the file named by
// P3DN_CPUPROFILE, when set (docs/performance.md shows how to read it).
func profiled(run func() int) int {
	path := os.Getenv("P3DN_CPUPROFILE")
	if path == "" {
		return run()
	}
	f, err := os.Create(path)
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn: P3DN_CPUPROFILE: %v\n", err)
		return pipeline.ExitUsage
	}
	defer f.Close()
	if err := pprof.StartCPUProfile(f); err != nil {
		fmt.Fprintf(os.Stderr, "p3dn: P3DN_CPUPROFILE: %v\n", err)
		return pipeline.ExitUsage
	}
	defer pprof.StopCPUProfile()
	return run()
}

func cmdVersion(args []string) int {
	fmt.Println("p3dn", version)
	return pipeline.ExitOK
}
