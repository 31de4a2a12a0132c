#!/usr/bin/env bash
# Installs every Debian 12 package that ZooScope's build, tests and app need.
# Idempotent: packages already present are left alone; safe to run on every build.
set -euo pipefail

packages=(
  # toolchain
  build-essential cmake ninja-build ccache clang libclang-rt-14-dev clang-format pkg-config
  # engine libraries
  libboost-dev libboost-system-dev libsqlite3-dev zlib1g-dev nlohmann-json3-dev libfmt-dev libspdlog-dev
  libcli11-dev libssl-dev
  # desktop app
  qt6-base-dev qt6-charts-dev qt6-svg-dev qtkeychain-qt6-dev libqt6sql6-sqlite
  # real peers for the interoperability tests
  zookeeper zookeeper-bin libslf4j-java python3 python3-kazoo libzookeeper-mt-dev default-jre-headless
  # screenshots and process tools used by tests
  xvfb procps fonts-dejavu-core
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  sudo_cmd=()
  [[ $(id -u) -eq 0 ]] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
