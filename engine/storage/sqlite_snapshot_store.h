#pragma once

#include "storage/snapshot_store.h"
#include "storage/sqlite_db.h"

#include <filesystem>
#include <memory>
#include <variant>

namespace zs::storage {

// The durable SnapshotStore, in the snapshot tables of the node's zoonode.db (its own
// connection). A snapshot is written in chunks, each its own transaction, so that log appends on
// the other connection never wait for a whole snapshot; it becomes visible only once complete.
class SqliteSnapshotStore final : public SnapshotStore {
  public:
    // As SqliteLogStore::open, on the same directory. Removes the chunks of a snapshot whose save
    // was interrupted.
    static std::variant<std::unique_ptr<SqliteSnapshotStore>, StorageError>
    open(const std::filesystem::path& data_dir);

    std::optional<StorageError> save(int64_t zxid, std::string_view bytes) override;
    std::vector<SnapshotInfo> list() const override;
    std::optional<std::string> load(int64_t id) const override;
    std::optional<StorageError> retain(size_t count) override;

  private:
    explicit SqliteSnapshotStore(Database db) : db_(std::move(db)) {}
    // Deletes snapshots (and their chunks) matching `where`, one transaction.
    std::optional<StorageError> remove(const char* where, int64_t parameter);

    Database db_;
};

} // namespace zs::storage
