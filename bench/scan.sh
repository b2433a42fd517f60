#!/usr/bin/env bash
# Contract-scan benchmark (BENCHMARKS.md, "Contract scan"): the users' EMA
# crossover screen over a generated week (5 trading days, NIFTY and BANKNIFTY,
# `full` scale), against DuckDB reading the same columns of the same files
# with the same threads, and against the same loop over columns in memory.
# The week is generated and ingested once and kept in WORK_DIR.
#
#   bench/scan.sh BUILD_DIR [WORK_DIR] [scan_bench flags...]
set -euo pipefail
build=$(realpath "${1:?usage: bench/scan.sh BUILD_DIR [WORK_DIR] [scan_bench flags...]}")
work=${2:-$build/bench-output/scan-week}
mkdir -p "$work"
dataset="$work/dataset"

if [ ! -f "$dataset/manifest.json" ]; then
  echo "generating and ingesting a full-scale week of NIFTY and BANKNIFTY in $work (once)"
  rm -rf "$work/recording" "$dataset"
  "$build/tapelab" gen --out "$work/recording" --start 2025-11-17 --days 5 --underlyings NIFTY,BANKNIFTY \
    --scale full --seed 1 >/dev/null
  "$build/tapelab" ingest "$work/recording" --out "$dataset" \
    --calendar "$work/recording/expiry_calendar.csv" >/dev/null
  rm -rf "$work/recording"  # 1.8 GB of dumps; the dataset is all the benchmark reads
fi
"$build/bench/scan_bench" --data "$dataset" "${@:3}"
