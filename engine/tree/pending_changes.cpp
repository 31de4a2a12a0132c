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
    while (!records.empty()) {
        RecordMap::node_type node = records.extract(records.begin());
        node.mapped().pending_zxid = zxid;
        auto inserted = records_.insert(std::move(node));
        if (!inserted.inserted) {
            inserted.position->second = std::move(inserted.node.mapped());
        }
        by_zxid_.emplace_back(zxid, &*inserted.position);
    }
    recycle(std::move(records));
}

void PendingChanges::recycle(RecordMap records) {
    // A map grown by a large multi would cost its bucket count at every clear(); let it go.
    constexpr size_t kMaxSpareBuckets = 64;
    if (records.bucket_count() <= kMaxSpareBuckets) {
        records.clear();
        spare_ = std::move(records);
    }
}

void PendingChanges::applied_through(int64_t zxid) {
    while (!by_zxid_.empty() && by_zxid_.front().first <= zxid) {
        const auto [txn_zxid, record] = by_zxid_.front();
        by_zxid_.pop_front();
        // A later txn's record of the same path describes a state the tree has not reached.
        if (record->second.pending_zxid == txn_zxid) {
            records_.erase(records_.find(record->first));
        }
    }
}

void PendingChanges::clear() {
    records_.clear();
    by_zxid_.clear();
}

} // namespace zs::tree
