#include "tree/pending_changes.h"

#include <cassert>

namespace zs::tree {

const Record* PendingChanges::find(std::string_view path) const {
    if (path.empty()) {
        path = "/";
    }
    auto it = records_.find(path);
    return it == records_.end() ? nullptr : &it->second;
}

void PendingChanges::record(int64_t zxid, RecordMap records) {
    assert(by_zxid_.empty() || by_zxid_.back().first < zxid);
    if (records.empty()) {
        return;
    }
    std::vector<std::string> paths;
    paths.reserve(records.size());
    for (auto& [path, record] : records) {
        paths.push_back(path);
        owner_zxid_.insert_or_assign(path, zxid);
        records_.insert_or_assign(path, std::move(record));
    }
    by_zxid_.emplace_back(zxid, std::move(paths));
}

void PendingChanges::applied_through(int64_t zxid) {
    while (!by_zxid_.empty() && by_zxid_.front().first <= zxid) {
        const int64_t txn_zxid = by_zxid_.front().first;
        for (const std::string& path : by_zxid_.front().second) {
            auto owner = owner_zxid_.find(path);
            // A later txn's record of the same path describes a state the tree has not reached.
            if (owner != owner_zxid_.end() && owner->second == txn_zxid) {
                owner_zxid_.erase(owner);
                records_.erase(path);
            }
        }
        by_zxid_.pop_front();
    }
}

void PendingChanges::clear() {
    records_.clear();
    owner_zxid_.clear();
    by_zxid_.clear();
}

} // namespace zs::tree
