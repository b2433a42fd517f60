#!/usr/bin/env bash
# Builds the Parquet reader fuzzer with clang + ASan/UBSan and runs it.
#   fuzz/run.sh BUILD_DIR SECONDS
# Seeds come from fuzz/corpus (committed, small files from our writer and from
# DuckDB, Polars and arrow-rs: fuzz/make_corpus.sh); what the fuzzer adds goes
# to BUILD_DIR/corpus, crashers to BUILD_DIR/artifacts. Exit status non-zero
# on any finding; the crashing input's path is printed.
set -euo pipefail
build=${1:?usage: fuzz/run.sh BUILD_DIR SECONDS}
seconds=${2:?usage: fuzz/run.sh BUILD_DIR SECONDS}
src=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}

cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link \
  -DTAPELAB_SANITIZE=ON -DTAPELAB_BUILD_TESTS=OFF -DTAPELAB_BUILD_FUZZ=ON >/dev/null
cmake --build "$build" -j "$jobs" --target parquet_reader_fuzz

mkdir -p "$build/corpus" "$build/artifacts"
# -malloc_limit_mb: an allocation the input did not pay for is a finding.
"$build/fuzz/parquet_reader_fuzz" "$build/corpus" "$src/fuzz/corpus" \
  -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -max_len=65536 \
  -timeout=20 -print_final_stats=1 -artifact_prefix="$build/artifacts/"
