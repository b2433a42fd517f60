#!/usr/bin/env bash
# Runs the benchmarks built in BUILD_DIR (make bench). Figures go to stdout;
# BENCHMARKS.md records them with the machine they came from.
set -euo pipefail
build=${1:?usage: scripts/bench.sh BUILD_DIR}
out=${BENCH_OUT:-$build/bench-output}
"$build/bench/parquet_bench" --dir "$out" "${@:2}"
"$(dirname "$0")/../bench/scan.sh" "$build" "$out/scan-week"
"$(dirname "$0")/../bench/backtest.sh" "$build" "$out/scan-week"
"$(dirname "$0")/../bench/sweep.sh" "$build" "$out/scan-week"
"$(dirname "$0")/../bench/python.sh" "$build" "$out/scan-week"
"$(dirname "$0")/../bench/dask.sh" "$build" "$out/scan-week"
"$(dirname "$0")/../bench/python_strategy.sh" "$build" "$out/python-strategy-day"
"$(dirname "$0")/../bench/repartition.sh" "$build" "$out/repartition" NIFTY,BANKNIFTY "${REPARTITION_DAYS:-5}"
"$(dirname "$0")/../bench/truth.sh" "$build/tapelab" "$out/truth"
