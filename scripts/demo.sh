#!/usr/bin/env bash
# The main job on built-in sample data. Grows with the project:
# generate a recording folder -> (ingest -> backtest -> report, as they land).
set -euo pipefail
tapelab=${1:?usage: demo.sh PATH_TO_TAPELAB}
out=${DEMO_DIR:-demo-output}
mkdir -p "$out"
"$tapelab" --version
