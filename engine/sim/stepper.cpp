#include "sim/stepper.h"

#include <algorithm>

namespace zs::sim {

namespace {

bool is_notification(const zab::Message& message) {
    return std::holds_alternative<zab::Notification>(message.body);
}

} // namespace

Stepper::Stepper(int participants, int observers, const zab::Timing& timing,
                 const std::map<ServerId, Disk>& disks, size_t max_diff_txns) {
    base_.timing = timing;
    base_.max_diff_txns = max_diff_txns;
    for (int i = 1; i <= participants + observers; ++i) {
        base_.members.push_back(zab::Member{i, i <= participants ? zab::LearnerType::participant
                                                                 : zab::LearnerType::observer});
    }
    for (const zab::Member& member : base_.members) {
        const auto given = disks.find(member.id);
        const Disk disk = given != disks.end() ? given->second : Disk{};
        durable_[member.id] = zab::DurableState{disk.accepted_epoch, disk.current_epoch};
        storages_[member.id] = std::make_unique<SimStorage>(disk.last_zxid);
        restart(member.id);
    }
}

std::vector<ServerId> Stepper::ids() const {
    std::vector<ServerId> ids;
    for (const auto& [id, core] : cores_) {
        ids.push_back(id);
    }
    return ids;
}

const zab::Core* Stepper::core(ServerId id) const {
    const auto it = cores_.find(id);
    return it != cores_.end() && it->second ? &*it->second : nullptr;
}

zab::Core* Stepper::core(ServerId id) {
    const auto it = cores_.find(id);
    return it != cores_.end() && it->second ? &*it->second : nullptr;
}

void Stepper::tick(const std::vector<ServerId>& ids, int64_t ticks) {
    for (int64_t i = 0; i < ticks; ++i) {
        for (auto& [id, core] : cores_) {
            const bool named = ids.empty() || std::find(ids.begin(), ids.end(), id) != ids.end();
            if (core && named) {
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
        if (auto& core = cores_[to]) {
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
    auto& core = cores_.at(id);
    if (!core) {
        return 0;
    }
    const int64_t zxid = core->propose(std::make_shared<const std::string>(txn));
    drain(*core);
    return zxid;
}

bool Stepper::forward(ServerId id, const std::string& txn) {
    auto& core = cores_.at(id);
    const bool forwarded = core && core->forward(std::make_shared<const std::string>(txn));
    if (core) {
        drain(*core);
    }
    return forwarded;
}

bool Stepper::sync(ServerId id) {
    auto& core = cores_.at(id);
    const bool asked = core && core->sync();
    if (core) {
        drain(*core);
    }
    return asked;
}

void Stepper::crash(ServerId id) {
    cores_[id].reset();
    storages_.at(id)->crash();
    for (auto& [link, queue] : waiting_) {
        if (link.second == id) {
            queue.clear();
        }
    }
    for (auto& [other, core] : cores_) {
        if (core && other != id) {
            core->peer_lost(id);
            drain(*core);
        }
    }
}

void Stepper::restart(ServerId id) {
    zab::Config config = base_;
    config.self = id;
    auto& core = cores_[id];
    SimStorage& storage = *storages_.at(id);
    core.emplace(std::move(config), durable_[id], zab::Storage{storage, storage});
    drain(*core);
}

void Stepper::link_broke(ServerId a, ServerId b) {
    for (const auto& [told, peer] : {std::pair{a, b}, std::pair{b, a}}) {
        if (auto& core = cores_[told]) {
            core->peer_lost(peer);
            drain(*core);
        }
    }
}

void Stepper::drain(zab::Core& core) {
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
    if (ready.durable) {
        durable_[core.id()] = *ready.durable;
    }
    for (trace::Event& event : ready.events) {
        events_.push_back(std::move(event));
    }
    for (const ServerId peer : ready.disconnect) {
        if (auto& other = cores_[peer]) {
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
    for (const zab::Entry& entry : ready.to_apply) {
        storage.apply(entry);
    }
    // Forwarded writes are proposed as they are (the simulated state machine needs no prep).
    for (const auto& [from, request] : ready.requests) {
        core.propose(request);
    }
    if (!ready.requests.empty()) {
        drain(core);
    }
    if (storage.has_unsynced()) {
        core.persisted(storage.sync());
        drain(core);
    }
}

} // namespace zs::sim
