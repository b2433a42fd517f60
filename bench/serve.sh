#!/usr/bin/env bash
# `tapelab serve` under load (BENCHMARKS.md, "Serve"): one full-scale NIFTY
# day generated, ingested, its truth built and one backtest run, then
#   1. after a warm-up pass (each URI once, unmeasured), h2load --h1 at
#      1,000 requests/s for 60 s with the issue's mix of requests (below),
#      p99 from h2load's own log file, the server's RSS at 10 s and at the end;
#   2. the whole day's features in one response, 200 times on one warm
#      connection, p99 from the log.
# usage: bench/serve.sh PATH_TO_TAPELAB [WORK_DIR]   (WORK_DIR is kept and reused)
#
# The mix (2,000 URIs, h2load cycles through them): 60% /api/days and
# 5-minute feature windows at random starts, 30% the chain or a book at a
# random second, 9% a 5-minute window of another truth table (events and
# regimes where the truth has them, else atm_options), 1% the whole day's
# features. Random with a fixed seed, so every run asks the same things.
set -euo pipefail
tapelab=$(realpath "${1:?usage: bench/serve.sh PATH_TO_TAPELAB [WORK_DIR]}")
work=${2:-/tmp/tapelab-serve-bench}
day=2025-11-17
mkdir -p "$work"
cd "$work"
echo "machine: $(nproc) cores, load average before: $(cut -d' ' -f1-3 /proc/loadavg)"

if [[ ! -f dataset/manifest.json ]]; then
  echo "generating and ingesting one full-scale NIFTY day"
  "$tapelab" gen --out rec --start "$day" --days 1 --underlyings NIFTY --scale full --seed 1 >/dev/null
  "$tapelab" ingest rec --out dataset --calendar rec/expiry_calendar.csv >/dev/null
  rm -rf rec
fi
[[ -f truth/manifest.json ]] || "$tapelab" truth build --data dataset --out truth >/dev/null
[[ -f runs/s1/summary.json ]] || "$tapelab" backtest --preset S1 --data dataset --out runs/s1 >/dev/null

# The last run's serve.out goes first: the loop below could read it before the
# new server's redirection empties it.
rm -f serve.out
"$tapelab" serve --data dataset --truth truth --runs runs --port 0 --threads "$(nproc)" >serve.out 2>serve.err &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do grep -q listening serve.out 2>/dev/null && break; sleep 0.1; done
base=$(sed -n 's/.*listening on \(http:[^ ]*\)\/$/\1/p' serve.out)
echo "server: $base (pid $server)"

other=$(python3 -c "import json; t=[f['table'] for d in json.load(open('truth/manifest.json'))['days'] for f in d['files']]; \
print(' '.join(x for x in t if x in ('events','regimes')) or 'atm_options')")
python3 - "$base" "$day" "$other" >uris.txt <<'PY'
import random, sys
base, day, other = sys.argv[1], sys.argv[2], sys.argv[3].split()
rng = random.Random(7)
open_s, close_s = 9 * 3600 + 15 * 60, 15 * 3600 + 30 * 60
def clock(s): return f"{s // 3600:02d}:{s % 3600 // 60:02d}:{s % 60:02d}"
def window(table):
    start = rng.randrange(open_s, close_s - 300)
    return f"{base}/api/days/{day}/NIFTY/truth/{table}?from={clock(start)}&to={clock(start + 300)}"
uris = []
for i in range(2000):
    r = rng.random()
    if r < 0.60:
        uris.append(f"{base}/api/days" if rng.random() < 0.5 else window("features"))
    elif r < 0.90:
        at = clock(rng.randrange(open_s, close_s))
        if rng.random() < 0.5:
            uris.append(f"{base}/api/days/{day}/NIFTY/chain?at={at}")
        else:
            strike = 24000 + 50 * rng.randrange(-6, 7)
            uris.append(f"{base}/api/days/{day}/NIFTY/book?at={at}&strike={strike}&type={rng.choice(['CE', 'PE'])}")
    elif r < 0.99:
        uris.append(window(rng.choice(other)))
    else:
        uris.append(f"{base}/api/days/{day}/NIFTY/truth/features")
print("\n".join(uris))
PY

rm -f warm.txt load.tsv load.txt day.tsv day.txt  # h2load appends to its log file
rss() { awk '/VmRSS/ {print $2}' "/proc/$server/status"; }
p99() {  # p99 and error count of an h2load log file (microseconds in column 3)
  awk -F'\t' '{ if ($2 != 200 && $2 != 304) errors++; print $3 }' "$1" | sort -n |
    awk -v errors_file="$1" '{ v[NR] = $1 } END { i = int(NR * 0.99); if (i < 1) i = 1; printf "%d requests, p50 %.1f ms, p99 %.1f ms, max %.1f ms\n", NR, v[int(NR/2)]/1000, v[i]/1000, v[NR]/1000 }'
  echo "errors (status not 200/304, or failed): $(awk -F'\t' '$2 != 200 && $2 != 304' "$1" | wc -l)"
}

# Warm: every URI once, unmeasured, so the day's tape and tables are loaded
# (a full-scale day's nearest-expiry book is read once, then served from memory).
echo "--- warm-up: each URI once"
# One client: h2load's clients each walk the list from its start, so two
# clients of 1,000 requests each would warm only the first half of the URIs.
h2load --h1 -c 1 -n "$(wc -l <uris.txt)" -i uris.txt >warm.txt 2>&1
grep -E "finished in|status codes" warm.txt

echo "--- load: 12 clients x 84 requests/s for 60 s"
h2load --h1 -c 12 --rps 84 -D 60 -i uris.txt --log-file load.tsv >load.txt 2>&1 &
load=$!
sleep 10
rss10=$(rss)
wait $load
rss_end=$(rss)
grep -E "finished in|requests:|status codes" load.txt
p99 load.tsv
echo "RSS at 10 s: $((rss10 / 1024)) MiB; at the end: $((rss_end / 1024)) MiB; ratio $(echo "scale=3; $rss_end / $rss10" | bc)"

echo "--- one full day of features, 200 times on one connection (warm)"
h2load --h1 -c 1 -n 200 "$base/api/days/$day/NIFTY/truth/features" --log-file day.tsv >day.txt 2>&1
grep -E "finished in|requests:" day.txt
p99 day.tsv
curl -s -o day.bin -w "body: %{size_download} bytes\n" "$base/api/days/$day/NIFTY/truth/features"
curl -s -o /dev/null -H 'Accept-Encoding: gzip' -w "gzip'd: %{size_download} bytes\n" "$base/api/days/$day/NIFTY/truth/features"
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
