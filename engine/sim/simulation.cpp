#include "sim/simulation.h"

namespace zs::sim {

Simulation::Simulation(const SimConfig& config)
    : random_(config.seed), network_(random_),
      servers_(config.participants, config.observers, config.timing, config.disks),
      min_fsync_(config.min_fsync), max_fsync_(config.max_fsync) {
    network_.set_faults(config.faults);
    for (const ServerId id : servers_.ids()) {
        restart(id);
    }
}

void Simulation::run(int64_t ticks) {
    for (int64_t i = 0; i < ticks && !over_event_limit(); ++i) {
        ++now_;
        for (Delivery& delivery : network_.deliver(now_)) {
            if (over_event_limit()) {
                return;
            }
            zab::Core* core = servers_.core(delivery.to);
            if (core == nullptr) {
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
        for (const ServerId id : servers_.ids()) {
            if (zab::Core* core = servers_.core(id)) {
                core->tick();
                drain(*core);
            }
        }
    }
}

void Simulation::sync_due() {
    for (auto& [id, at] : sync_at_) {
        SimStorage& storage = servers_.storage(id);
        if (at > now_ || !storage.has_unsynced()) {
            continue;
        }
        const int64_t zxid = storage.sync();
        if (zab::Core* core = servers_.core(id)) {
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
    servers_.crash(id); // what was not fsynced is gone
    network_.crash(now_, id, ids());
}

void Simulation::restart(ServerId id) {
    drain(servers_.restart(id));
}

void Simulation::drain(zab::Core& core) {
    zab::Ready ready = core.take_ready();
    servers_.store(core.id(), ready); // epochs included: stored before anything is sent
    if (!ready.to_persist.empty() &&
        (!sync_at_.contains(core.id()) || sync_at_[core.id()] < now_)) {
        sync_at_[core.id()] = now_ + random_.between(min_fsync_, max_fsync_);
    }
    for (const ServerId peer : ready.disconnect) {
        network_.close(now_, core.id(), peer);
    }
    for (zab::Message& message : ready.messages) {
        network_.send(now_, std::move(message));
    }
    servers_.apply(core.id(), ready);
    events_ += static_cast<int64_t>(ready.events.size());
    if (sink_) {
        for (const trace::Event& event : ready.events) {
            sink_(event);
        }
    }
    if (ready.syncs_answered != 0 && syncs_sink_) {
        syncs_sink_(core.id(), ready.syncs_answered);
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
