#!/usr/bin/env bash
# One-day engine benchmark (BENCHMARKS.md, "Backtest", one full-scale day):
# `tapelab backtest --preset S1` over one day (the whole command: load, clock,
# fills, report files), wall time, peak RSS and minor page faults, against
# DuckDB (2 threads, tools/interop/scan_bench.mjs) reading the same columns of
# the same expiry from the same partition, in the same run. The day is a
# dataset folder with one options partition (e.g. `tapelab gen --start
# 2025-11-17 --days 1 --underlyings NIFTY --seed 3 --scale full`, ingested).
#
#   bench/engine_day.sh TAPELAB DATASET [RUNS]
set -euo pipefail
tapelab=$(realpath "${1:?usage: bench/engine_day.sh TAPELAB DATASET [RUNS]}")
data=$(realpath "${2:?usage: bench/engine_day.sh TAPELAB DATASET [RUNS]}")
runs=${3:-3}
interop="$(dirname "$0")/../tools/interop"
file=$(find "$data/options" -name '*.parquet' | sort | head -n 1)
day=$(echo "$file" | sed -n 's/.*date=\([0-9-]*\).*/\1/p')
# What the runner loads for S1: identity and time, and both books' five levels
# (bid/ask fills walk the book, mid marks read its top); the nearest expiry only.
columns=timestamp,expiry,strike,lot_size,is_monthly,opt_type,symbol
for level in 0 1 2 3 4; do columns="$columns,bp$level,bq$level,sp$level,sq$level"; done
out=$(mktemp -d /tmp/tapelab-engine-day.XXXXXX)
trap 'rm -rf "$out"' EXIT
echo "day $day ($file), load average before: $(cut -d' ' -f1-3 /proc/loadavg)"
best=""
for run in $(seq "$runs"); do
  /usr/bin/time -f '%e %U %S %M %R' -o "$out/time" "$tapelab" backtest --preset S1 --data "$data" --out "$out/run" \
    --threads 2 >/dev/null
  read -r wall user sys rss faults <"$out/time"
  echo "S1 run $run: ${wall} s wall, ${user} s user + ${sys} s sys, peak RSS $((rss / 1024)) MB, ${faults} minor faults"
  if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; best_rss=$rss; fi
  cpu=$(echo "$user + $sys" | bc)
  if [ -z "${best_cpu:-}" ] || [ "$(echo "$cpu < $best_cpu" | bc)" = 1 ]; then best_cpu=$cpu; fi
done
where="expiry = (SELECT min(expiry) FROM read_parquet('$file') WHERE expiry >= DATE '$day')"
duck=$(SCAN_WHERE="$where" node "$interop/scan_bench.mjs" 2 "$runs" "$columns" "$file")
duck_wall=$(echo "$duck" | sed -n 's/.*"scan_columns":{"wall":\([0-9.e-]*\).*/\1/p')
duck_cpu=$(echo "$duck" | sed -n 's/.*"scan_columns":{"wall":[0-9.e-]*,"cpu":\([0-9.e-]*\)}.*/\1/p')
duck_rows=$(echo "$duck" | sed -n 's/.*"rows":\([0-9]*\).*/\1/p')
printf 'DuckDB, 2 threads, the %d columns of the nearest expiry (%s rows): %.3f s wall, %.3f s CPU (best of %s)\n' \
  "$(echo "$columns" | tr ',' '\n' | wc -l)" "$duck_rows" "$duck_wall" "$duck_cpu" "$runs"
printf 'S1 best %.3f s wall = %.2fx DuckDB (bar <= 1.5x), %.2f s CPU = %.2fx; peak RSS %d MB (bar <= 300 MB)\n' \
  "$best" "$(echo "$best / $duck_wall" | bc -l)" "$best_cpu" "$(echo "$best_cpu / $duck_cpu" | bc -l)" $((best_rss / 1024))
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
