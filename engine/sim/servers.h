#pragma once

#include "sim/storage.h"
#include "zab/core.h"

#include <cstddef>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace zs::sim {

using zab::ServerId;

// The servers of a simulated ensemble: membership, each server's disk and its core. Simulation
// (virtual time) and Stepper (one step at a time) drive them each in their own way; both do
// with a Ready what is done to a server's disk through here.
class Servers {
  public:
    // Servers 1..participants, then the observers, each started from its disk (default: empty).
    Servers(int participants, int observers, const zab::Timing& timing,
            const std::map<ServerId, Disk>& disks, size_t max_diff_txns = 100000);

    // The ensemble's membership and timing (`self` unset).
    const zab::Config& config() const { return config_; }
    std::vector<ServerId> ids() const;
    // nullptr while the server is down.
    const zab::Core* core(ServerId id) const;
    zab::Core* core(ServerId id);
    SimStorage& storage(ServerId id) { return *storages_.at(id); }
    const SimStorage& storage(ServerId id) const { return *storages_.at(id); }
    const zab::DurableState& durable(ServerId id) const { return durable_.at(id); }

    // The core is gone, and what its disk had not synced.
    void crash(ServerId id);
    // A new core from the server's disk.
    zab::Core& restart(ServerId id);

    // What a Ready asks of the server's disk before anything is sent: truncate or install,
    // append, store the epochs.
    void store(ServerId id, const zab::Ready& ready);
    // What it asks of the state after: apply the committed txns.
    void apply(ServerId id, const zab::Ready& ready);

  private:
    zab::Config config_;
    std::map<ServerId, std::optional<zab::Core>> cores_;
    std::map<ServerId, zab::DurableState> durable_;
    // A server's membership once a reconfig activated one (a zoonode writes its dynamic file).
    std::map<ServerId, zab::Config> active_configs_;
    std::map<ServerId, std::unique_ptr<SimStorage>> storages_; // outlive their cores
};

} // namespace zs::sim
