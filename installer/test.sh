#!/usr/bin/env bash
# Sets up, builds and runs every test:
#   1. the fuzzers (clang, libFuzzer: the request decoder and the zoo.cfg reader), each for a
#      bounded time;
#   2. the zoonode suites under AddressSanitizer + UndefinedBehaviorSanitizer (the "asan" preset;
#      the suites that only exercise Apache ZooKeeper are left to step 3);
#   3. every QtTest suite through CTest: unit tests, and the interoperability tests that start
#      zoonode, Apache ZooKeeper, kazoo, zkCli.sh and the C client.
# ZS_FUZZ_SECONDS sets the fuzzing time per target (default 45).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz_seconds=${ZS_FUZZ_SECONDS:-45}

"$root/installer/build.sh" fuzz fuzz_request_decoder fuzz_zoo_config
"$root/tests/fuzz/run-fuzzers.sh" "$root/build/fuzz" "$fuzz_seconds"

"$root/installer/build.sh" asan
(cd "$root" && ctest --preset asan --label-exclude zookeeper)

"$root/installer/build.sh" default
cd "$root"
ctest --preset default
