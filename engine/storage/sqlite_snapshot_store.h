#pragma once

#include "storage/snapshot_store.h"
#include "storage/sqlite_db.h"

#include <filesystem>
#include <memory>
#include <variant>

namespace zs::storage {

// The durable SnapshotStore, in the snapshot tables of the node's zoonode.db (its own
// connection). Each piece is a row with its own CRC, committed on its own and without an fsync,
// so log appends on the other connection never wait long; the commit that marks the snapshot
// complete is fsynced, which makes every piece before it in the write-ahead log durable too.
class SqliteSnapshotStore final : public SnapshotStore {
  public:
    // As SqliteLogStore::open, on the same directory. Removes the pieces of a snapshot whose
    // save was interrupted.
    static std::variant<std::unique_ptr<SqliteSnapshotStore>, StorageError>
    open(const std::filesystem::path& data_dir);

    std::variant<std::unique_ptr<SnapshotWriter>, StorageError> begin(int64_t zxid) override;
    std::vector<SnapshotInfo> list() const override;
    std::optional<StorageError> read(int64_t id, const PieceConsumer& consume) const override;
    std::optional<StorageError> retain(size_t count) override;

  private:
    class Writer;

    explicit SqliteSnapshotStore(Database db) : db_(std::move(db)) {}
    // Deletes snapshots (and their pieces) matching `where`, one transaction.
    std::optional<StorageError> remove(const char* where, int64_t parameter);

    Database db_;
};

} // namespace zs::storage
