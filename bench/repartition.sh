#!/usr/bin/env bash
# Repartition benchmark (BENCHMARKS.md, "Repartition"): per-contract raw
# Parquet files, as the users' raw_options/ holds them (`tapelab gen --layout
# raw-parquet --scale full`, census problems off), repartitioned by date and
# underlying into the dataset by
#   tapelab ingest RAW --out DATASET
# against DuckDB doing the same repartition with the same cores
# (tools/interop/repartition_duckdb.mjs: COPY (SELECT ... ORDER BY date,
# expiry, opt_type, strike, timestamp) TO ... (FORMAT parquet, PARTITION_BY
# (date, underlying))), measured in the same run, interleaved, best wall time
# of RUNS each. Bar: ingest <= 1.0x DuckDB. Prints the ratio, rows/s, rows per
# CPU-second (per core) and the peak RSS of each.
#
# DuckDB runs with memory_limit DUCKDB_MEMORY_LIMIT (default 4GB: at its own
# default, 80% of RAM, it was killed by the OOM killer on a week) and spills
# to WORK_DIR/duckdb-tmp (its temp_directory); ingest with --memory-budget
# INGEST_MEMORY_BUDGET (default 2G). The load average is printed before and
# after.
#
#   [RUNS=1] [DUCKDB_MEMORY_LIMIT=4GB] [INGEST_MEMORY_BUDGET=2G] bench/repartition.sh PATH_TO_TAPELAB [WORK_DIR] [UNDERLYINGS] [DAYS]
set -euo pipefail
tapelab=$(realpath "${1:?usage: bench/repartition.sh PATH_TO_TAPELAB [WORK_DIR] [UNDERLYINGS] [DAYS]}")
work=${2:-/tmp/tapelab-repartition-bench}
underlyings=${3:-NIFTY,BANKNIFTY}
days=${4:-5}
runs=${RUNS:-1}
export DUCKDB_MEMORY_LIMIT=${DUCKDB_MEMORY_LIMIT:-4GB}
budget=${INGEST_MEMORY_BUDGET:-2G}
interop=$(cd "$(dirname "$0")/../tools/interop" && pwd)
cores=$(nproc)
mkdir -p "$work"
export DUCKDB_TEMP_DIRECTORY="$work/duckdb-tmp"
folder="$work/raw-$days-$underlyings"

if [ ! -f "$folder/gen-summary.json" ]; then
  echo "generating $days full-scale day(s) of $underlyings as raw Parquet files in $folder"
  rm -rf "$folder"
  "$tapelab" gen --out "$folder" --start 2025-11-17 --days "$days" --underlyings "$underlyings" --scale full \
    --seed 1 --layout raw-parquet --census-problems off >/dev/null
fi
raw="$folder/raw_options"
rows=$(python3 -c "import json; print(json.load(open('$folder/gen-summary.json'))['totals']['valid_rows'])")
files=$(ls "$raw" | wc -l)
echo "raw files: $files, $(( $(cat "$raw"/*.parquet | wc -c) / 1000000 )) MB, $rows rows; $cores cores"
cat "$raw"/*.parquet >/dev/null  # page cache warm for both

# Seconds, CPU seconds and peak RSS (MB) of a /usr/bin/time -v report.
wall_of() { awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$1"; }
cpu_of() { awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$1"; }
rss_of() { awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2 / 1024}' "$1"; }

echo "load average before: $(cut -d' ' -f1-3 /proc/loadavg); duckdb memory_limit $DUCKDB_MEMORY_LIMIT, temp_directory $DUCKDB_TEMP_DIRECTORY; ingest --memory-budget $budget"
best_ours="" best_duck=""
for run in $(seq "$runs"); do
  rm -rf "$work/dataset" "$work/duckdb" "$DUCKDB_TEMP_DIRECTORY"
  /usr/bin/time -v -o "$work/ours-$run.txt" "$tapelab" ingest "$raw" --out "$work/dataset" --memory-budget "$budget" \
    >"$work/ingest.txt"
  /usr/bin/time -v -o "$work/duck-$run.txt" node "$interop/repartition_duckdb.mjs" "$raw" "$work/duckdb" "$cores" \
    >"$work/duckdb.txt"
  for who in ours duck; do
    best_var="best_$who"
    wall=$(wall_of "$work/$who-$run.txt")
    if [ -z "${!best_var}" ] || [ "$(echo "$wall < $(wall_of "$work/$who.txt")" | bc)" = 1 ]; then
      cp "$work/$who-$run.txt" "$work/$who.txt"
      printf -v "$best_var" '%s' "$wall"
    fi
  done
done
duck_rows=$(awk '/duckdb rows/ {print $3}' "$work/duckdb.txt")
ours_s=$(wall_of "$work/ours.txt") duck_s=$(wall_of "$work/duck.txt")
ours_cpu=$(cpu_of "$work/ours.txt") duck_cpu=$(cpu_of "$work/duck.txt")
printf 'tapelab ingest (best) %8.2f s wall, %8.2f s CPU, peak RSS %6s MB, %9.0f rows/s, %9.0f rows per CPU-second (%s rows)\n' \
  "$ours_s" "$ours_cpu" "$(rss_of "$work/ours.txt")" "$(echo "$rows / $ours_s" | bc -l)" "$(echo "$rows / $ours_cpu" | bc -l)" "$rows"
printf 'duckdb COPY (best)    %8.2f s wall, %8.2f s CPU, peak RSS %6s MB, %9.0f rows/s, %9.0f rows per CPU-second (%s rows)\n' \
  "$duck_s" "$duck_cpu" "$(rss_of "$work/duck.txt")" "$(echo "$duck_rows / $duck_s" | bc -l)" "$(echo "$duck_rows / $duck_cpu" | bc -l)" "$duck_rows"
printf 'ingest / duckdb       %8.2fx wall (bar <= 1.0x), %.2fx CPU\n' "$(echo "$ours_s / $duck_s" | bc -l)" \
  "$(echo "$ours_cpu / $duck_cpu" | bc -l)"
printf 'dataset %d MB, duckdb output %d MB\n' $(( $(find "$work/dataset" -name '*.parquet' -printf '%s\n' | awk '{s += $1} END {print s}') / 1000000 )) \
  $(( $(find "$work/duckdb" -name '*.parquet' -printf '%s\n' | awk '{s += $1} END {print s}') / 1000000 ))
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
