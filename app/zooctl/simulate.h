#pragma once

#include <cstdint>

namespace zs::zooctl {

struct SimulateOptions {
    uint64_t seeds = 500;
    uint64_t first = 1;
    int participants = 5;
    int observers = 1;
    int64_t chaos_ticks = 20000;
    bool trace = false; // print every event of every run as NDJSON
};

// zooctl simulate: seeded random runs of the replication core under faults, checked; prints
// every failing seed (which replays it) and a summary. Exit 0 when every run held.
int run_simulate(const SimulateOptions& options);

} // namespace zs::zooctl
