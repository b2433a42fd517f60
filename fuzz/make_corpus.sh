#!/usr/bin/env bash
# Regenerates fuzz/corpus: small files from our writer (the interop matrix at
# 20 rows) and from DuckDB, Polars and arrow-rs (tools/interop/reference.mjs
# at 20 rows). Files over 64 KiB are left out (the fuzzer's -max_len).
#   fuzz/make_corpus.sh TEST_BUILD_DIR    (a configured build with tests on)
set -euo pipefail
build=${1:?usage: fuzz/make_corpus.sh TEST_BUILD_DIR}
src=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cmake --build "$build" --target interop_seeds -j "${JOBS:-2}" >/dev/null
"$build/tests/interop/interop_seeds" "$tmp/ours"
node "$src/tools/interop/reference.mjs" "$tmp/theirs" 20 >/dev/null
rm -rf "$src/fuzz/corpus"
mkdir -p "$src/fuzz/corpus"
for f in "$tmp"/ours/*.parquet "$tmp"/theirs/*.parquet; do
  [[ $(stat -c %s "$f") -le 65536 ]] || continue
  cp "$f" "$src/fuzz/corpus/"
done
echo "fuzz/corpus: $(ls "$src/fuzz/corpus" | wc -l) files, $(du -sh "$src/fuzz/corpus" | cut -f1)"
