#!/usr/bin/env bash
# Sweep benchmark (BENCHMARKS.md, "Sweep"): 100 variants of A1 in one sweep
# against A1 alone, over the generated week the scan and backtest benchmarks
# share (bench/week.sh: made once in WORK_DIR).
#
#   bench/sweep.sh BUILD_DIR [WORK_DIR] [sweep_bench flags...]
set -euo pipefail
build=$(realpath "${1:?usage: bench/sweep.sh BUILD_DIR [WORK_DIR] [sweep_bench flags...]}")
work=${2:-$build/bench-output/scan-week}
"$(dirname "$0")/week.sh" "$build" "$work"
"$build/bench/sweep_bench" --data "$work/dataset" "${@:3}"
