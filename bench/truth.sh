#!/usr/bin/env bash
# Market truth benchmark (BENCHMARKS.md, "Market truth"): one full-scale
# generated NIFTY day (the users' real density), from the dataset,
#   tapelab truth build --data DATASET --out TRUTH --threads 1
# against DuckDB on one thread reading the columns the build uses for the
# nearest expiry from the same partitions (tools/interop/truth_read_duckdb.mjs),
# measured in the same run, best of RUNS each. Bars: the build's CPU time
# <= 1 s, and <= 2x DuckDB's time. Prints both, the ratio and the build's
# peak RSS.
#
#   [RUNS=3] bench/truth.sh PATH_TO_TAPELAB [WORK_DIR] [DATE]
set -euo pipefail
tapelab=$(realpath "${1:?usage: bench/truth.sh PATH_TO_TAPELAB [WORK_DIR] [DATE]}")
work=${2:-/tmp/tapelab-truth-bench}
day=${3:-2025-11-18}
runs=${RUNS:-3}
interop=$(cd "$(dirname "$0")/../tools/interop" && pwd)
mkdir -p "$work"
dataset="$work/dataset-$day"

if [ ! -f "$dataset/manifest.json" ]; then
  echo "generating and ingesting one full-scale NIFTY day ($day) into $dataset"
  rm -rf "$work/rec" "$dataset"
  "$tapelab" gen --out "$work/rec" --start "$day" --days 1 --underlyings NIFTY --seed 1 --scale full >/dev/null
  "$tapelab" ingest "$work/rec" --out "$dataset" --calendar "$work/rec/expiry_calendar.csv" >/dev/null
fi
cat "$dataset"/*/date="$day"/underlying=NIFTY/*.parquet >/dev/null  # page cache warm for both

cpu_of() { awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$1"; }
rss_of() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

best_cpu="" best_duck="" rss=""
for run in $(seq "$runs"); do
  rm -rf "$work/truth"
  /usr/bin/time -v -o "$work/ours.txt" "$tapelab" truth build --data "$dataset" --out "$work/truth" --threads 1 \
    >"$work/build.txt"
  cpu=$(cpu_of "$work/ours.txt")
  if [ -z "$best_cpu" ] || [ "$(echo "$cpu < $best_cpu" | bc)" = 1 ]; then best_cpu=$cpu rss=$(rss_of "$work/ours.txt"); fi
  node "$interop/truth_read_duckdb.mjs" "$dataset" "$day" NIFTY >"$work/duck.json"
  duck=$(python3 -c "import json; print(json.load(open('$work/duck.json'))['seconds'])")
  if [ -z "$best_duck" ] || [ "$(echo "$duck < $best_duck" | bc)" = 1 ]; then best_duck=$duck; fi
done
grep '^built' "$work/build.txt"
rows=$(python3 -c "import json; print(json.load(open('$work/duck.json'))['option_rows'])")
printf 'nearest-expiry option rows: %s\n' "$rows"
printf 'truth build (1 thread): %.3f s CPU, peak RSS %s MB   (bar: <= 1 s)\n' "$best_cpu" "$rss"
printf 'DuckDB reading its columns (1 thread): %.3f s\n' "$best_duck"
printf 'ratio truth build CPU / DuckDB: %.2fx   (bar: <= 2x)\n' "$(echo "$best_cpu / $best_duck" | bc -l)"
