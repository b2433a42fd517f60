#!/usr/bin/env bash
# The main job on built-in sample data. Grows with the project:
# generate a recording folder -> ingest -> backtest a few presets -> report.
set -euo pipefail
tapelab=${1:?usage: demo.sh PATH_TO_TAPELAB}
out=${DEMO_DIR:-demo-output}
mkdir -p "$out"
"$tapelab" --version

# 1. A sample recording folder: three trading days of NIFTY and BANKNIFTY,
#    written exactly like the users' mysqldump folders.
recording="$out/recording"
echo "== generating a sample recording folder in $recording"
"$tapelab" gen --out "$recording" --start 2025-11-17 --days 3 --underlyings NIFTY,BANKNIFTY --seed 1 --scale small

echo
echo "== what the folder contains"
ls -l "$recording"
for dump in "$recording"/*.sql.gz; do
  tables=$(gzip -dc "$dump" | grep -c '^CREATE TABLE' || true)
  echo "$(basename "$dump"): $tables tables, e.g. $(gzip -dc "$dump" | grep -m3 -o '^CREATE TABLE `[^`]*`' | cut -d'`' -f2 | paste -sd, -)"
done
echo "expiry_calendar.csv: $(($(wc -l < "$recording/expiry_calendar.csv") - 1)) expiries"

# 2. Ingest: the folder becomes the date-partitioned Parquet dataset, with an
#    audit report of every row read, written and dropped.
dataset="$out/dataset"
rm -rf "$dataset"
echo
echo "== ingesting $recording into $dataset"
"$tapelab" ingest "$recording" --out "$dataset" --calendar "$recording/expiry_calendar.csv"
echo
echo "== the dataset"
(cd "$dataset" && find options spot futures -name '*.parquet' | sort | head -12)
echo "audit reports: $(ls "$dataset"/audit)"

# 3. Backtest: three presets of the short-premium strategy (S1 ATM straddle
#    held to 15:25, A1 straddle with target/stop/max hold, A2 1% strangle with
#    five entries) in one pass over the days; `tapelab strategies` lists all 18.
backtest="$out/backtest"
echo
echo "== backtesting presets S1, A1 and A2 on $dataset"
"$tapelab" backtest --preset S1,A1,A2 --data "$dataset" --out "$backtest"
echo "files: $(cd "$backtest" && ls -m)"
echo
echo "== done: open $backtest/report.html in a browser"
