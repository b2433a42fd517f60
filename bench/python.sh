#!/usr/bin/env bash
# The Python package's benchmark (BENCHMARKS.md, "Python"): a full-scale day
# into numpy against the C++ reader alone, and vectorised IV per core. It
# reads the full-scale week of bench/week.sh.
#
#   bench/python.sh BUILD_DIR [WORK_DIR] [RUNS]
set -euo pipefail
build=$(realpath "${1:?usage: bench/python.sh BUILD_DIR [WORK_DIR] [RUNS]}")
work=${2:-$build/bench-output/scan-week}
"$(dirname "$0")/week.sh" "$build" "$work"
PYTHONPATH="$build/python" /usr/bin/python3 "$(dirname "$0")/python_bench.py" "$build" "$work/dataset" "${3:-5}"
