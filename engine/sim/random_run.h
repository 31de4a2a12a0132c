#pragma once

#include "trace/event.h"

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace zs::sim {

struct RandomRunOptions {
    int participants = 5;
    int observers = 1;
    int64_t chaos_ticks = 20000;     // faults are injected for this long
    int64_t act_every = 200;         // ticks between two nemesis decisions
    int64_t recovery_ticks = 100000; // then, healed, the ensemble must recover within this
    int64_t write_every = 25;        // ticks between two writes proposed to the leader
    int clients = 4;                 // simulated clients (see Clients), acting as often
    // Every event of the run, as it happens (e.g. to print the trace of a failing seed).
    std::function<void(const trace::Event&)> trace;
};

struct RandomRunResult {
    uint64_t seed = 0;
    // Broken properties, each with the event or the state that showed it.
    std::vector<std::string> violations;
    bool recovered = false;          // a quorum agreed on an established leader after healing
    int64_t recovery_ticks = 0;      // how long that took
    int64_t writes_acknowledged = 0; // writes the leader committed (and would have answered)
    int64_t client_writes = 0;       // writes the simulated clients had acknowledged
    int64_t client_reads = 0;        // reads they made (after a sync or not)
};

// One seeded run: an ensemble taking writes under random faults (crashes that lose unsynced
// appends, restarts, partitions, one-way cuts, clogged links, loss, duplication, reordering),
// every trace event checked against the invariants, while clients write, read and sync; then
// every fault healed, and the ensemble must recover, commit new writes, and converge: every
// running server in broadcast holds the same state, and every acknowledged write is in its log.
// The clients' histories must keep ZooKeeper's promises (check::HistoryChecker). The same seed
// replays the run exactly.
RandomRunResult run_random(uint64_t seed, const RandomRunOptions& options);

} // namespace zs::sim
