#!/usr/bin/env bash
# The generated week the scan and backtest benchmarks read: 5 trading days of
# NIFTY and BANKNIFTY at `full` scale, generated and ingested into
# WORK_DIR/dataset once (about 1.6 GB; the dumps are deleted afterwards).
#
#   bench/week.sh BUILD_DIR WORK_DIR
set -euo pipefail
build=$(realpath "${1:?usage: bench/week.sh BUILD_DIR WORK_DIR}")
work=${2:?usage: bench/week.sh BUILD_DIR WORK_DIR}
mkdir -p "$work"
dataset="$work/dataset"
if [ ! -f "$dataset/manifest.json" ]; then
  echo "generating and ingesting a full-scale week of NIFTY and BANKNIFTY in $work (once)"
  rm -rf "$work/recording" "$dataset"
  "$build/tapelab" gen --out "$work/recording" --start 2025-11-17 --days 5 --underlyings NIFTY,BANKNIFTY \
    --scale full --seed 1 >/dev/null
  "$build/tapelab" ingest "$work/recording" --out "$dataset" \
    --calendar "$work/recording/expiry_calendar.csv" >/dev/null
  rm -rf "$work/recording"  # 1.8 GB of dumps; the dataset is all the benchmarks read
fi
