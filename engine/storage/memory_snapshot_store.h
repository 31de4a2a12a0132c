#pragma once

#include "storage/snapshot_store.h"

#include <memory>
#include <string>
#include <vector>

namespace zs::storage {

// SnapshotStore kept in memory, for the simulator, unit tests and a server without a data
// directory. Its writers must not outlive it.
class MemorySnapshotStore final : public SnapshotStore {
  public:
    std::variant<std::unique_ptr<SnapshotWriter>, StorageError> begin(int64_t zxid) override;
    std::vector<SnapshotInfo> list() const override;
    std::optional<StorageError> read(int64_t id, const PieceConsumer& consume) const override;
    std::optional<StorageError> retain(size_t count) override;

  private:
    class Writer;

    struct Stored {
        SnapshotInfo info;
        std::vector<std::string> pieces;
    };

    void add(Stored stored);

    std::vector<Stored> snapshots_; // newest first
    int64_t next_id_ = 1;
};

} // namespace zs::storage
