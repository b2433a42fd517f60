#!/usr/bin/env bash
# A Python strategy's overhead against the same strategy in C++ (BENCHMARKS.md,
# "Python strategies"): preset A3 and its Python twin (examples/python_strategy.py)
# over one generated full-scale day of NIFTY and BANKNIFTY, generated and
# ingested into WORK_DIR/dataset once. Give it a Release build.
#
#   bench/python_strategy.sh BUILD_DIR [WORK_DIR] [RUNS]
set -euo pipefail
build=$(realpath "${1:?usage: bench/python_strategy.sh BUILD_DIR [WORK_DIR] [RUNS]}")
work=${2:-$build/bench-output/python-strategy-day}
dataset="$work/dataset"
if [ ! -f "$dataset/manifest.json" ]; then
  echo "generating and ingesting a full-scale day of NIFTY and BANKNIFTY in $work (once)"
  mkdir -p "$work"
  rm -rf "$work/recording" "$dataset"
  "$build/tapelab" gen --out "$work/recording" --start 2025-11-17 --days 1 --underlyings NIFTY,BANKNIFTY \
    --scale full --seed 1 >/dev/null
  "$build/tapelab" ingest "$work/recording" --out "$dataset" \
    --calendar "$work/recording/expiry_calendar.csv" >/dev/null
  rm -rf "$work/recording"
fi
PYTHONPATH="$build/python" /usr/bin/python3 "$(dirname "$0")/python_strategy_bench.py" "$dataset" "${3:-3}"
