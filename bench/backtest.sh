#!/usr/bin/env bash
# Backtest benchmark (BENCHMARKS.md, "Backtest"): the eighteen S/A presets in
# one run over a generated week (5 trading days, NIFTY and BANKNIFTY, `full`
# scale) against loading the columns they need once. The week is the contract
# scan's (bench/scan.sh): made once in WORK_DIR and shared.
#
#   bench/backtest.sh BUILD_DIR [WORK_DIR] [backtest_bench flags...]
set -euo pipefail
build=$(realpath "${1:?usage: bench/backtest.sh BUILD_DIR [WORK_DIR] [backtest_bench flags...]}")
work=${2:-$build/bench-output/scan-week}
"$(dirname "$0")/week.sh" "$build" "$work"
"$build/bench/backtest_bench" --data "$work/dataset" "${@:3}"
