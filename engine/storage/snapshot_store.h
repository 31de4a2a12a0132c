#pragma once

#include "storage/log_store.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zs::storage {

// A stored snapshot: the tree and sessions as of `zxid`.
struct SnapshotInfo {
    int64_t id = 0; // increases with every save
    int64_t zxid = 0;
    size_t size_bytes = 0;

    bool operator==(const SnapshotInfo&) const = default;
};

// Where encoded snapshots (tree::encode_snapshot) are kept. One thread at a time uses a store;
// a SqliteSnapshotStore and a SqliteLogStore on the same directory may be used from two threads.
class SnapshotStore {
  public:
    virtual ~SnapshotStore() = default;

    // Stores `bytes` as the snapshot at `zxid` and returns once it is durable.
    [[nodiscard]] virtual std::optional<StorageError> save(int64_t zxid,
                                                           std::string_view bytes) = 0;
    // Newest first: by zxid, then by id.
    virtual std::vector<SnapshotInfo> list() const = 0;
    // The bytes saved under `id`; nullopt when there is no such snapshot or its CRC does not
    // match (a damaged snapshot).
    virtual std::optional<std::string> load(int64_t id) const = 0;
    // Keeps the newest `count` snapshots (autopurge.snapRetainCount) and deletes the rest.
    [[nodiscard]] virtual std::optional<StorageError> retain(size_t count) = 0;
};

} // namespace zs::storage
