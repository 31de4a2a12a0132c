#include "sim/random_run.h"

#include "check/history.h"
#include "check/invariants.h"
#include "sim/clients.h"
#include "sim/nemesis.h"
#include "sim/simulation.h"

#include <fmt/format.h>
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
            core->phase() == zab::Phase::broadcast) {
            ++support[core->current_vote().leader];
        }
    }
    for (const auto& [leader, count] : support) {
        const zab::Core* core = sim.core(leader);
        if (config.is_quorum(count) && core != nullptr &&
            core->state() == zab::ServerState::leading && core->phase() == zab::Phase::broadcast) {
            return true;
        }
    }
    return false;
}

// Every running server in broadcast has applied the same txns into the same state, and every
// acknowledged write is in the log of each of them.
void check_converged(const Simulation& sim, const std::map<int64_t, zab::Payload>& acknowledged,
                     std::vector<std::string>& violations) {
    const SimStorage* reference = nullptr;
    ServerId reference_id = 0;
    for (const ServerId id : sim.ids()) {
        const zab::Core* core = sim.core(id);
        if (core == nullptr || core->phase() != zab::Phase::broadcast) {
            continue;
        }
        const SimStorage& storage = sim.storage(id);
        if (reference == nullptr) {
            reference = &storage;
            reference_id = id;
        } else if (storage.state() != reference->state() ||
                   storage.applied_zxid() != reference->applied_zxid()) {
            violations.push_back(
                fmt::format("servers {} and {} differ: applied 0x{:x} and 0x{:x}, {} and {} keys",
                            reference_id, id, reference->applied_zxid(), storage.applied_zxid(),
                            reference->state().size(), storage.state().size()));
        }
        for (const auto& [zxid, txn] : acknowledged) {
            if (zxid <= storage.base_zxid()) {
                continue; // behind a snapshot: in the state, no longer in the log
            }
            const auto entries = storage.read_after(zxid - 1, 1);
            if (entries.empty() || entries.front().zxid != zxid || *entries.front().txn != *txn) {
                violations.push_back(fmt::format(
                    "server {} lost acknowledged write 0x{:x} ({}); its log has 0x{:x} ({}) there",
                    id, zxid, *txn, entries.empty() ? 0 : entries.front().zxid,
                    entries.empty() ? "" : *entries.front().txn));
            }
        }
    }
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
    RandomRunResult result;
    result.seed = seed;
    check::InvariantChecker checker;
    check::HistoryChecker history;
    Clients clients(sim, history, options.clients, 7);
    sim.on_syncs_answered(
        [&clients](ServerId server, int64_t count) { clients.syncs_answered(server, count); });
    // A write is acknowledged once its leader commits it: no client hears back earlier.
    std::map<int64_t, zab::Payload> acknowledged;
    sim.on_event([&](const trace::Event& event) {
        if (options.trace) {
            options.trace(event);
        }
        checker.observe(event);
        clients.observe(event);
        const auto* committed = std::get_if<trace::Committed>(&event.body);
        const zab::Core* core = sim.core(event.server);
        if (committed != nullptr && core != nullptr && core->state() == zab::ServerState::leading) {
            if (zab::Payload txn = sim.storage(event.server).find(committed->zxid)) {
                acknowledged[committed->zxid] = std::move(txn);
            }
        }
    });
    int64_t writes = 0;
    // Half the writes go to the leader, half to another server, which forwards them (REQUEST).
    const auto write = [&] {
        auto txn =
            std::make_shared<const std::string>(fmt::format("k{}={}.{}", writes % 7, seed, writes));
        const bool forwarded = sim.random().chance(0.5);
        for (const ServerId id : sim.ids()) {
            zab::Core* core = sim.core(id);
            if (core == nullptr) {
                continue;
            }
            const bool leads = core->state() == zab::ServerState::leading;
            if (forwarded ? (!leads && core->forward(txn)) : (leads && core->propose(txn) != 0)) {
                ++writes;
                return;
            }
        }
    };
    // Servers that answer each other without end (a livelock no invariant sees) multiply
    // messages; such a run stops and fails.
    const int64_t max_events = 20 * (options.chaos_ticks + options.recovery_ticks);
    sim.limit_events(max_events);
    const auto exploded = [&] { return sim.over_event_limit(); };
    const auto run_writing = [&](int64_t ticks) {
        for (int64_t t = 0; t < ticks && !exploded(); t += options.write_every) {
            write();
            clients.act();
            sim.run(options.write_every);
        }
    };

    Nemesis nemesis(sim, lossy);
    for (int64_t t = 0; t < options.chaos_ticks; t += options.act_every) {
        nemesis.act();
        run_writing(options.act_every);
    }
    nemesis.heal_all(calm);
    const int64_t healed_at = sim.now();
    result.recovered = !exploded() &&
                       sim.run_until([&] { return exploded() || quorum_established(sim); },
                                     options.recovery_ticks) &&
                       !exploded();
    result.recovery_ticks = sim.now() - healed_at;
    if (result.recovered) {
        // Writes go through again, and everyone catches up.
        const size_t before = acknowledged.size();
        run_writing(2000);
        sim.run(3000);
        if (acknowledged.size() == before) {
            result.violations.push_back("no write was acknowledged after recovery");
        }
        check_converged(sim, acknowledged, result.violations);
    }
    if (exploded()) {
        result.violations.push_back(fmt::format(
            "more than {} events: servers keep answering each other without end", max_events));
    }
    result.writes_acknowledged = static_cast<int64_t>(acknowledged.size());
    result.client_writes = clients.writes_acknowledged();
    result.client_reads = static_cast<int64_t>(history.reads());
    for (const std::string& violation : history.violations()) {
        result.violations.push_back(violation);
    }
    for (const std::string& violation : checker.violations()) {
        result.violations.push_back(violation);
    }
    return result;
}

} // namespace zs::sim
