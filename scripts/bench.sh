#!/usr/bin/env bash
# Times p3dn's full run beside the SQL-only peer (DuckDB read_json and
# read_csv + SQL cleaning + CASE classification + COPY to Parquet; the
# peer leaves out the regional XLSX workbooks) on the same generated
# inbox, and prints wall time, rows/s, MB/s, peak RSS and the ratio.
# Then it adds generated days (p3dn gen --day) to a copy of the inbox
# and times the nightly increment on the warehouse just built: with the
# lake, then compacting without it, then three nights without either,
# then one after every dump of the inbox was written again unchanged.
# Usage: scripts/bench.sh [ROWS ...]   (default: 1000000; BENCH_ROWS="1000000 5000000" also works)
# BENCH_PAIRS=3 times three pairs of full runs instead of one and prints
# the medians: on a shared machine one pair's ratio moves by a sixth.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=("${@:-${BENCH_ROWS:-1000000}}")
work=${BENCH_DIR:-$(mktemp -d)}
go build -tags duckdb_arrow -o bin/p3dn ./cmd/p3dn
go build -o bin/peer ./bench/peer
median() { # numbers...: prints their median
  printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print (NR % 2 ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2) }'
}
measure() { # label, command...: prints "seconds rss_kib"
  local log; log=$(mktemp)
  # Start from a settled disk, as a nightly run does hours after the last
  # one: otherwise the previous step's writes are still being flushed.
  sync
  /usr/bin/time -f "%e %M" -o "$log" "${@:2}" >/dev/null 2>"$log.err" || { cat "$log.err" >&2; exit 1; }
  cat "$log"
}
printf '| rows | input MB | p3dn s | peer s | p3dn / peer | p3dn rows/s | p3dn MB/s | p3dn peak RSS MB | peer peak RSS MB | day s (with lake) | night s (warehouse only: median of 3, range) | day s (compacting, warehouse only) | day s (every dump written again, warehouse only) | day peak RSS MB |\n|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n'
for n in ${rows[@]}; do
  inbox="$work/inbox-$n"
  [ -d "$inbox" ] || ./bin/p3dn gen --rows "$n" --out "$inbox" >/dev/null
  mb=$(du -sm "$inbox" | cut -f1)
  rm -rf "$work/p3dn-$n" "$work/peer-$n"
  # p3dn reads the inbox through a folder of links that the days are then
  # added to, as a nightly inbox grows: the files it loaded keep their
  # paths, so a day's run knows them without reading them again.
  days="$work/days-$n"
  rm -rf "$days" && mkdir -p "$days" && ln "$inbox"/* "$days"/ 2>/dev/null || cp "$inbox"/* "$days"/
  # BENCH_PAIRS full runs of each, paired, the first of each pair
  # alternating (a machine that speeds up or slows down over the pairs then
  # favours neither): the times and the ratio printed are the medians, the
  # ratio's range in brackets, the peaks the largest.
  pairs=${BENCH_PAIRS:-1}
  pts=() qts=() rts=() prss=0 qrss=0
  for ((p = 1; p <= pairs; p++)); do
    rm -rf "$work/p3dn-$n" "$work/peer-$n"
    for who in $( ((p % 2)) && echo "p3dn peer" || echo "peer p3dn"); do
      if [ "$who" = p3dn ]; then
        read -r t r < <(measure p3dn ./bin/p3dn run -q --log-format json --max-reject-rate 1 --inbox "$days" --warehouse "$work/p3dn-$n/p3dn.duckdb")
        pts+=("$t") prss=$((r > prss ? r : prss))
      else
        read -r t r < <(measure peer ./bin/peer "$inbox" "$work/peer-$n")
        qts+=("$t") qrss=$((r > qrss ? r : qrss))
      fi
    done
    rts+=("$(awk -v a="${pts[-1]}" -v b="${qts[-1]}" 'BEGIN { printf "%.4f", a/b }')")
  done
  ps=$(median "${pts[@]}") qs=$(median "${qts[@]}")
  ratio=$(median "${rts[@]}")
  rrange=""
  if ((pairs > 1)); then
    rrange=$(printf '%s\n' "${rts[@]}" | sort -n | awk 'NR == 1 { lo = $1 } { hi = $1 } END { printf " (%.2f-%.2f)", lo, hi }')
  fi
  ./bin/p3dn gen --rows "$n" --day 1 --out "$days" >/dev/null
  read -r d1 d1rss < <(measure day1 ./bin/p3dn run -q --log-format json --max-reject-rate 1 --inbox "$days" --warehouse "$work/p3dn-$n/p3dn.duckdb")
  # The night in pipeline.CompactEvery that lets DuckDB merge row groups.
  ./bin/p3dn gen --rows "$n" --day 2 --out "$days" >/dev/null
  read -r dc _ < <(measure day2 ./bin/p3dn run -q --log-format json --max-reject-rate 1 --no-lake --compact --inbox "$days" --warehouse "$work/p3dn-$n/p3dn.duckdb")
  # Nights like most: from the third on, the publish has kept a spare
  # (p3dn.duckdb.spare) that the copy rewrites in part. Three of them, as
  # one night's time moves by a third from hour to hour on a shared
  # machine: the median and the range.
  nights=()
  for day in 3 4 5; do
    ./bin/p3dn gen --rows "$n" --day "$day" --out "$days" >/dev/null
    read -r dn _ < <(measure "day$day" ./bin/p3dn run -q --log-format json --max-reject-rate 1 --no-lake --inbox "$days" --warehouse "$work/p3dn-$n/p3dn.duckdb")
    nights+=("$dn")
  done
  read -r nlo nmid nhi < <(printf '%s\n' "${nights[@]}" | sort -n | tr '\n' ' '; echo)
  # A night after every dump of the inbox was written again with the same
  # bytes (downloaded anew, copied without its times): each file is hashed
  # once, not read, and known by its new time from then on.
  touch "$days"/*
  ./bin/p3dn gen --rows "$n" --day 6 --out "$days" >/dev/null
  read -r dt _ < <(measure day6 ./bin/p3dn run -q --log-format json --max-reject-rate 1 --no-lake --inbox "$days" --warehouse "$work/p3dn-$n/p3dn.duckdb")
  awk -v n="$n" -v mb="$mb" -v ps="$ps" -v qs="$qs" -v ratio="$ratio" -v rrange="$rrange" -v pr="$prss" -v qr="$qrss" -v d1="$d1" -v lo="$nlo" -v mid="$nmid" -v hi="$nhi" -v dc="$dc" -v dt="$dt" -v dr="$d1rss" 'BEGIN {
    printf "| %d | %d | %.1f | %.1f | %.2f%s | %.0f | %.1f | %.0f | %.0f | %.1f | %.1f (%.1f-%.1f) | %.1f | %.1f | %.0f |\n", n, mb, ps, qs, ratio, rrange, n/ps, mb/ps, pr/1024, qr/1024, d1, mid, lo, hi, dc, dt, dr/1024 }'
done
