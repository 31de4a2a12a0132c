#include "storage/memory_snapshot_store.h"

#include <algorithm>

namespace zs::storage {

std::optional<StorageError> MemorySnapshotStore::save(int64_t zxid, std::string_view bytes) {
    Stored stored{SnapshotInfo{next_id_++, zxid, bytes.size()}, std::string(bytes)};
    // Newest first by zxid; a later save at the same zxid counts as newer.
    const auto at = std::find_if(snapshots_.begin(), snapshots_.end(),
                                 [&](const Stored& s) { return s.info.zxid <= zxid; });
    snapshots_.insert(at, std::move(stored));
    return std::nullopt;
}

std::vector<SnapshotInfo> MemorySnapshotStore::list() const {
    std::vector<SnapshotInfo> out;
    for (const Stored& stored : snapshots_) {
        out.push_back(stored.info);
    }
    return out;
}

std::optional<std::string> MemorySnapshotStore::load(int64_t id) const {
    for (const Stored& stored : snapshots_) {
        if (stored.info.id == id) {
            return stored.bytes;
        }
    }
    return std::nullopt;
}

std::optional<StorageError> MemorySnapshotStore::retain(size_t count) {
    if (snapshots_.size() > count) {
        snapshots_.resize(count);
    }
    return std::nullopt;
}

} // namespace zs::storage
