#!/usr/bin/env bash
# Runs `p3dn run ARGS...` with its JSON log and samples the process every
# RSS_EVERY seconds (default 1): prints, for each stage of the run (the last
# "stage" the log has reported at the sample), the largest RSS seen and the
# CPU the process used in it, in cores (2.0: both cores of a 2-core machine).
#   scripts/rss-by-stage.sh --inbox /tmp/bench/inbox-5000000 --warehouse /tmp/w/p3dn.duckdb
#   RSS_EVERY=0.1 scripts/rss-by-stage.sh ...
#   RSS_LOG=run.log scripts/rss-by-stage.sh ...   (keeps the run's JSON log)
set -euo pipefail
cd "$(dirname "$0")/.."
go build -tags duckdb_arrow -o bin/p3dn ./cmd/p3dn
log=$(mktemp) samples=$(mktemp)
trap 'rm -f "$samples"; [ -n "${RSS_LOG:-}" ] && cp "$log" "$RSS_LOG"; rm -f "$log"' EXIT
./bin/p3dn run --log-format json "$@" >/dev/null 2>"$log" &
pid=$!
hz=$(getconf CLK_TCK)
while kill -0 "$pid" 2>/dev/null; do
  rss=$(ps -o rss= -p "$pid" 2>/dev/null || true)
  ticks=$(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || true)
  stage=$(grep -o '"stage":"[a-z]*"' "$log" | tail -1 | cut -d'"' -f4 || true)
  [ -n "$rss" ] && [ -n "$ticks" ] && echo "${stage:-start} $rss $ticks $(date +%s.%N)" >>"$samples"
  sleep "${RSS_EVERY:-1}"
done
code=0; wait "$pid" || code=$?
awk -v hz="$hz" '!($1 in max) { order[n++] = $1; t0[$1] = $4; c0[$1] = $3 }
  $2 > max[$1] { max[$1] = $2 } $2 > all { all = $2 } { t1[$1] = $4; c1[$1] = $3 }
  END { for (i = 0; i < n; i++) { s = order[i]; d = t1[s] - t0[s]
          printf "%s %d MB", s, max[s] / 1024; if (d > 0) printf ", %.1f cores over %.0f s", (c1[s] - c0[s]) / hz / d, d; printf "\n" }
        printf "peak %d MB\n", all / 1024 }' "$samples"
[ "$code" = 0 ] || { echo "p3dn run exited $code; its log:" >&2; tail -5 "$log" >&2; exit "$code"; }
