#pragma once

#include "sim/network.h"
#include "sim/random.h"
#include "sim/servers.h"
#include "sim/storage.h"
#include "trace/event.h"
#include "zab/core.h"

#include <cstdint>
#include <functional>
#include <map>
#include <vector>

namespace zs::sim {

struct SimConfig {
    uint64_t seed = 1;
    int participants = 3;
    int observers = 0; // ids follow the participants' (1..participants, then the observers)
    zab::Timing timing;
    NetworkFaults faults;
    // What a server has on disk at the start (default: nothing).
    std::map<ServerId, Disk> disks;
    // Ticks from an append to its fsync, drawn per batch.
    int64_t min_fsync = 1;
    int64_t max_fsync = 3;
};

// A deterministic run of an ensemble of real cores on virtual time: every tick, the messages
// due are delivered, then every running server ticks, and whatever the cores ask for is done at
// once. Faults (crashes, restarts, partitions, clogs, loss) are applied between ticks by the
// caller; the same seed and the same calls replay the same run.
class Simulation {
  public:
    explicit Simulation(const SimConfig& config);

    int64_t now() const { return now_; }
    // The ensemble's membership and timing (`self` unset).
    const zab::Config& config() const { return servers_.config(); }
    std::vector<ServerId> ids() const { return servers_.ids(); }
    // nullptr while the server is down.
    const zab::Core* core(ServerId id) const { return servers_.core(id); }
    zab::Core* core(ServerId id) { return servers_.core(id); }
    const SimStorage& storage(ServerId id) const { return servers_.storage(id); }
    Network& network() { return network_; }
    Random& random() { return random_; }

    // Every trace event of every server, as it happens.
    void on_event(std::function<void(const trace::Event&)> sink) { sink_ = std::move(sink); }
    // A server's leader answered `count` of its SYNCs (after the txns of that batch applied).
    void on_syncs_answered(std::function<void(ServerId server, int64_t count)> sink) {
        syncs_sink_ = std::move(sink);
    }
    // After this many events run() does nothing more: servers that answer each other without
    // end multiply messages, and a run must stop to report it (0: no limit).
    void limit_events(int64_t limit) { event_limit_ = limit; }
    bool over_event_limit() const { return event_limit_ != 0 && events_ > event_limit_; }

    void run(int64_t ticks);
    // Runs until `done` holds (checked after every tick) or `max_ticks` have passed; whether it
    // held.
    bool run_until(const std::function<bool()>& done, int64_t max_ticks);

    // A crashed server loses its memory and the messages on their way to it; a restart brings
    // it back from its durable state.
    void crash(ServerId id);
    void restart(ServerId id);

  private:
    void drain(zab::Core& core);
    void sync_due();

    Random random_;
    Network network_;
    Servers servers_;
    std::map<ServerId, int64_t> sync_at_; // a pending fsync completes then
    int64_t min_fsync_ = 1;
    int64_t max_fsync_ = 3;
    std::function<void(const trace::Event&)> sink_;
    std::function<void(ServerId, int64_t)> syncs_sink_;
    int64_t events_ = 0;
    int64_t event_limit_ = 0;
    int64_t now_ = 0;
};

} // namespace zs::sim
