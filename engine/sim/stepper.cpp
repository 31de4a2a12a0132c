#include "sim/stepper.h"

#include <algorithm>

namespace zs::sim {

namespace {

bool is_notification(const zab::Message& message) {
    return std::holds_alternative<zab::Notification>(message.body);
}

} // namespace

Stepper::Stepper(int participants, int observers, const zab::Timing& timing,
                 const std::map<ServerId, Disk>& disks, size_t max_diff_txns)
    : servers_(participants, observers, timing, disks, max_diff_txns) {
    for (const ServerId id : servers_.ids()) {
        restart(id);
    }
}

void Stepper::tick(const std::vector<ServerId>& ids, int64_t ticks) {
    for (int64_t i = 0; i < ticks; ++i) {
        for (const ServerId id : servers_.ids()) {
            const bool named = ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
            zab::Core* core = servers_.core(id);
            if (core != nullptr && named) {
                core->tick();
                drain(*core);
            }
        }
    }
}

size_t Stepper::deliver(ServerId from, ServerId to, size_t count) {
    size_t delivered = 0;
    auto it = waiting_.find({from, to});
    while (delivered < count && it != waiting_.end() && !it->second.empty()) {
        zab::Message message = std::move(it->second.front());
        it->second.pop_front();
        ++delivered;
        if (zab::Core* core = servers_.core(to)) {
            core->step(message);
            drain(*core);
        }
        it = waiting_.find({from, to}); // drain() may have added to this map
    }
    return delivered;
}

void Stepper::drop(ServerId from, ServerId to) {
    auto it = waiting_.find({from, to});
    if (it == waiting_.end() || it->second.empty()) {
        return;
    }
    const bool link = !is_notification(it->second.front());
    it->second.clear();
    if (link) {
        link_broke(from, to);
    }
}

bool Stepper::stabilize(size_t max_deliveries) {
    size_t delivered = 0;
    for (bool moved = true; moved;) {
        if (delivered >= max_deliveries) {
            return false;
        }
        moved = false;
        for (auto& [link, queue] : waiting_) {
            if (!queue.empty()) {
                const auto [from, to] = link;
                const size_t count = deliver(from, to, queue.size());
                delivered += count;
                moved = count > 0;
                break; // the map may have changed; start over in link order
            }
        }
    }
    return true;
}

int64_t Stepper::propose(ServerId id, const std::string& txn) {
    zab::Core* core = servers_.core(id);
    if (core == nullptr) {
        return 0;
    }
    const int64_t zxid = core->propose(std::make_shared<const std::string>(txn));
    drain(*core);
    return zxid;
}

bool Stepper::forward(ServerId id, const std::string& txn) {
    zab::Core* core = servers_.core(id);
    if (core == nullptr) {
        return false;
    }
    const bool forwarded = core->forward(std::make_shared<const std::string>(txn));
    drain(*core);
    return forwarded;
}

bool Stepper::sync(ServerId id) {
    zab::Core* core = servers_.core(id);
    if (core == nullptr) {
        return false;
    }
    const bool asked = core->sync();
    drain(*core);
    return asked;
}

void Stepper::crash(ServerId id) {
    servers_.crash(id);
    for (auto& [link, queue] : waiting_) {
        if (link.second == id) {
            queue.clear();
        }
    }
    for (const ServerId other : servers_.ids()) {
        zab::Core* core = servers_.core(other);
        if (core != nullptr && other != id) {
            core->peer_lost(id);
            drain(*core);
        }
    }
}

void Stepper::restart(ServerId id) {
    drain(servers_.restart(id));
}

void Stepper::forget_link(ServerId a, ServerId b) {
    for (const auto& link : {std::pair{a, b}, std::pair{b, a}}) {
        if (auto it = waiting_.find(link); it != waiting_.end()) {
            std::erase_if(it->second, [](const zab::Message& m) { return !is_notification(m); });
        }
    }
}

void Stepper::link_broke(ServerId a, ServerId b) {
    forget_link(a, b);
    for (const auto& [told, peer] : {std::pair{a, b}, std::pair{b, a}}) {
        if (zab::Core* core = servers_.core(told)) {
            core->peer_lost(peer);
            drain(*core);
        }
    }
}

void Stepper::drain(zab::Core& core) {
    zab::Ready ready = core.take_ready();
    servers_.store(core.id(), ready);
    for (trace::Event& event : ready.events) {
        events_.push_back(std::move(event));
    }
    // A closed link loses what was on it both ways (like a reset), and the peer knows at once.
    for (const ServerId peer : ready.disconnect) {
        forget_link(core.id(), peer);
        if (zab::Core* other = servers_.core(peer)) {
            other->peer_lost(core.id());
            drain(*other);
        }
    }
    for (zab::Message& message : ready.messages) {
        const std::pair link{message.from, message.to};
        if (cut_.contains(link)) {
            if (!is_notification(message)) {
                link_broke(message.from, message.to);
            }
            continue;
        }
        waiting_[link].push_back(std::move(message));
    }
    servers_.apply(core.id(), ready);
    // Forwarded writes are proposed as they are (the simulated state machine needs no prep).
    for (const auto& [from, request] : ready.requests) {
        core.propose(request);
    }
    if (!ready.requests.empty()) {
        drain(core);
    }
    SimStorage& storage = servers_.storage(core.id());
    if (storage.has_unsynced()) {
        core.persisted(storage.sync());
        drain(core);
    }
}

} // namespace zs::sim
