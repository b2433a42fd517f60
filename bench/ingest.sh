#!/usr/bin/env bash
# Ingest benchmark (BENCHMARKS.md, "Ingest"): one `full`-scale generated
# recording folder, measured in the same run against
#   igzip -dc  (ISA-L inflate alone: the floor; bar: ingest <= 2.0x of it)
#   zcat       (zlib inflate alone)
#   mariadb    (loading the same dumps into a private MariaDB server with its
#               defaults and the dump's ENGINE clause; bar: ingest >= 20x faster)
# and reports rows/s per core, peak RSS and dataset size vs .sql.gz size.
#
# Each of igzip, zcat and ingest runs RUNS times (default 3), interleaved,
# and the best wall time of each is compared: on a shared VM a run that lands
# on memory the host has to back again is slower by seconds, which says
# nothing about the program.
#
#   [RUNS=3] [SKIP_MARIADB=1] bench/ingest.sh PATH_TO_TAPELAB [WORK_DIR] [UNDERLYINGS] [DAYS]
set -euo pipefail
tapelab=$(realpath "${1:?usage: bench/ingest.sh PATH_TO_TAPELAB [WORK_DIR] [UNDERLYINGS] [DAYS]}")
work=${2:-/tmp/tapelab-ingest-bench}
underlyings=${3:-NIFTY}
days=${4:-1}
skip_mariadb=${SKIP_MARIADB:-0}
runs=${RUNS:-3}
mkdir -p "$work"
folder="$work/recording"

seconds() { local t0=$(date +%s.%N); "$@" >/dev/null; echo "$(date +%s.%N) - $t0" | bc; }

if [ ! -f "$folder/gen-summary.json" ]; then
  echo "generating $days full-scale day(s) of $underlyings in $folder"
  "$tapelab" gen --out "$folder" --start 2025-11-18 --days "$days" --underlyings "$underlyings" --scale full --seed 1 >/dev/null
fi
gz_bytes=$(cat "$folder"/*.sql.gz | wc -c)
rows=$(python3 -c "import json,sys; print(json.load(open('$folder/gen-summary.json'))['totals']['rows'])")
cores=$(nproc)
echo "folder: $(ls "$folder"/*.sql.gz | wc -l) dumps, $((gz_bytes / 1000000)) MB gz, $rows rows; $cores cores"

# Warm the page cache so every contender reads from memory.
cat "$folder"/*.sql.gz >/dev/null

best() { echo "$@" | tr ' ' '\n' | sort -g | head -1; }
igzip_all=() zcat_all=() ingest_all=()
best_ingest=""
for run in $(seq "$runs"); do
  igzip_all+=("$(seconds bash -c "for f in '$folder'/*.sql.gz; do igzip -dc \"\$f\"; done > /dev/null")")
  zcat_all+=("$(seconds bash -c "for f in '$folder'/*.sql.gz; do zcat \"\$f\"; done > /dev/null")")
  rm -rf "$work/dataset"
  /usr/bin/time -v -o "$work/time-$run.txt" "$tapelab" ingest "$folder" --out "$work/dataset" > "$work/ingest.txt"
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s}' "$work/time-$run.txt")
  ingest_all+=("$wall")
  if [ -z "$best_ingest" ] || [ "$(echo "$wall < $best_ingest" | bc)" = 1 ]; then best_ingest=$wall; cp "$work/time-$run.txt" "$work/time.txt"; fi
done
igzip_s=$(best "${igzip_all[@]}")
zcat_s=$(best "${zcat_all[@]}")
ingest_s=$best_ingest
echo "runs (s): igzip ${igzip_all[*]}; zcat ${zcat_all[*]}; ingest ${ingest_all[*]}"
cpu_s=$(awk -F': ' '/User time/ {u = $2} /System time/ {s = $2} END {print u + s}' "$work/time.txt")
rss_kb=$(awk -F': ' '/Maximum resident set size/ {print $2}' "$work/time.txt")
ds_bytes=$(find "$work/dataset" -name '*.parquet' -printf '%s\n' | awk '{s += $1} END {print s}')

printf 'igzip -dc (best)     %8.2f s\n' "$igzip_s"
printf 'zcat (best)          %8.2f s\n' "$zcat_s"
printf 'tapelab ingest (best)%8.2f s  (%.2fx igzip, %.2fx zcat), cpu %.1f s\n' "$ingest_s" \
  "$(echo "$ingest_s / $igzip_s" | bc -l)" "$(echo "$ingest_s / $zcat_s" | bc -l)" "$cpu_s"
printf 'rows/s               %8.0f  (%.0f per core-second of CPU)\n' "$(echo "$rows / $ingest_s" | bc -l)" \
  "$(echo "$rows / $cpu_s" | bc -l)"
printf 'peak RSS             %8.0f MB\n' "$(echo "$rss_kb / 1024" | bc -l)"
printf 'dataset / .sql.gz    %8.2f  (%d MB / %d MB)\n' "$(echo "$ds_bytes / $gz_bytes" | bc -l)" \
  $((ds_bytes / 1000000)) $((gz_bytes / 1000000))

if [ "$skip_mariadb" = 1 ]; then exit 0; fi
# MariaDB with its defaults, on a private socket.
db="$work/mariadb"
rm -rf "$db" && mkdir -p "$db"
mariadb-install-db --no-defaults --datadir="$db/data" --auth-root-authentication-method=normal >/dev/null
mariadbd --no-defaults --user="$(id -un)" --datadir="$db/data" --socket="$db/sock" --skip-networking --pid-file="$db/pid" \
  --log-error="$db/log" &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do [ -S "$db/sock" ] && break; sleep 0.2; done
mariadb_s=$(seconds bash -c "for f in '$folder'/*.sql.gz; do zcat \"\$f\" | mariadb --no-defaults --socket='$db/sock' -uroot; done")
printf 'mariadb import       %8.2f s  (ingest is %.1fx faster)\n' "$mariadb_s" "$(echo "$mariadb_s / $ingest_s" | bc -l)"
