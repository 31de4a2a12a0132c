#pragma once

#include "storage/log_store.h"

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zs::storage {

// A stored snapshot: the tree and sessions as of `zxid`.
struct SnapshotInfo {
    int64_t id = 0; // increases with every save
    int64_t zxid = 0;
    size_t size_bytes = 0;

    bool operator==(const SnapshotInfo&) const = default;
};

// One snapshot being saved, piece by piece (the pieces of a tree::SnapshotEncoder). It stays
// invisible to list() until commit(); destroyed before that, it is discarded.
class SnapshotWriter {
  public:
    virtual ~SnapshotWriter() = default;

    [[nodiscard]] virtual std::optional<StorageError> append(std::string_view piece) = 0;
    // Returns once the whole snapshot is durable.
    [[nodiscard]] virtual std::optional<StorageError> commit() = 0;
};

// Where encoded snapshots are kept. One thread at a time uses a store (and its writers); a
// SqliteSnapshotStore and a SqliteLogStore on the same directory may be used from two threads.
class SnapshotStore {
  public:
    // Returns false to stop reading.
    using PieceConsumer = std::function<bool(std::string_view piece)>;

    virtual ~SnapshotStore() = default;

    // Starts saving the snapshot at `zxid`. At most one writer is open at a time.
    virtual std::variant<std::unique_ptr<SnapshotWriter>, StorageError> begin(int64_t zxid) = 0;
    // Newest first: by zxid, then by id.
    virtual std::vector<SnapshotInfo> list() const = 0;
    // Hands the pieces saved under `id` to `consume`, in order, each checked first. An error
    // when there is no such snapshot or a piece is damaged (then the pieces before it have
    // been consumed) or missing.
    [[nodiscard]] virtual std::optional<StorageError> read(int64_t id,
                                                           const PieceConsumer& consume) const = 0;
    // Keeps the newest `count` snapshots (autopurge.snapRetainCount) and deletes the rest.
    [[nodiscard]] virtual std::optional<StorageError> retain(size_t count) = 0;

    // begin(), one append() and commit(): a snapshot already encoded whole.
    [[nodiscard]] std::optional<StorageError> save(int64_t zxid, std::string_view bytes);
};

} // namespace zs::storage
