#!/usr/bin/env bash
# Installs what tapelab needs to build, test and run its demo on Debian 12.
# Idempotent: it installs only what is missing, so `make demo` and `make test`
# can call it every time at the cost of a few dpkg queries.
set -euo pipefail
cd "$(dirname "$0")/.."

debian_packages=(
  build-essential cmake pkg-config git clang libclang-rt-14-dev
  libgtest-dev libgmock-dev googletest libbenchmark-dev
  libzstd-dev libsnappy-dev liblz4-dev zlib1g-dev libbrotli-dev libdeflate-dev libisal-dev isal libxxhash-dev
  libcli11-dev libfmt-dev nlohmann-json3-dev libtbb-dev libtomlplusplus-dev
  mariadb-server mariadb-client
  hyperfine ccache
  libboost1.81-dev nghttp2-client
  chromium
  python3-dev python3-pybind11 pybind11-dev python3-numpy python3-pandas python3-pytest
  python3-dask python3-distributed
)

missing=()
for pkg in "${debian_packages[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if ((${#missing[@]})); then
  echo "setup: installing ${missing[*]}"
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  export DEBIAN_FRONTEND=noninteractive
  "${sudo_cmd[@]}" apt-get update -qq
  "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Node packages, each folder's own: the interop checks (DuckDB, Polars,
# parquet-wasm read our files), playwright-core, which drives the Chromium
# above (no browser download) for the tests that look at report.html and the
# player, and the player's build (web/: Vite, TypeScript, uPlot), installed
# exactly as its lock file says (npm ci).
# Node.js 20 and npm come with the machine; Debian's npm is never installed.
npm_install() {
  local dir=$1 purpose=$2 how=${3:-install}
  [[ -f $dir/package.json ]] || return 0
  if [[ ! -d $dir/node_modules ]] || [[ $dir/package.json -nt $dir/node_modules ]]; then
    echo "setup: installing npm packages for $purpose"
    (cd "$dir" && npm "$how" --no-audit --no-fund --loglevel=error)
    touch "$dir/node_modules"
  fi
}
npm_install tools/interop "interop checks"
npm_install tools/browser "the browser checks"
npm_install web "the browser player" ci
