#include "quorum/log_window.h"

#include "storage/txn_codec.h"

#include <algorithm>
#include <limits>
#include <memory>

namespace zs::quorum {

void LogWindow::load(const storage::LogStore& log) {
    entries_.clear();
    base_ = log.purged_through();
    std::vector<storage::LogEntry> stored =
        log.read(base_ + 1, std::numeric_limits<int64_t>::max());
    const size_t skip = stored.size() > capacity_ ? stored.size() - capacity_ : 0;
    if (skip > 0) {
        base_ = stored[skip - 1].header.zxid;
    }
    for (size_t i = skip; i < stored.size(); ++i) {
        entries_.push_back(
            zab::Entry{stored[i].header.zxid,
                       std::make_shared<const std::string>(storage::encode_entry(stored[i]))});
    }
}

void LogWindow::append(const zab::Entry& entry) {
    entries_.push_back(entry);
    if (entries_.size() > capacity_) {
        base_ = entries_.front().zxid;
        entries_.pop_front();
    }
}

void LogWindow::truncate_after(int64_t zxid) {
    base_ = std::min(base_, zxid);
    while (!entries_.empty() && entries_.back().zxid > zxid) {
        entries_.pop_back();
    }
}

void LogWindow::reset(int64_t zxid) {
    entries_.clear();
    base_ = zxid;
}

int64_t LogWindow::last_zxid() const {
    return entries_.empty() ? base_ : entries_.back().zxid;
}

int64_t LogWindow::floor_zxid(int64_t zxid) const {
    const auto after =
        std::upper_bound(entries_.begin(), entries_.end(), zxid,
                         [](int64_t value, const zab::Entry& entry) { return value < entry.zxid; });
    return after == entries_.begin() ? base_ : std::prev(after)->zxid;
}

std::vector<zab::Entry> LogWindow::read_after(int64_t zxid, size_t max_count) const {
    auto from =
        std::upper_bound(entries_.begin(), entries_.end(), zxid,
                         [](int64_t value, const zab::Entry& entry) { return value < entry.zxid; });
    std::vector<zab::Entry> result;
    for (; from != entries_.end() && result.size() < max_count; ++from) {
        result.push_back(*from);
    }
    return result;
}

} // namespace zs::quorum
