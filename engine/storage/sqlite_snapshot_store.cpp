#include "storage/sqlite_snapshot_store.h"

#include "storage/checksum.h"

#include <sqlite3.h>
#include <string>

namespace zs::storage {
namespace {

constexpr const char* kIncomplete = "complete = 0";
constexpr const char* kOlderThanNewest =
    "id IN (SELECT id FROM snapshot WHERE complete = 1 ORDER BY zxid DESC, id DESC "
    "LIMIT -1 OFFSET ?)";

} // namespace

class SqliteSnapshotStore::Writer final : public SnapshotWriter {
  public:
    Writer(SqliteSnapshotStore& store, int64_t id)
        : store_(store), id_(id),
          insert_(store.db_,
                  "INSERT INTO snapshot_chunk (snapshot_id, seq, crc, body) VALUES (?, ?, ?, ?)") {}

    ~Writer() override {
        if (!committed_) {
            // Best effort: an incomplete snapshot left behind is removed at the next open.
            (void)store_.remove("id = ?", id_);
        }
    }

    std::optional<StorageError> append(std::string_view piece) override {
        if (!insert_.ok()) {
            return store_.db_.error("cannot save a snapshot");
        }
        insert_.bind(1, id_);
        insert_.bind(2, seq_);
        insert_.bind(3, int64_t(checksum(piece)));
        insert_.bind_blob(4, piece);
        const int rc = insert_.step();
        insert_.reset();
        if (rc != SQLITE_DONE) {
            return store_.db_.error("cannot save a snapshot");
        }
        ++seq_;
        size_ += piece.size();
        return std::nullopt;
    }

    std::optional<StorageError> commit() override {
        Database& db = store_.db_;
        Statement finish(db, "UPDATE snapshot SET size = ?, complete = 1 WHERE id = ?");
        if (!finish.ok()) {
            return db.error("cannot save a snapshot");
        }
        // This commit is the snapshot's fsync; the pieces were written without one.
        if (auto error = db.exec("PRAGMA synchronous = FULL", "cannot save a snapshot")) {
            return error;
        }
        finish.bind(1, int64_t(size_));
        finish.bind(2, id_);
        const bool ok = finish.step() == SQLITE_DONE;
        finish.reset();
        std::optional<StorageError> error;
        if (!ok) {
            error = db.error("cannot save a snapshot");
        }
        if (auto relaxed = db.exec("PRAGMA synchronous = NORMAL", "cannot save a snapshot")) {
            error = error ? error : relaxed;
        }
        committed_ = ok;
        return error;
    }

