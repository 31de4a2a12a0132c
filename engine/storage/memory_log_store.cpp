#include "storage/memory_log_store.h"

#include <algorithm>
#include <cassert>

namespace zs::storage {

std::optional<StorageError> MemoryLogStore::append(std::span<const LogEntry> entries) {
    for (const LogEntry& entry : entries) {
        assert(entry.header.zxid > last_zxid_);
        entries_.push_back(entry);
        last_zxid_ = entry.header.zxid;
        if (entries_.size() > max_entries_) {
            purged_through_ = entries_.front().header.zxid;
            entries_.pop_front();
        }
    }
    return std::nullopt;
}

std::vector<LogEntry> MemoryLogStore::read(int64_t first_zxid, int64_t last_zxid) const {
    auto by_zxid = [](const LogEntry& e, int64_t zxid) { return e.header.zxid < zxid; };
    auto it = std::lower_bound(entries_.begin(), entries_.end(), first_zxid, by_zxid);
    std::vector<LogEntry> out;
    for (; it != entries_.end() && it->header.zxid <= last_zxid; ++it) {
        out.push_back(*it);
    }
    return out;
}

int64_t MemoryLogStore::last_zxid() const {
    return last_zxid_;
}

std::optional<StorageError> MemoryLogStore::truncate_after(int64_t zxid) {
    while (!entries_.empty() && entries_.back().header.zxid > zxid) {
        entries_.pop_back();
    }
    last_zxid_ = std::min(last_zxid_, zxid);
    purged_through_ = std::min(purged_through_, zxid);
    return std::nullopt;
}

std::optional<StorageError> MemoryLogStore::restart_after(int64_t zxid) {
    entries_.clear();
    last_zxid_ = zxid;
    purged_through_ = zxid;
    return std::nullopt;
}

std::optional<StorageError> MemoryLogStore::purge_before(int64_t zxid) {
    while (!entries_.empty() && entries_.front().header.zxid < zxid) {
        purged_through_ = std::max(purged_through_, entries_.front().header.zxid);
        entries_.pop_front();
    }
    return std::nullopt;
}

std::optional<StorageError> MemoryLogStore::set_accepted_epoch(int64_t epoch) {
    accepted_epoch_ = epoch;
    return std::nullopt;
}

std::optional<StorageError> MemoryLogStore::set_current_epoch(int64_t epoch) {
    current_epoch_ = epoch;
    return std::nullopt;
}

} // namespace zs::storage
