#!/usr/bin/env bash
# Builds the libFuzzer targets with clang + ASan/UBSan and runs each for a
# bounded time, JOBS (default 2) at a time.
#   fuzz/run.sh BUILD_DIR SECONDS [TARGET...]     (no TARGET: every target)
# Seeds come from fuzz/corpus/<target>/ (committed: small real inputs plus
# every regression input a finding left), dictionaries from
# fuzz/dict/<target>.dict. What the fuzzer adds goes to BUILD_DIR/corpus/<target>,
# crashers to BUILD_DIR/artifacts/<target>/, each run's log to
# BUILD_DIR/logs/<target>.log. Exit status non-zero on any finding; the
# crashing input's path is printed.
set -euo pipefail
usage="usage: fuzz/run.sh BUILD_DIR SECONDS [TARGET...]"
build=${1:?$usage}
seconds=${2:?$usage}
shift 2
src=$(cd "$(dirname "$0")/.." && pwd)
jobs=${JOBS:-2}
all_targets=(dump_reader_fuzz parquet_reader_fuzz strategy_config_fuzz sweep_config_fuzz
             expiry_calendar_fuzz contract_name_fuzz server_request_fuzz)
targets=("$@")
[[ ${#targets[@]} -gt 0 ]] || targets=("${all_targets[@]}")

# ccache keyed on paths relative to the clone, as the Makefile sets it, so a
# fresh clone's clang tree is mostly cache hits too.
launcher=()
if command -v ccache >/dev/null; then
  export CCACHE_BASEDIR=$src CCACHE_NOHASHDIR=1
  launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER="$(command -v ccache)")
fi
cmake -S "$src" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DCMAKE_CXX_COMPILER=clang++ -DCMAKE_CXX_FLAGS=-fsanitize=fuzzer-no-link "${launcher[@]}" \
  -DTAPELAB_SANITIZE=ON -DTAPELAB_BUILD_TESTS=OFF -DTAPELAB_BUILD_FUZZ=ON -DTAPELAB_BUILD_PYTHON=OFF >/dev/null
cmake --build "$build" -j "$jobs" --target "${targets[@]}"

# One target for SECONDS. -malloc_limit_mb: an allocation the input did not
# pay for is a finding. -timeout: an input still running after 60 s is a
# hang (every seed takes well under a second; 20 s gave false hangs when a
# shared machine stalled all runs at once). No -max_len: libFuzzer takes the
# largest seed's size.
run_one() {
  local target=$1
  local dict=()
  [[ -f "$src/fuzz/dict/$target.dict" ]] && dict=(-dict="$src/fuzz/dict/$target.dict")
  mkdir -p "$build/corpus/$target" "$build/artifacts/$target"
  if "$build/fuzz/$target" "$build/corpus/$target" "$src/fuzz/corpus/$target" "${dict[@]}" \
      -max_total_time="$seconds" -rss_limit_mb=2048 -malloc_limit_mb=512 -timeout=60 \
      -print_final_stats=1 -artifact_prefix="$build/artifacts/$target/" \
      >"$build/logs/$target.log" 2>&1; then
    echo "$target: $(grep -m1 -o 'stat::number_of_executed_units: *[0-9]*' "$build/logs/$target.log" | grep -o '[0-9]*$') runs, no finding"
  else
    echo "$target: FINDING (log: $build/logs/$target.log)"
    tail -n 40 "$build/logs/$target.log"
    return 1
  fi
}
export -f run_one
export build seconds src
mkdir -p "$build/logs"
printf '%s\n' "${targets[@]}" | xargs -P "$jobs" -I{} bash -c 'run_one {}'
