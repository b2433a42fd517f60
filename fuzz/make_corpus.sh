#!/usr/bin/env bash
# Regenerates the Parquet seeds of fuzz/corpus/parquet_reader_fuzz: small
# files from our writer (the interop matrix at 20 rows) and from DuckDB,
# Polars and arrow-rs (tools/interop/reference.mjs at 20 rows). Files over
# 64 KiB are left out: libFuzzer takes its -max_len from the largest seed.
# The where_* inputs (a --where text before the file) and the regression_*
# inputs of findings stay.
#   fuzz/make_corpus.sh TEST_BUILD_DIR    (a configured build with tests on)
set -euo pipefail
build=${1:?usage: fuzz/make_corpus.sh TEST_BUILD_DIR}
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --build "$build" --target interop_seeds -j "${JOBS:-2}" >/dev/null
"$build/tests/interop/interop_seeds" "$tmp/ours"
node "$src/tools/interop/reference.mjs" "$tmp/theirs" 20 >/dev/null
corpus=$src/fuzz/corpus/parquet_reader_fuzz
# Keep the inputs with a --where prefix and the regression inputs of findings.
find "$corpus" -name '*.parquet' ! -name 'where_*' ! -name 'regression_*' -delete
for f in "$tmp"/ours/*.parquet "$tmp"/theirs/*.parquet; do
  [[ $(stat -c %s "$f") -le 65536 ]] || continue
  cp "$f" "$corpus/"
done
echo "$corpus: $(ls "$corpus" | wc -l) files, $(du -sh "$corpus" | cut -f1)"
