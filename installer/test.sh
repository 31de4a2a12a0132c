#!/usr/bin/env bash
# Sets up, builds and runs every test:
#   1. the fuzzers (clang, libFuzzer: the request decoder and the zoo.cfg reader), each for a
#      bounded time;
#   2. the zoonode suites under AddressSanitizer + UndefinedBehaviorSanitizer (the "asan" preset,
#      which leaves out the desktop app); left to step 3: the suites that only exercise Apache
#      ZooKeeper, the 5-member and ensemble repeats of suites that run on one or three members,
#      the client library's suite and the random simulator seeds (their code runs under the
#      sanitizers in the other suites), so that CI keeps within its time;
#   3. every QtTest suite through CTest: unit tests, and the interoperability tests that start
#      zoonode, Apache ZooKeeper, kazoo, zkCli.sh and the C client.
# ZS_FUZZ_SECONDS sets the fuzzing time per target (default 10: the committed corpus is replayed
# whole first; run-fuzzers.sh with a longer time searches further).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
fuzz_seconds=${ZS_FUZZ_SECONDS:-10}

"$root/installer/build.sh" fuzz fuzz_request_decoder fuzz_zoo_config
"$root/tests/fuzz/run-fuzzers.sh" "$root/build/fuzz" "$fuzz_seconds"

"$root/installer/build.sh" asan
(cd "$root" && ctest --preset asan --label-exclude zookeeper \
  --exclude-regex 'zoonode-ensemble$|zoonode-5$|^client\.zoonode$|^sim\.seeds$')

"$root/installer/build.sh" default
cd "$root"
ctest --preset default
