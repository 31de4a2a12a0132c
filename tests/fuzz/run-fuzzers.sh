#!/usr/bin/env bash
# Runs every fuzz target for a bounded time from the committed seed corpus.
#   run-fuzzers.sh BUILD_DIR SECONDS
# A crash, leak or sanitizer report fails the run and leaves the reproducer in the work directory.
set -euo pipefail
build_dir=$1
seconds=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

for target in fuzz_request_decoder fuzz_zoo_config; do
    mkdir -p "$work/$target"
    cp "$here/corpus/$target"/* "$work/$target/" 2>/dev/null || true
    echo "fuzzing $target for ${seconds}s"
    "$build_dir/tests/fuzz/$target" -max_total_time="$seconds" -max_len=65536 \
        -artifact_prefix="$here/../../build/fuzz-artifacts-" -print_final_stats=1 "$work/$target" 2>&1 |
        tail -n 25
done
