# p3dn — build, run on the bundled sample, test.
# The driver's Arrow interface needs the build tag duckdb_arrow everywhere.
GO       ?= go
TAGS     := -tags duckdb_arrow
VERSION  ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS  := -ldflags "-X main.version=$(VERSION)"
FUZZTIME ?= 3000x

.PHONY: build run test vet fmt-check fuzz gen clean bench report-check

build:
	$(GO) build $(TAGS) $(LDFLAGS) -o bin/p3dn ./cmd/p3dn

# Run the pipeline on the bundled DKI Jakarta 2023 sample into ./warehouse.
run: build
	./bin/p3dn run

# The second line runs the allocator other Unix systems build (posix_memalign,
# load/allocator_posix.go) on Linux, through a whole run.
test: fmt-check vet
	$(GO) test $(TAGS) ./...
	$(GO) test $(TAGS),p3dn_posixalloc -run 'TestArrowAllocator|TestBatchesFreed' ./load ./pipeline

vet:
	$(GO) vet $(TAGS) ./...
	$(GO) vet $(TAGS),p3dn_posixalloc ./load

fmt-check:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed: $$out"; exit 1; fi

# Each fuzz target for FUZZTIME (go test -fuzz takes one target at a time).
fuzz:
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzDecoder$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzParseDecimal$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzParseTimestamp$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzRegistry$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzParquet$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzXLSX$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzRegionalCSV$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzFlatJSON$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzSplitter$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzParseRow$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzNormHeader$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzFieldIndex$$' -fuzztime $(FUZZTIME) ./extract
	$(GO) test $(TAGS) -run '^$$' -fuzz '^FuzzClassify$$' -fuzztime $(FUZZTIME) ./transform

# Regenerate the bundled sample (data/sample/inbox) with the project's generator.
gen: build
	./bin/p3dn gen --out data/sample/inbox

clean:
	rm -rf bin warehouse

# Benchmarks: p3dn's extraction against DuckDB's read_json on the same file,
# whole runs on the real samples and the nightly increment, then p3dn against
# the SQL-only peer on generated inboxes (BENCH_ROWS, default 1000000).
bench:
	$(GO) test $(TAGS) -run '^$$' -bench . -benchmem -count 3 ./pipeline
	scripts/bench.sh $(BENCH_ROWS)

# Open the bundled sample's workbook in LibreOffice headless (installs it
# from Debian's packages when absent) to prove it needs no repair.
report-check:
	command -v soffice >/dev/null || (apt-get update -qq && apt-get install -y -qq --no-install-recommends libreoffice-calc-nogui)
	$(GO) test $(TAGS) -run TestOpensInLibreOffice -v ./report
