#pragma once

#include "storage/log_store.h"
#include "storage/sqlite_db.h"

#include <filesystem>
#include <memory>
#include <variant>

namespace zs::storage {

class Checkpointer;

// The durable LogStore: rows of `<dataLogDir>/zoonode.db`'s log table, one per appended batch
// (a group commit; a batch past a MiB takes several rows), keyed by the zxid of the row's last
// txn, each with the CRC-32 of its body so that a damaged tail can be found. Every append is one
// SQLite transaction, fsynced before it returns (WAL mode, synchronous=FULL). The WAL is copied
// back into the database by a Checkpointer, never inside an append.
class SqliteLogStore final : public LogStore {
  public:
    // The store, or why the directory cannot be used (see Database::open); nothing is changed
    // in a directory that is refused.
    static std::variant<std::unique_ptr<SqliteLogStore>, StorageError>
    open(const std::filesystem::path& data_log_dir);

    ~SqliteLogStore() override;

    std::optional<StorageError> append(std::span<const LogEntry> entries) override;
    // Stops before the first row whose CRC does not match or that does not decode: what follows
    // a damaged row is never returned.
    std::vector<LogEntry> read(int64_t first_zxid, int64_t last_zxid) const override;
    int64_t last_zxid() const override { return last_zxid_; }
    std::optional<StorageError> truncate_after(int64_t zxid) override;
    std::optional<StorageError> restart_after(int64_t zxid) override;
    std::optional<StorageError> purge_before(int64_t zxid) override;
    size_t count_after(int64_t zxid) const override;
    int64_t purged_through() const override { return purged_through_; }

    int64_t accepted_epoch() const override { return accepted_epoch_; }
    std::optional<StorageError> set_accepted_epoch(int64_t epoch) override;
    int64_t current_epoch() const override { return current_epoch_; }
    std::optional<StorageError> set_current_epoch(int64_t epoch) override;

    // Caps the database at `max_pages` pages (SQLite's max_page_count, 4 KiB pages) for this
    // connection: an append past it fails as on a full disk.
    void limit_pages(int64_t max_pages);

  private:
    explicit SqliteLogStore(Database db);
    std::optional<StorageError> load_state();
    // Runs `change` inside one transaction; rolls back and names `what` when any step fails.
    template <class F> std::optional<StorageError> in_transaction(std::string_view what, F change);
    // Stores `entries` (zxids increasing) as rows, inside the caller's transaction.
    std::optional<StorageError> insert_rows(std::span<const LogEntry> entries);

    Database db_;
    Statement insert_;
    mutable Statement select_from_; // rows whose last txn is at or after a zxid
    mutable Statement count_after_;
    int64_t last_zxid_ = 0;
    int64_t purged_through_ = 0; // survives an emptied log, as MemoryLogStore's last zxid does
    int64_t accepted_epoch_ = 0;
    int64_t current_epoch_ = 0;
    // Last: it stops before the connection it watches closes.
    std::unique_ptr<Checkpointer> checkpointer_;
};

} // namespace zs::storage
