#pragma once

#include <cstdint>
#include <string>

namespace zs::zooctl {

// What `zooctl bench` runs: N sessions, each keeping `window` requests outstanding for
// `seconds` after `warmup_seconds`, on the znodes parent/n00000000 ... (those `populate` creates,
// the same layout as the C-client benchmark uses).
struct BenchOptions {
    std::string servers;
    // populate, read (getData), write (setData), mixed (read_ratio reads, the rest writes),
    // create-delete (each slot creates a node and deletes it again).
    std::string workload = "read";
    std::string parent = "/bench";
    int64_t count = 0; // znodes to use (populate: to create); 0: the parent's child count
    int size_bytes = 100;
    int sessions = 4;
    int window = 100;
    double seconds = 10;
    double warmup_seconds = 2;
    double read_ratio = 0.9;
    int threads = 1;
    int session_timeout_ms = 30000;
};

// Runs the benchmark and prints a human summary and a "result op=... ops_per_s=..." line.
// Returns the exit code: 0, 1 when requests failed, 2 when the servers are unreachable.
int run_bench(const BenchOptions& options);

} // namespace zs::zooctl
