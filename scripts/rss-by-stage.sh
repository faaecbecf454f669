#!/usr/bin/env bash
# Runs `p3dn run ARGS...` with its JSON log and samples the process's RSS
# once a second; prints the largest RSS seen in each stage of the run (the
# stage is the last "stage" the log has reported at the sample).
#   scripts/rss-by-stage.sh --inbox /tmp/bench/inbox-5000000 --warehouse /tmp/w/p3dn.duckdb
set -euo pipefail
cd "$(dirname "$0")/.."
go build -tags duckdb_arrow -o bin/p3dn ./cmd/p3dn
log=$(mktemp) samples=$(mktemp)
trap 'rm -f "$log" "$samples"' EXIT
./bin/p3dn run --log-format json "$@" >/dev/null 2>"$log" &
pid=$!
while kill -0 "$pid" 2>/dev/null; do
  rss=$(ps -o rss= -p "$pid" 2>/dev/null || true)
  stage=$(grep -o '"stage":"[a-z]*"' "$log" | tail -1 | cut -d'"' -f4 || true)
  [ -n "$rss" ] && echo "${stage:-start} $rss" >>"$samples"
  sleep 1
done
code=0; wait "$pid" || code=$?
awk '!($1 in max) { order[n++] = $1 } $2 > max[$1] { max[$1] = $2 } $2 > all { all = $2 }
  END { for (i = 0; i < n; i++) printf "%s %d MB\n", order[i], max[order[i]] / 1024; printf "peak %d MB\n", all / 1024 }' "$samples"
[ "$code" = 0 ] || { echo "p3dn run exited $code; its log:" >&2; tail -5 "$log" >&2; exit "$code"; }
