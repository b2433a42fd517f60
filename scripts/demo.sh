#!/usr/bin/env bash
# The main job on built-in sample data. Grows with the project:
# generate a recording folder -> ingest -> backtest every preset -> report ->
# market truth and its tables -> the command and URL of the player.
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

# 3. A second recording folder merges into the dataset: one NIFTY expiry day
#    (0 DTE) at `full` scale (the users' real density: ~3.3M option rows, the
#    near expiry quoting every second). The small sample days above quote the
#    options near the money every ~20 s and the others every few minutes, so
#    many orders there meet quotes older than the engine's 30 s limit and are
#    rejected as stale, as they would be on real data.
#    The dataset keeps one expiry calendar: the first folder's file (entries it
#    lacks fall back to the exchange rules).
full_day="$out/recording-full"
day=2025-11-25
echo
echo "== generating one full-scale NIFTY day in $full_day and merging it into $dataset"
"$tapelab" gen --out "$full_day" --start "$day" --days 1 --underlyings NIFTY --seed 2 --scale full
"$tapelab" ingest "$full_day" --out "$dataset" --calendar "$recording/expiry_calendar.csv" | tail -3

# 4. Backtest: every built-in preset (the short-premium S/A tables, the theta
#    family, the advisers' structures, the buying and signal family: see
#    `tapelab strategies`) in one pass over the full-scale day.
backtest="$out/backtest"
presets=$("$tapelab" strategies | cut -d' ' -f1 | paste -sd, -)
echo
echo "== backtesting every preset ($presets) on NIFTY $day in $dataset"
"$tapelab" backtest --preset "$presets" --data "$dataset" --from "$day" --to "$day" --underlying NIFTY --out "$backtest"
echo "files: $(cd "$backtest" && ls -m)"

# 5. Market truth: the per-second features, events and regimes of every day,
#    then the truth tables of the full-scale expiry day (0 DTE). The small
#    days' tables are thin: their index prints in one second of ten.
truth="$out/truth"
echo
echo "== building the market truth of $dataset in $truth"
"$tapelab" truth build --data "$dataset" --out "$truth"
echo
echo "== truth tables, NIFTY at 0 DTE ($day)"
"$tapelab" truth tables --truth "$truth" --from "$day" --to "$day" --underlying NIFTY
"$tapelab" truth tables --truth "$truth" --format html > "$out/truth-tables.html"

# 6. The same dataset from Python (docs/python.md): the package sits next to
#    the binary's build.
python_dir=$(cd "$(dirname "$tapelab")" && pwd)/python
echo
echo "== from Python: PYTHONPATH=$python_dir /usr/bin/python3"
PYTHONPATH="$python_dir" /usr/bin/python3 - "$dataset" "$day" <<'PY'
import sys

import tapelab

day = tapelab.Dataset(sys.argv[1]).day(sys.argv[2], "NIFTY", columns=["timestamp", "strike", "opt_type", "bp0", "sp0", "spot_price"])
last = day["timestamp"] == day["timestamp"].max()
print(f"{day}: nearest expiry, {int(last.sum())} quotes at {day['timestamp'].max()}")
PY
# 7. The player (docs/player.md), built next to the binary by `make build`:
#    this prints the command that serves it and the URL to open, and starts
#    nothing (the server runs until stopped).
echo
echo "== done: open $backtest/report.html and $out/truth-tables.html in a browser"
if [[ -f "$(dirname "$tapelab")/player/index.html" ]]; then
  echo "== the player: run"
  echo "   $tapelab serve --data $dataset --truth $truth --runs $backtest"
  echo "   and open http://127.0.0.1:8080/?date=$day&u=NIFTY&t=09:15:00&speed=10&run=$(basename "$backtest")"
else
  echo "== no player next to $tapelab (configured with -DTAPELAB_BUILD_WEB=OFF?)"
fi
