#!/usr/bin/env bash
# Installs the dependencies, then configures and builds ZooScope with a CMake preset.
#   build.sh [PRESET [TARGET...]]   PRESET: default (the default), asan or fuzz
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
preset=${1:-default}
shift || true

"$root/installer/install-deps.sh"
cd "$root"
# Three presets of the whole tree outgrow ccache's default 5 GB.
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-15G}
cmake --preset "$preset" >/dev/null
targets=()
for t in "$@"; do targets+=(--target "$t"); done
cmake --build --preset "$preset" -j "$(nproc)" "${targets[@]}"
