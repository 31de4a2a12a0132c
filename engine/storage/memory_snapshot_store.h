#pragma once

#include "storage/snapshot_store.h"

namespace zs::storage {

// SnapshotStore kept in memory, for the simulator, unit tests and a server without a data
// directory.
class MemorySnapshotStore final : public SnapshotStore {
  public:
    std::optional<StorageError> save(int64_t zxid, std::string_view bytes) override;
    std::vector<SnapshotInfo> list() const override;
    std::optional<std::string> load(int64_t id) const override;
    std::optional<StorageError> retain(size_t count) override;

  private:
    struct Stored {
        SnapshotInfo info;
        std::string bytes;
    };

    std::vector<Stored> snapshots_; // newest first
    int64_t next_id_ = 1;
};

} // namespace zs::storage
