#!/usr/bin/env bash
# Sets up, builds and runs every test: the QtTest suites through CTest (unit tests, and the
# interoperability tests that start zoonode, Apache ZooKeeper, kazoo, zkCli.sh and the C client),
# after the request-decoder fuzzer has run for a bounded time.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz_seconds=${ZS_FUZZ_SECONDS:-60}

"$root/installer/build.sh" fuzz fuzz_request_decoder
"$root/tests/fuzz/run-fuzzers.sh" "$root/build/fuzz" "$fuzz_seconds"

"$root/installer/build.sh" default
cd "$root"
ctest --preset default
