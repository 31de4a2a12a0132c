#!/usr/bin/env bash
# A long offline run of the replication simulator: many seeds, every invariant checked, recovery
# required after every fault is healed. A failing seed is printed and replays exactly with
#   zooctl simulate --first SEED --seeds 1
# usage: run-seeds.sh [SEEDS] [FIRST]   (default 20000 seeds from 1; ~1.5 s per 50 seeds)
set -euo pipefail
SEEDS=${1:-20000}
FIRST=${2:-1}
BUILD_DIR=${ZS_BUILD_DIR:-$(dirname "$0")/../../build/default}
exec "$BUILD_DIR/app/zooctl/zooctl" simulate --seeds "$SEEDS" --first "$FIRST"
