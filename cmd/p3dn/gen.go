package main

import (
	"fmt"
	"os"

	"github.com/p3dn/p3dn/data/gen"
	"github.com/p3dn/p3dn/pipeline"
)

func cmdGen(args []string) int {
	fs := newFlags("gen", "[flags]")
	out := fs.String("out", "data/sample/inbox", "folder to write the dumps into")
	scenario := fs.String("scenario", "dki-2023", "what to generate: dki-2023 (the bundled sample) or hostile (the bad-input suite)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	switch *scenario {
	case "dki-2023":
	case "hostile":
		if err := gen.WriteHostile(*out); err != nil {
			fmt.Fprintf(os.Stderr, "p3dn gen: %v\n", err)
			return pipeline.ExitFailure
		}
		for _, c := range gen.HostileCases {
			fmt.Printf("%-24s %s\n", c.File, c.What)
		}
		return pipeline.ExitOK
	default:
		fmt.Fprintf(os.Stderr, "p3dn gen: unknown --scenario %q\n", *scenario)
		return pipeline.ExitUsage
	}
	files, err := gen.WriteDKI2023(*out)
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn gen: %v\n", err)
		return pipeline.ExitFailure
	}
	for _, f := range files {
		fmt.Println(f)
	}
	return pipeline.ExitOK
}
