#!/usr/bin/env bash
# The market truth of a generated full-scale month (BENCHMARKS.md, "Market
# truth"): DAYS trading days of NIFTY at full scale from START, generated and
# ingested into WORK_DIR/dataset once (the dumps are deleted afterwards), then
#   tapelab truth build --data DATASET --out TRUTH --threads THREADS
# timed with /usr/bin/time: wall, CPU and peak RSS. Memory must be bounded by
# the days built at once (one per thread), not by the month; the script
# prints the peak next to a one-day build's for that reason, and the 0-DTE
# truth table of the month.
#
#   [DAYS=21] [THREADS=2] bench/truth_month.sh PATH_TO_TAPELAB [WORK_DIR] [START]
set -euo pipefail
tapelab=$(realpath "${1:?usage: bench/truth_month.sh PATH_TO_TAPELAB [WORK_DIR] [START]}")
work=${2:-/tmp/tapelab-truth-month}
start=${3:-2025-11-03}
days=${DAYS:-21}
threads=${THREADS:-2}
mkdir -p "$work"
dataset="$work/dataset"

if [ ! -f "$dataset/manifest.json" ]; then
  echo "generating and ingesting $days full-scale NIFTY days from $start into $dataset (once)"
  rm -rf "$work/rec" "$dataset"
  "$tapelab" gen --out "$work/rec" --start "$start" --days "$days" --underlyings NIFTY --seed 1 --scale full >/dev/null
  "$tapelab" ingest "$work/rec" --out "$dataset" --calendar "$work/rec/expiry_calendar.csv" >/dev/null
  rm -rf "$work/rec"
fi

measure() {  # measure LABEL TRUTH_DIR ARGS...: one build, its time and memory
  local label=$1 out=$2
  shift 2
  rm -rf "$out"
  /usr/bin/time -v -o "$work/time.txt" "$tapelab" truth build --data "$dataset" --out "$out" "$@" >"$work/build.txt"
  awk -F': ' -v label="$label" '
    /Elapsed \(wall clock\)/ {w = $2} /User time/ {u = $2} /System time/ {s = $2}
    /Maximum resident set size/ {r = $2}
    END {printf "%-34s wall %s  CPU %.2f s  peak RSS %.0f MB\n", label, w, u + s, r / 1024}' "$work/time.txt"
}

first=$(ls "$dataset/options" | sed -n 's/^date=//p' | head -1)
last=$(ls "$dataset/options" | sed -n 's/^date=//p' | tail -1)
echo "dataset: $(ls "$dataset/options" | wc -l) days, $first .. $last, $(du -sh "$dataset" | cut -f1)"
measure "one day ($last), 1 thread" "$work/truth-day" --from "$last" --to "$last" --threads 1
measure "the month, $threads threads" "$work/truth" --threads "$threads"
grep -c "^built" "$work/build.txt" | sed 's/^/days built: /'
grep "periodicity" "$work/build.txt" | sed -n '1p;$p'
"$tapelab" truth tables --truth "$work/truth" --underlying NIFTY | sed -n '1,40p'
