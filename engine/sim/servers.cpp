#include "sim/servers.h"

namespace zs::sim {

namespace {

// A "reconfig:" txn naming `config`'s members, as SimStorage reads them.
zab::Payload membership_txn(const zab::Config& config) {
    std::string text = "reconfig:";
    for (const zab::Member& member : config.members) {
        text +=
            std::to_string(member.id) + (member.type == zab::LearnerType::observer ? "o," : ",");
    }
    text.pop_back();
    return std::make_shared<const std::string>(std::move(text));
}

} // namespace

Servers::Servers(int participants, int observers, const zab::Timing& timing,
                 const std::map<ServerId, Disk>& disks, size_t max_diff_txns) {
    config_.timing = timing;
    config_.max_diff_txns = max_diff_txns;
    for (int i = 1; i <= participants + observers; ++i) {
        config_.members.push_back(zab::Member{i, i <= participants ? zab::LearnerType::participant
                                                                   : zab::LearnerType::observer});
    }
    for (const zab::Member& member : config_.members) {
        const auto given = disks.find(member.id);
        const Disk disk = given != disks.end() ? given->second : Disk{};
        durable_[member.id] = zab::DurableState{disk.accepted_epoch, disk.current_epoch};
        storages_[member.id] = std::make_unique<SimStorage>(disk.last_zxid);
        storages_[member.id]->set_membership(membership_txn(config_));
        cores_[member.id];
    }
}

std::vector<ServerId> Servers::ids() const {
    std::vector<ServerId> ids;
    for (const auto& [id, core] : cores_) {
        ids.push_back(id);
    }
    return ids;
}

const zab::Core* Servers::core(ServerId id) const {
    const auto it = cores_.find(id);
    return it != cores_.end() && it->second ? &*it->second : nullptr;
}

zab::Core* Servers::core(ServerId id) {
    const auto it = cores_.find(id);
    return it != cores_.end() && it->second ? &*it->second : nullptr;
}

void Servers::crash(ServerId id) {
    cores_.at(id).reset();
    storages_.at(id)->crash();
}

zab::Core& Servers::restart(ServerId id) {
    zab::Config config = config_;
    config.self = id;
    SimStorage& storage = *storages_.at(id);
    if (const auto active = active_configs_.find(id); active != active_configs_.end()) {
        config.members = active->second.members; // the membership it stored when activated
        config.version = active->second.version;
    }
    return cores_.at(id).emplace(std::move(config), durable_.at(id),
                                 zab::Storage{storage, storage, storage});
}

void Servers::store(ServerId id, const zab::Ready& ready) {
    SimStorage& storage = *storages_.at(id);
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
        durable_.at(id) = *ready.durable;
    }
    if (ready.activated) {
        active_configs_[id] = cores_.at(id)->config();
        storage.set_membership(ready.activated->txn);
    }
}

void Servers::apply(ServerId id, const zab::Ready& ready) {
    SimStorage& storage = *storages_.at(id);
    for (const zab::Entry& entry : ready.to_apply) {
        storage.apply(entry);
    }
}

} // namespace zs::sim
