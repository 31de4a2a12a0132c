#include "sim/storage.h"

#include <algorithm>
#include <sstream>

namespace zs::sim {

namespace {

std::map<std::string, std::string> parse_state(const zab::Payload& bytes) {
    std::map<std::string, std::string> state;
    if (!bytes) {
        return state;
    }
    std::istringstream in(*bytes);
    for (std::string line; std::getline(in, line);) {
        const size_t eq = line.find('=');
        if (eq != std::string::npos) {
            state[line.substr(0, eq)] = line.substr(eq + 1);
        }
    }
    return state;
}

} // namespace

SimStorage::SimStorage(int64_t last_zxid) {
    if (last_zxid != 0) {
        durable_.push_back(zab::Entry{last_zxid, std::make_shared<const std::string>(
                                                     "history=" + std::to_string(last_zxid))});
    }
    rebuild(INT64_MAX);
}

int64_t SimStorage::last_zxid() const {
    return durable_.empty() ? snapshot_.zxid : durable_.back().zxid;
}

int64_t SimStorage::floor_zxid(int64_t zxid) const {
    const auto it = std::upper_bound(durable_.begin(), durable_.end(), zxid,
                                     [](int64_t z, const zab::Entry& e) { return z < e.zxid; });
    return it == durable_.begin() ? snapshot_.zxid : std::prev(it)->zxid;
}

std::vector<zab::Entry> SimStorage::read_after(int64_t zxid, size_t max_count) const {
    std::vector<zab::Entry> entries;
    auto it = std::upper_bound(durable_.begin(), durable_.end(), zxid,
                               [](int64_t z, const zab::Entry& e) { return z < e.zxid; });
    for (; it != durable_.end() && entries.size() < max_count; ++it) {
        entries.push_back(*it);
    }
    return entries;
}

zab::Payload SimStorage::find(int64_t zxid) const {
    const auto durable = read_after(zxid - 1, 1);
    if (!durable.empty() && durable.front().zxid == zxid) {
        return durable.front().txn;
    }
    for (const zab::Entry& entry : unsynced_) {
        if (entry.zxid == zxid) {
            return entry.txn;
        }
    }
    return nullptr;
}

zab::Snapshot SimStorage::snapshot() const {
    std::string bytes;
    for (const auto& [key, value] : state_) {
        bytes += key + "=" + value + "\n";
    }
    return zab::Snapshot{applied_zxid_, std::make_shared<const std::string>(std::move(bytes))};
}

int64_t SimStorage::sync() {
    if (unsynced_.empty()) {
        return 0;
    }
    const int64_t last = unsynced_.back().zxid;
    for (zab::Entry& entry : unsynced_) {
        durable_.push_back(std::move(entry));
    }
    unsynced_.clear();
    return last;
}

void SimStorage::truncate_after(int64_t zxid) {
    std::erase_if(durable_, [zxid](const zab::Entry& e) { return e.zxid > zxid; });
    std::erase_if(unsynced_, [zxid](const zab::Entry& e) { return e.zxid > zxid; });
    rebuild(zxid);
}

void SimStorage::install(const zab::Snapshot& snapshot) {
    snapshot_ = snapshot;
    durable_.clear();
    unsynced_.clear();
    rebuild(snapshot.zxid);
}

void SimStorage::apply(const zab::Entry& entry) {
    apply_to_state(entry);
}

void SimStorage::crash() {
    unsynced_.clear();
    rebuild(INT64_MAX);
}

void SimStorage::rebuild(int64_t through_zxid) {
    state_ = parse_state(snapshot_.state);
    applied_zxid_ = snapshot_.zxid;
    for (const zab::Entry& entry : durable_) {
        if (entry.zxid <= through_zxid) {
            apply_to_state(entry);
        }
    }
    for (const zab::Entry& entry : unsynced_) {
        if (entry.zxid <= through_zxid) {
            apply_to_state(entry);
        }
    }
}

std::optional<std::vector<zab::Member>> SimStorage::members_in(const zab::Payload& txn) const {
    constexpr std::string_view kPrefix = "reconfig:";
    if (!txn || !txn->starts_with(kPrefix)) {
        return std::nullopt;
    }
    std::vector<zab::Member> members;
    std::string_view rest = std::string_view(*txn).substr(kPrefix.size());
    while (!rest.empty()) {
        const size_t comma = rest.find(',');
        std::string_view item = rest.substr(0, comma);
        rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        zab::Member member;
        if (item.ends_with('o')) {
            member.type = zab::LearnerType::observer;
            item.remove_suffix(1);
        }
        member.id = std::stoll(std::string(item));
        members.push_back(member);
    }
    return members;
}

void SimStorage::apply_to_state(const zab::Entry& entry) {
    if (entry.txn && !members_in(entry.txn)) {
        const size_t eq = entry.txn->find('=');
        if (eq != std::string::npos) {
            state_[entry.txn->substr(0, eq)] = entry.txn->substr(eq + 1);
        }
    }
    applied_zxid_ = std::max(applied_zxid_, entry.zxid);
}

} // namespace zs::sim
