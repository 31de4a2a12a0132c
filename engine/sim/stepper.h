#pragma once

#include "sim/servers.h"
#include "sim/storage.h"
#include "trace/event.h"
#include "zab/core.h"

#include <cstdint>
#include <deque>
#include <map>
#include <set>
#include <utility>
#include <vector>

namespace zs::sim {

using zab::ServerId;

// An ensemble driven one step at a time: nothing is delivered and no time passes unless asked.
// Appends are fsynced at once (the simulator is where fsyncs take time and crashes lose them).
// Messages wait on their link (in order) until delivered or dropped. This is what golden
// interaction tests script, and what a teacher steps through: every event can be shown as it
// happens.
class Stepper {
  public:
    // Servers 1..participants, then the observers; all start LOOKING.
    Stepper(int participants, int observers, const zab::Timing& timing,
            const std::map<ServerId, Disk>& disks = {}, size_t max_diff_txns = 100000);

    std::vector<ServerId> ids() const { return servers_.ids(); }
    const zab::Core* core(ServerId id) const { return servers_.core(id); } // nullptr while down
    zab::Core* core(ServerId id) { return servers_.core(id); }
    const SimStorage& storage(ServerId id) const { return servers_.storage(id); }
    const zab::DurableState& durable(ServerId id) const { return servers_.durable(id); }

    // Every event since the last call, in order.
    std::vector<trace::Event> take_events() { return std::exchange(events_, {}); }

    // `ticks` ticks of the servers named (all running ones if empty).
    void tick(const std::vector<ServerId>& ids, int64_t ticks);
    // Delivers up to `count` messages waiting from `from` to `to`; how many were.
    size_t deliver(ServerId from, ServerId to, size_t count);
    // Drops what waits from `from` to `to` (a learner link breaks: both ends are told).
    void drop(ServerId from, ServerId to);
    // Delivers everything, including what the deliveries cause, until nothing waits; false if
    // that took more than `max_deliveries` (the servers keep talking without time passing).
    bool stabilize(size_t max_deliveries = 100000);
    // Cut links lose what is sent on them (learner links break); heal() restores them.
    void cut(ServerId from, ServerId to) { cut_.insert({from, to}); }
    void heal() { cut_.clear(); }
    // The server proposes a txn (it must lead and broadcast); its zxid, or 0.
    int64_t propose(ServerId id, const std::string& txn);
    // A learner forwards a write to its leader, or asks it for a SYNC; false if it cannot.
    bool forward(ServerId id, const std::string& txn);
    bool sync(ServerId id);
    void crash(ServerId id);
    void restart(ServerId id);
    // Messages waiting, per link.
    const std::map<std::pair<ServerId, ServerId>, std::deque<zab::Message>>& waiting() const {
        return waiting_;
    }

  private:
    void drain(zab::Core& core);
    void link_broke(ServerId a, ServerId b);
    // Learner messages waiting between a and b, both ways, are lost.
    void forget_link(ServerId a, ServerId b);

    Servers servers_;
    std::map<std::pair<ServerId, ServerId>, std::deque<zab::Message>> waiting_;
    std::set<std::pair<ServerId, ServerId>> cut_;
    std::vector<trace::Event> events_;
};

} // namespace zs::sim
