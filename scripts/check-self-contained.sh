#!/usr/bin/env bash
# Fails when the repository depends on files outside itself: a clone alone must
# build, test and explain itself (README, "Running the tests").
#   check-self-contained.sh [ROOT]     ROOT defaults to the repository of this script
# Two rules, over every tracked file (every file, when ROOT is not a git tree):
#   1. no file outside docs/ names the sibling `shared` folder of the workplace
#      the project was started in (docs/ may say where a rule came from);
#   2. no test, benchmark, fuzz target or script builds a path that climbs out of
#      the source tree from the source or build directory.
set -euo pipefail
root=${1:-"$(cd "$(dirname "$0")/.." && pwd)"}
cd "$root"

if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  mapfile -t files < <(git ls-files)
else
  mapfile -t files < <(find . -type f -not -path './build/*' -not -path '*/node_modules/*' -printf '%P\n' | sort)
fi

self=scripts/check-self-contained.sh
sibling='\.\./'"shared"              # spelled in two parts so this file does not match itself
climb='(SOURCE_DIR|BINARY_DIR)[}"]*[ "]*/\.\.'

failed=0
report() {
  echo "check-self-contained: $1" >&2
  failed=1
}
for f in "${files[@]}"; do
  [[ -f "$f" && "$f" != "$self" ]] || continue
  case "$f" in
    docs/*) ;;
    *) while IFS= read -r hit; do report "$f:$hit: refers to a folder outside the repository"; done \
         < <(grep -n -E -I "$sibling" "$f" | cut -d: -f1) ;;
  esac
  case "$f" in
    tests/* | bench/* | fuzz/* | scripts/* | CMakeLists.txt | */CMakeLists.txt)
      while IFS= read -r hit; do report "$f:$hit: builds a path above the source or build tree"; done \
        < <(grep -n -E -I "$climb" "$f" | cut -d: -f1) ;;
  esac
done

if ((failed)); then
  echo "check-self-contained: keep fixtures in tests/fixtures and domain rules in docs/" >&2
  exit 1
fi
echo "check-self-contained: ${#files[@]} files, nothing outside the repository is needed"
