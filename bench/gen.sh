#!/usr/bin/env bash
# Generator throughput at `full` scale (BENCHMARKS.md, "Generator").
# usage: bench/gen.sh PATH_TO_TAPELAB [DAYS] [OUT_DIR]
# Prints the generator's own rows/s and MB/s line, the wall time of the whole
# command (`/usr/bin/time` style), and the folder size; removes the folder.
set -euo pipefail
tapelab=${1:?usage: bench/gen.sh PATH_TO_TAPELAB [DAYS] [OUT_DIR]}
days=${2:-1}
out=${3:-$(mktemp -d /tmp/tapelab-gen-bench.XXXXXX)/recording}
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
start=$(date +%s.%N)
"$tapelab" gen --out "$out" --start 2025-11-17 --days "$days" --underlyings NIFTY,BANKNIFTY --seed 1 --scale full | tail -n 12
end=$(date +%s.%N)
echo "wall: $(echo "$end - $start" | bc) s"
du -sh "$out"
rm -rf "$out"
