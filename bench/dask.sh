#!/usr/bin/env bash
# tapelab.distributed on 1 and 2 Dask workers over the full-scale week of
# bench/week.sh (BENCHMARKS.md, "Dask"): parallel efficiency, 2 workers vs 1,
# of a backtest of PRESETS, of the truth build, and of the ingest of the
# week's recordings (a folder a day, as the users record; generated once into
# WORK_DIR/recordings, 1.8 GB, kept).
#
#   bench/dask.sh BUILD_DIR [WORK_DIR] [PRESETS] [RUNS]
set -euo pipefail
build=$(realpath "${1:?usage: bench/dask.sh BUILD_DIR [WORK_DIR] [PRESETS] [RUNS]}")
work=${2:-$build/bench-output/scan-week}
"$(dirname "$0")/week.sh" "$build" "$work"
presets=${3:-S1,S2,A1,A2,B2,T1}
PYTHONPATH="$build/python" /usr/bin/python3 "$(dirname "$0")/dask_bench.py" "$work/dataset" "$presets" "${4:-2}"
PYTHONPATH="$build/python" /usr/bin/python3 "$(dirname "$0")/dask_bench.py" "$work/dataset" truth "${4:-2}"
recordings="$work/recordings"
if [ ! -d "$recordings/2025-11-21" ]; then
  rm -rf "$recordings"
  for day in 2025-11-17 2025-11-18 2025-11-19 2025-11-20 2025-11-21; do
    "$build/tapelab" gen --out "$recordings/$day" --start "$day" --days 1 --underlyings NIFTY,BANKNIFTY \
      --scale full --seed 1 >/dev/null
  done
fi
PYTHONPATH="$build/python" /usr/bin/python3 "$(dirname "$0")/dask_bench.py" "$recordings" ingest "${4:-2}"
