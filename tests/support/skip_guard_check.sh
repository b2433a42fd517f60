#!/bin/sh
# Checks the skip rule end to end on test_skip_guard: a named skip exits 0,
# printed as "[  SKIPPED ]" (what CTest's SKIP_REGULAR_EXPRESSION from
# gtest_discover_tests matches) with its marker; a bare GTEST_SKIP and a
# SetUpTestSuite that throws exit non-zero and never print "[  SKIPPED ]", so
# CTest counts them failed.  Usage: skip_guard_check.sh BINARY MARKER
binary=$1 marker=$2 skipped='[  SKIPPED ]'
status=0
check() {  # filter, expected outcome (pass|fail)
  out=$("$binary" --gtest_filter="$1" 2>&1)
  rc=$?
  case $2 in
    pass) if [ $rc -ne 0 ] || ! printf '%s' "$out" | grep -q "$marker" || ! printf '%s' "$out" | grep -qF "$skipped"; then
            echo "FAIL: $1 should exit 0 with '$marker' and '$skipped' (exit $rc):"; echo "$out"; status=1; fi ;;
    fail) if [ $rc -eq 0 ] || printf '%s' "$out" | grep -qF "$skipped"; then
            echo "FAIL: $1 should exit non-zero without '$skipped' (exit $rc):"; echo "$out"; status=1; fi ;;
  esac
}
check 'NamedSkip.*' pass
check 'UnnamedSkip.*' fail
check 'ThrowingSuiteSetUp.*' fail
[ $status -eq 0 ] && echo "skip rule holds: named skip passes as skipped, unnamed skips fail"
exit $status
