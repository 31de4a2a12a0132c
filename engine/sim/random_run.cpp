#include "sim/random_run.h"

#include "check/invariants.h"
#include "sim/nemesis.h"
#include "sim/simulation.h"

#include <map>

namespace zs::sim {

namespace {

// A quorum of voters have agreed on the epoch of one leader, which leads.
bool quorum_established(const Simulation& sim) {
    const zab::Config& config = sim.config();
    std::map<ServerId, size_t> support;
    for (const ServerId id : config.voters()) {
        const zab::Core* core = sim.core(id);
        if (core != nullptr && core->state() != zab::ServerState::looking &&
            core->phase() == zab::Phase::synchronization) {
            ++support[core->current_vote().leader];
        }
    }
    for (const auto& [leader, count] : support) {
        const zab::Core* core = sim.core(leader);
        if (config.is_quorum(count) && core != nullptr &&
            core->state() == zab::ServerState::leading &&
            core->phase() == zab::Phase::synchronization) {
            return true;
        }
    }
    return false;
}

} // namespace

RandomRunResult run_random(uint64_t seed, const RandomRunOptions& options) {
    SimConfig config;
    config.seed = seed;
    config.participants = options.participants;
    config.observers = options.observers;
    const NetworkFaults calm{.min_delay = 1, .max_delay = 20, .drop = 0, .duplicate = 0.05};
    const NetworkFaults lossy{.min_delay = 1, .max_delay = 60, .drop = 0.2, .duplicate = 0.2};
    config.faults = calm;
    Simulation sim(config);
    check::InvariantChecker checker;
    sim.on_event([&checker](const trace::Event& event) { checker.observe(event); });

    Nemesis nemesis(sim, lossy);
    for (int64_t t = 0; t < options.chaos_ticks; t += options.act_every) {
        nemesis.act();
        sim.run(options.act_every);
    }
    nemesis.heal_all(calm);
    const int64_t healed_at = sim.now();
    RandomRunResult result;
    result.seed = seed;
    result.recovered =
        sim.run_until([&] { return quorum_established(sim); }, options.recovery_ticks);
    result.recovery_ticks = sim.now() - healed_at;
    result.violations = checker.violations();
    return result;
}

} // namespace zs::sim
