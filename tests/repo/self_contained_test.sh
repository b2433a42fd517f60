#!/usr/bin/env bash
# The guard scripts/check-self-contained.sh passes on a clean tree and fails,
# naming file and line, on each kind of violation it exists to catch.
set -euo pipefail
guard=${1:?usage: self_contained_test.sh PATH_TO_GUARD}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

make_tree() {
  rm -rf "$work/tree"
  mkdir -p "$work/tree/tests/domain" "$work/tree/docs" "$work/tree/scripts"
  printf 'const char* kFixture = TAPELAB_SOURCE_DIR "/tests/fixtures/expiry_calendar.csv";\n' \
    > "$work/tree/tests/domain/calendar_test.cpp"
  printf 'The rules came from ../%s/domain/decisions.md.\n' shared > "$work/tree/docs/history.md"
}
expect_failure() {  # $1: what was planted, $2: the message expected
  if out=$("$guard" "$work/tree" 2>&1); then
    echo "FAIL: the guard passed a tree with $1"; exit 1
  fi
  grep -qF "$2" <<<"$out" || { echo "FAIL: no '$2' in: $out"; exit 1; }
  echo "ok: $1 is refused ($2)"
}

make_tree
"$guard" "$work/tree" >/dev/null || { echo "FAIL: the guard refused a clean tree"; exit 1; }
echo "ok: a clean tree passes (docs/ may name the sibling folder)"

make_tree
# The planted lines are assembled with printf so that this file does not
# trip the guard itself.
printf 'x\nconst char* kFixture = TAPELAB_%s "/../%s/fixtures/expiry_calendar.csv";\n' SOURCE_DIR shared \
  >> "$work/tree/tests/domain/calendar_test.cpp"
expect_failure "a test reading the sibling folder" "tests/domain/calendar_test.cpp:3: refers to a folder outside"

make_tree
printf 'See ../%s/domain/dataset.md\n' shared > "$work/tree/README.md"
expect_failure "the README sending readers outside" "README.md:1: refers to a folder outside"

make_tree
printf 'path = TAPELAB_%s "/../elsewhere/data.csv";\n' SOURCE_DIR > "$work/tree/tests/domain/other_test.cpp"
expect_failure "a test climbing out of the source tree" "tests/domain/other_test.cpp:1: builds a path above"

make_tree
printf 'add_test(NAME t COMMAND ${PROJECT_%s}/../tool)\n' SOURCE_DIR > "$work/tree/CMakeLists.txt"
expect_failure "CMake climbing out of the source tree" "CMakeLists.txt:1: builds a path above"
echo "self_contained_test: every case behaves"
