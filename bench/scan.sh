#!/usr/bin/env bash
# Contract-scan benchmark (BENCHMARKS.md, "Contract scan"): the users' EMA
# crossover screen over a generated week (5 trading days, NIFTY and BANKNIFTY,
# `full` scale), against DuckDB reading the same columns of the same files
# with the same threads, and against the same loop over columns in memory.
# The week is generated and ingested once and kept in WORK_DIR (bench/week.sh).
#
#   bench/scan.sh BUILD_DIR [WORK_DIR] [scan_bench flags...]
set -euo pipefail
build=$(realpath "${1:?usage: bench/scan.sh BUILD_DIR [WORK_DIR] [scan_bench flags...]}")
work=${2:-$build/bench-output/scan-week}
"$(dirname "$0")/week.sh" "$build" "$work"
dataset="$work/dataset"
"$build/bench/scan_bench" --data "$dataset" "${@:3}"
