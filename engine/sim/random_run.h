#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zs::sim {

struct RandomRunOptions {
    int participants = 5;
    int observers = 1;
    int64_t chaos_ticks = 20000;     // faults are injected for this long
    int64_t act_every = 200;         // ticks between two nemesis decisions
    int64_t recovery_ticks = 100000; // then, healed, the ensemble must recover within this
};

struct RandomRunResult {
    uint64_t seed = 0;
    std::vector<std::string>
        violations;             // broken safety properties, with the events that showed them
    bool recovered = false;     // a quorum agreed on an established leader after healing
    int64_t recovery_ticks = 0; // how long that took
};

// One seeded run: an ensemble under random faults (crashes, restarts, partitions, one-way cuts,
// clogged links, loss, duplication, reordering), every trace event checked against the
// invariants, then every fault healed and recovery required. The same seed replays it exactly.
RandomRunResult run_random(uint64_t seed, const RandomRunOptions& options);

} // namespace zs::sim
