#include "storage/memory_snapshot_store.h"

#include <algorithm>

namespace zs::storage {

class MemorySnapshotStore::Writer final : public SnapshotWriter {
  public:
    Writer(MemorySnapshotStore& store, SnapshotInfo info) : store_(store) { stored_.info = info; }

    std::optional<StorageError> append(std::string_view piece) override {
        stored_.pieces.emplace_back(piece);
        stored_.info.size_bytes += piece.size();
        return std::nullopt;
    }

    std::optional<StorageError> commit() override {
        store_.add(std::move(stored_));
        return std::nullopt;
    }

  private:
    MemorySnapshotStore& store_;
    Stored stored_;
};

std::variant<std::unique_ptr<SnapshotWriter>, StorageError>
MemorySnapshotStore::begin(int64_t zxid) {
    return std::make_unique<Writer>(*this, SnapshotInfo{next_id_++, zxid, 0});
}

void MemorySnapshotStore::add(Stored stored) {
    // Newest first by zxid; a later save at the same zxid counts as newer.
    const auto at = std::find_if(snapshots_.begin(), snapshots_.end(),
                                 [&](const Stored& s) { return s.info.zxid <= stored.info.zxid; });
    snapshots_.insert(at, std::move(stored));
}

std::vector<SnapshotInfo> MemorySnapshotStore::list() const {
    std::vector<SnapshotInfo> out;
    for (const Stored& stored : snapshots_) {
        out.push_back(stored.info);
    }
    return out;
}

std::optional<StorageError> MemorySnapshotStore::read(int64_t id,
                                                      const PieceConsumer& consume) const {
    for (const Stored& stored : snapshots_) {
        if (stored.info.id == id) {
            for (const std::string& piece : stored.pieces) {
                if (!consume(piece)) {
                    break;
                }
            }
            return std::nullopt;
        }
    }
    return StorageError{"there is no snapshot " + std::to_string(id)};
}

std::optional<StorageError> MemorySnapshotStore::retain(size_t count) {
    if (snapshots_.size() > count) {
        snapshots_.resize(count);
    }
    return std::nullopt;
}

} // namespace zs::storage