  private:
    SqliteSnapshotStore& store_;
    int64_t id_;
    Statement insert_;
    int64_t seq_ = 0;
    size_t size_ = 0;
    bool committed_ = false;
};

std::variant<std::unique_ptr<SqliteSnapshotStore>, StorageError>
SqliteSnapshotStore::open(const std::filesystem::path& data_dir) {
    auto db = Database::open(data_dir);
    if (auto* error = std::get_if<StorageError>(&db)) {
        return *error;
    }
    std::unique_ptr<SqliteSnapshotStore> store(
        new SqliteSnapshotStore(std::get<Database>(std::move(db))));
    if (auto error = store->db_.exec("PRAGMA synchronous = NORMAL", "cannot open snapshots")) {
        return *error;
    }
    // The log store's Checkpointer copies the WAL back, snapshot pages included: a checkpoint
    // here would run after nearly every piece, as the WAL is kept long on purpose.
    if (auto error = store->db_.exec("PRAGMA wal_autocheckpoint = 0", "cannot open snapshots")) {
        return *error;
    }
    if (auto error = store->remove(kIncomplete, 0)) {
        return *error;
    }
    return store;
}

std::variant<std::unique_ptr<SnapshotWriter>, StorageError>
SqliteSnapshotStore::begin(int64_t zxid) {
    Statement header(db_, "INSERT INTO snapshot (zxid, size, complete) VALUES (?, 0, 0)");
    if (!header.ok()) {
        return db_.error("cannot save a snapshot");
    }
    header.bind(1, zxid);
    if (header.step() != SQLITE_DONE) {
        return db_.error("cannot save a snapshot");
    }
    return std::make_unique<Writer>(*this, sqlite3_last_insert_rowid(db_.handle()));
}

std::vector<SnapshotInfo> SqliteSnapshotStore::list() const {
    Statement select(db_, "SELECT id, zxid, size FROM snapshot WHERE complete = 1 "
                          "ORDER BY zxid DESC, id DESC");
    std::vector<SnapshotInfo> out;
    while (select.ok() && select.step() == SQLITE_ROW) {
        out.push_back(
            SnapshotInfo{select.column_int(0), select.column_int(1), size_t(select.column_int(2))});
    }
    return out;
}

std::optional<StorageError> SqliteSnapshotStore::read(int64_t id,
                                                      const PieceConsumer& consume) const {
    const std::string name = "snapshot " + std::to_string(id);
    Statement header(db_, "SELECT size FROM snapshot WHERE id = ? AND complete = 1");
    if (!header.ok()) {
        return db_.error("cannot read " + name);
    }
    header.bind(1, id);
    if (header.step() != SQLITE_ROW) {
        return StorageError{"there is no " + name + " in " + db_.file().string()};
    }
    const size_t size = size_t(header.column_int(0));
    header.reset();
    Statement pieces(db_, "SELECT seq, crc, body FROM snapshot_chunk WHERE snapshot_id = ? "
                          "ORDER BY seq");
    if (!pieces.ok()) {
        return db_.error("cannot read " + name);
    }
    pieces.bind(1, id);
    size_t read = 0;
    int64_t expected_seq = 0;
    int rc = pieces.step();
    for (; rc == SQLITE_ROW; rc = pieces.step(), ++expected_seq) {
        const std::string_view body = pieces.column_blob(2);
        if (pieces.column_int(0) != expected_seq ||
            uint32_t(pieces.column_int(1)) != checksum(body)) {
            return StorageError{
                name + " is damaged: piece " + std::to_string(expected_seq) +
                (pieces.column_int(0) != expected_seq ? " is missing" : " fails its checksum")};
        }
        read += body.size();
        if (!consume(body)) {
            return std::nullopt;
        }
    }
    if (rc != SQLITE_DONE) {
        return db_.error("cannot read " + name);
    }
    if (read != size) {
        return StorageError{name + " is damaged: " + std::to_string(read) + " of its " +
                            std::to_string(size) + " bytes are stored"};
    }
    return std::nullopt;
}

std::optional<StorageError> SqliteSnapshotStore::retain(size_t count) {
    return remove(kOlderThanNewest, int64_t(count));
}

std::optional<StorageError> SqliteSnapshotStore::remove(const char* where, int64_t parameter) {
    const std::string condition(where);
    const bool has_parameter = condition.find('?') != std::string::npos;
    Statement chunks(db_, ("DELETE FROM snapshot_chunk WHERE snapshot_id IN "
                           "(SELECT id FROM snapshot WHERE " +
                           condition + ")")
                              .c_str());
    Statement headers(db_, ("DELETE FROM snapshot WHERE " + condition).c_str());
    if (!chunks.ok() || !headers.ok()) {
        return db_.error("cannot delete snapshots");
    }
    if (auto error = db_.exec("BEGIN IMMEDIATE", "cannot delete snapshots")) {
        return error;
    }
    for (Statement* statement : {&chunks, &headers}) {
        if (has_parameter) {
            statement->bind(1, parameter);
        }
        if (statement->step() != SQLITE_DONE) {
            StorageError error = db_.error("cannot delete snapshots");
            db_.rollback();
            return error;
        }
        statement->reset();
    }
    if (auto error = db_.exec("COMMIT", "cannot delete snapshots")) {
        db_.rollback();
        return error;
    }
    return std::nullopt;
}

} // namespace zs::storage
