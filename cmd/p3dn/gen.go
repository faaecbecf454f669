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
	scenario := fs.String("scenario", "dki-2023", "what to generate: dki-2023 (the bundled sample), hostile (the bad-input suite), or scale (with --rows)")
	rows := fs.Int("rows", 0, "line items for a national-scale inbox (implies --scenario scale)")
	seed := fs.Uint64("seed", 1, "random seed for --scenario scale")
	day := fs.Int("day", 0, "with --rows: write only day D's new dumps for that inbox (a nightly increment)")
	if code, stop := parse(fs, args); stop {
		return code
	}
	if *rows > 0 {
		*scenario = "scale"
	}
	var files []string
	var err error
	switch *scenario {
	case "dki-2023":
		files, err = gen.WriteDKI2023(*out)
	case "scale":
		if *rows <= 0 {
			fmt.Fprintln(os.Stderr, "p3dn gen: --scenario scale needs --rows N")
			return pipeline.ExitUsage
		}
		if *day > 0 {
			files, err = gen.ScaleDay(*out, *rows, *day, *seed)
		} else {
			files, err = gen.Scale(*out, *rows, *seed)
		}
	case "hostile":
		if err = gen.WriteHostile(*out); err == nil {
			for _, c := range gen.HostileCases {
				files = append(files, fmt.Sprintf("%-24s %s", c.File, c.What))
			}
		}
	default:
		fmt.Fprintf(os.Stderr, "p3dn gen: unknown --scenario %q\n", *scenario)
		return pipeline.ExitUsage
	}
	if err != nil {
		fmt.Fprintf(os.Stderr, "p3dn gen: %v\n", err)
		return pipeline.ExitFailure
	}
	for _, f := range files {
		fmt.Println(f)
	}
	return pipeline.ExitOK
}
