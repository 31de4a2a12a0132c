#include "storage/memory_log_store.h"

#include <algorithm>
#include <cassert>

namespace zs::storage {

void MemoryLogStore::append(LogEntry entry) {
    assert(entries_.empty() || entry.header.zxid > entries_.back().header.zxid);
    entries_.push_back(std::move(entry));
    if (entries_.size() > max_entries_) {
        entries_.pop_front();
    }
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
    return entries_.empty() ? 0 : entries_.back().header.zxid;
}

void MemoryLogStore::truncate_after(int64_t zxid) {
    while (!entries_.empty() && entries_.back().header.zxid > zxid) {
        entries_.pop_back();
    }
}

} // namespace zs::storage
