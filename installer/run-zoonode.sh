#!/usr/bin/env bash
# Sets up, builds and starts a local zoonode on 127.0.0.1:2181 with resources/zoo.cfg.
# Data lives in ${ZOONODE_DATA_DIR:-$HOME/.local/share/zooscope/zoonode}. Stop it with Ctrl-C.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
"$root/installer/build.sh" default

data_dir=${ZOONODE_DATA_DIR:-$HOME/.local/share/zooscope/zoonode}
mkdir -p "$data_dir"
config="$data_dir/zoo.cfg"
sed "s|^dataDir=.*|dataDir=$data_dir|" "$root/resources/zoo.cfg" >"$config"
exec "$root/build/default/app/zoonode/zoonode" "$config"
