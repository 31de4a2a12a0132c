#include "storage/sqlite_snapshot_store.h"

#include "storage/checksum.h"

#include <algorithm>
#include <sqlite3.h>
#include <string>

namespace zs::storage {
namespace {

// Small enough that a log append waits at most for one chunk's commit.
constexpr size_t kChunkBytes = size_t(4) << 20;

constexpr const char* kIncomplete = "complete = 0";
constexpr const char* kOlderThanNewest =
    "id IN (SELECT id FROM snapshot WHERE complete = 1 ORDER BY zxid DESC, id DESC "
    "LIMIT -1 OFFSET ?)";

} // namespace

std::variant<std::unique_ptr<SqliteSnapshotStore>, StorageError>
SqliteSnapshotStore::open(const std::filesystem::path& data_dir) {
    auto db = Database::open(data_dir);
    if (auto* error = std::get_if<StorageError>(&db)) {
        return *error;
    }
    std::unique_ptr<SqliteSnapshotStore> store(
        new SqliteSnapshotStore(std::get<Database>(std::move(db))));
    if (auto error = store->remove(kIncomplete, 0)) {
        return *error;
    }
    return store;
}

std::optional<StorageError> SqliteSnapshotStore::save(int64_t zxid, std::string_view bytes) {
    Statement header(db_, "INSERT INTO snapshot (zxid, crc, size, complete) VALUES (?, ?, ?, 0)");
    if (!header.ok()) {
        return db_.error("cannot save a snapshot");
    }
    header.bind(1, zxid);
    header.bind(2, checksum(bytes));
    header.bind(3, int64_t(bytes.size()));
    if (header.step() != SQLITE_DONE) {
        return db_.error("cannot save a snapshot");
    }
    const int64_t id = sqlite3_last_insert_rowid(db_.handle());
    Statement chunk(db_, "INSERT INTO snapshot_chunk (snapshot_id, seq, body) VALUES (?, ?, ?)");
    Statement finish(db_, "UPDATE snapshot SET complete = 1 WHERE id = ?");
    bool ok = chunk.ok() && finish.ok();
    for (size_t offset = 0, seq = 0; ok && offset < bytes.size(); offset += kChunkBytes, ++seq) {
        chunk.bind(1, id);
        chunk.bind(2, int64_t(seq));
        chunk.bind_blob(3, bytes.substr(offset, kChunkBytes));
        ok = chunk.step() == SQLITE_DONE;
        chunk.reset();
    }
    if (ok) {
        finish.bind(1, id);
        ok = finish.step() == SQLITE_DONE;
    }
    if (!ok) {
        StorageError error = db_.error("cannot save a snapshot");
        // Best effort: what is left is an incomplete snapshot, removed at the next open anyway.
        (void)remove("id = ?", id);
        return error;
    }
    return std::nullopt;
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

std::optional<std::string> SqliteSnapshotStore::load(int64_t id) const {
    Statement header(db_, "SELECT crc, size FROM snapshot WHERE id = ? AND complete = 1");
    if (!header.ok()) {
        return std::nullopt;
    }
    header.bind(1, id);
    if (header.step() != SQLITE_ROW) {
        return std::nullopt;
    }
    const uint32_t crc = uint32_t(header.column_int(0));
    const size_t size = size_t(header.column_int(1));
    header.reset();
    Statement chunks(db_, "SELECT body FROM snapshot_chunk WHERE snapshot_id = ? ORDER BY seq");
    if (!chunks.ok()) {
        return std::nullopt;
    }
    chunks.bind(1, id);
    std::string bytes;
    bytes.reserve(size);
    int rc = chunks.step();
    for (; rc == SQLITE_ROW && bytes.size() <= size; rc = chunks.step()) {
        bytes.append(chunks.column_blob(0));
    }
    if (rc != SQLITE_DONE || bytes.size() != size || checksum(bytes) != crc) {
        return std::nullopt;
    }
    return bytes;
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
