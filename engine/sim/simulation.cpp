#include "sim/simulation.h"

namespace zs::sim {

Simulation::Simulation(const SimConfig& config)
    : random_(config.seed), network_(random_), min_fsync_(config.min_fsync),
      max_fsync_(config.max_fsync) {
    network_.set_faults(config.faults);
    base_.timing = config.timing;
    const int total = config.participants + config.observers;
    for (int i = 1; i <= total; ++i) {
        base_.members.push_back(zab::Member{i, i <= config.participants
                                                   ? zab::LearnerType::participant
                                                   : zab::LearnerType::observer});
    }
    for (const zab::Member& member : base_.members) {
        const auto given = config.disks.find(member.id);
        const Disk disk = given != config.disks.end() ? given->second : Disk{};
        durable_[member.id] = zab::DurableState{disk.accepted_epoch, disk.current_epoch};
        storages_[member.id] = std::make_unique<SimStorage>(disk.last_zxid);
        restart(member.id);
    }
}

std::vector<ServerId> Simulation::ids() const {
    std::vector<ServerId> ids;
    for (const auto& [id, core] : cores_) {
        ids.push_back(id);
    }
    return ids;
}

const zab::Core* Simulation::core(ServerId id) const {
    const auto it = cores_.find(id);
    return it != cores_.end() && it->second ? &*it->second : nullptr;
}

zab::Core* Simulation::core(ServerId id) {
    const auto it = cores_.find(id);
    return it != cores_.end() && it->second ? &*it->second : nullptr;
}

void Simulation::run(int64_t ticks) {
    for (int64_t i = 0; i < ticks; ++i) {
        ++now_;
        for (Delivery& delivery : network_.deliver(now_)) {
            auto& core = cores_[delivery.to];
            if (!core) {
                continue;
            }
            if (delivery.body) {
                core->step(zab::Message{delivery.from, delivery.to, std::move(*delivery.body)});
            } else {
                core->peer_lost(delivery.from);
            }
            drain(*core);
        }
        sync_due();
        for (auto& [id, core] : cores_) {
            if (core) {
                core->tick();
                drain(*core);
            }
        }
    }
}

void Simulation::sync_due() {
    for (auto& [id, at] : sync_at_) {
        SimStorage& storage = *storages_.at(id);
        if (at > now_ || !storage.has_unsynced()) {
            continue;
        }
        const int64_t zxid = storage.sync();
        if (auto& core = cores_[id]) {
            core->persisted(zxid);
            drain(*core);
        }
    }
}

bool Simulation::run_until(const std::function<bool()>& done, int64_t max_ticks) {
    for (int64_t i = 0; i < max_ticks; ++i) {
        if (done()) {
            return true;
        }
        run(1);
    }
    return done();
}

void Simulation::crash(ServerId id) {
    cores_[id].reset();
    storages_.at(id)->crash(); // what was not fsynced is gone
    network_.crash(now_, id, ids());
}

void Simulation::restart(ServerId id) {
    zab::Config config = base_;
    config.self = id;
    auto& core = cores_[id];
    SimStorage& storage = *storages_.at(id);
    core.emplace(std::move(config), durable_[id], zab::Storage{storage, storage});
    drain(*core);
}

void Simulation::drain(zab::Core& core) {
    zab::Ready ready = core.take_ready();
    SimStorage& storage = *storages_.at(core.id());
    if (ready.truncate_after) {
        storage.truncate_after(*ready.truncate_after);
    }
    if (ready.install_snapshot) {
        storage.install(*ready.install_snapshot);
    }
    for (const zab::Entry& entry : ready.to_persist) {
        storage.append(entry);
    }
    if (!ready.to_persist.empty() &&
        (!sync_at_.contains(core.id()) || sync_at_[core.id()] < now_)) {
        sync_at_[core.id()] = now_ + random_.between(min_fsync_, max_fsync_);
    }
    if (ready.durable) {
        durable_[core.id()] = *ready.durable; // stored before anything is sent
    }
    for (const ServerId peer : ready.disconnect) {
        network_.close(now_, core.id(), peer);
    }
    for (zab::Message& message : ready.messages) {
        network_.send(now_, std::move(message));
    }
    for (const zab::Entry& entry : ready.to_apply) {
        storage.apply(entry);
    }
    if (sink_) {
        for (const trace::Event& event : ready.events) {
            sink_(event);
        }
    }
    // Forwarded writes are proposed as they are (the simulated state machine needs no prep).
    for (const auto& [from, request] : ready.requests) {
        core.propose(request);
    }
    if (!ready.requests.empty()) {
        drain(core);
    }
}

} // namespace zs::sim
