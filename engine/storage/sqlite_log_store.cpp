#include "storage/sqlite_log_store.h"

#include "storage/checksum.h"
#include "storage/txn_codec.h"

#include <algorithm>
#include <cassert>
#include <limits>
#include <sqlite3.h>

namespace zs::storage {

std::variant<std::unique_ptr<SqliteLogStore>, StorageError>
SqliteLogStore::open(const std::filesystem::path& data_log_dir) {
    auto db = Database::open(data_log_dir);
    if (auto* error = std::get_if<StorageError>(&db)) {
        return *error;
    }
    std::unique_ptr<SqliteLogStore> store(new SqliteLogStore(std::get<Database>(std::move(db))));
    if (auto error = store->load_state()) {
        return *error;
    }
    return store;
}

SqliteLogStore::SqliteLogStore(Database db)
    : db_(std::move(db)), insert_(db_, "INSERT INTO log (zxid, crc, body) VALUES (?, ?, ?)"),
      select_range_(db_, "SELECT zxid, crc, body FROM log WHERE zxid BETWEEN ? AND ? "
                         "ORDER BY zxid"),
      count_after_(db_, "SELECT count(*) FROM log WHERE zxid > ?") {}

std::optional<StorageError> SqliteLogStore::load_state() {
    if (!insert_.ok() || !select_range_.ok() || !count_after_.ok()) {
        return db_.error("cannot read the log");
    }
    Statement last(db_, "SELECT max(zxid) FROM log");
    if (!last.ok() || last.step() != SQLITE_ROW) {
        return db_.error("cannot read the log");
    }
    purged_through_ = db_.meta("purged_through").value_or(0);
    last_zxid_ = std::max(last.column_int(0), purged_through_);
    accepted_epoch_ = db_.meta("accepted_epoch").value_or(0);
    current_epoch_ = db_.meta("current_epoch").value_or(0);
    return std::nullopt;
}

template <class F>
std::optional<StorageError> SqliteLogStore::in_transaction(std::string_view what, F change) {
    if (auto error = db_.exec("BEGIN IMMEDIATE", what)) {
        return error;
    }
    std::optional<StorageError> error = change();
    if (!error) {
        error = db_.exec("COMMIT", what);
    }
    if (error) {
        db_.rollback();
    }
    return error;
}

std::optional<StorageError> SqliteLogStore::append(std::span<const LogEntry> entries) {
    if (entries.empty()) {
        return std::nullopt;
    }
    auto error = in_transaction("cannot append to the log", [&]() -> std::optional<StorageError> {
        [[maybe_unused]] int64_t previous = last_zxid_;
        for (const LogEntry& entry : entries) {
            assert(entry.header.zxid > previous);
            previous = entry.header.zxid;
            const std::string body = encode_entry(entry);
            insert_.bind(1, entry.header.zxid);
            insert_.bind(2, checksum(body));
            insert_.bind_blob(3, body);
            const int rc = insert_.step();
            insert_.reset();
            if (rc != SQLITE_DONE) {
                return db_.error("cannot append to the log");
            }
        }
        return std::nullopt;
    });
    if (!error) {
        last_zxid_ = entries.back().header.zxid;
    }
    return error;
}

std::vector<LogEntry> SqliteLogStore::read(int64_t first_zxid, int64_t last_zxid) const {
    std::vector<LogEntry> out;
    select_range_.bind(1, first_zxid);
    select_range_.bind(2, last_zxid);
    while (select_range_.step() == SQLITE_ROW) {
        const int64_t zxid = select_range_.column_int(0);
        const std::string_view body = select_range_.column_blob(2);
        if (uint32_t(select_range_.column_int(1)) != checksum(body)) {
            break;
        }
        std::optional<LogEntry> entry = decode_entry(body);
        if (!entry || entry->header.zxid != zxid) {
            break;
        }
        out.push_back(std::move(*entry));
    }
    select_range_.reset();
    return out;
}

size_t SqliteLogStore::count_after(int64_t zxid) const {
    count_after_.bind(1, zxid);
    const size_t count = count_after_.step() == SQLITE_ROW ? size_t(count_after_.column_int(0)) : 0;
    count_after_.reset();
    return count;
}

std::optional<StorageError> SqliteLogStore::truncate_after(int64_t zxid) {
    const int64_t purged = std::min(purged_through_, zxid);
    auto error = in_transaction("cannot truncate the log", [&]() -> std::optional<StorageError> {
        Statement remove(db_, "DELETE FROM log WHERE zxid > ?");
        remove.bind(1, zxid);
        if (!remove.ok() || remove.step() != SQLITE_DONE) {
            return db_.error("cannot truncate the log");
        }
        return db_.set_meta("purged_through", purged);
    });
    if (error) {
        return error;
    }
    purged_through_ = purged;
    return load_state();
}

std::optional<StorageError> SqliteLogStore::purge_before(int64_t zxid) {
    auto error = in_transaction("cannot purge the log", [&]() -> std::optional<StorageError> {
        Statement newest(db_, "SELECT max(zxid) FROM log WHERE zxid < ?");
        newest.bind(1, zxid);
        if (!newest.ok() || newest.step() != SQLITE_ROW) {
            return db_.error("cannot purge the log");
        }
        const int64_t purged = std::max(purged_through_, newest.column_int(0));
        newest.reset();
        Statement remove(db_, "DELETE FROM log WHERE zxid < ?");
        remove.bind(1, zxid);
        if (!remove.ok() || remove.step() != SQLITE_DONE) {
            return db_.error("cannot purge the log");
        }
        return db_.set_meta("purged_through", purged);
    });
    if (error) {
        return error;
    }
    return load_state();
}

std::optional<StorageError> SqliteLogStore::set_accepted_epoch(int64_t epoch) {
    if (auto error = db_.set_meta("accepted_epoch", epoch)) {
        return error;
    }
    accepted_epoch_ = epoch;
    return std::nullopt;
}

std::optional<StorageError> SqliteLogStore::set_current_epoch(int64_t epoch) {
    if (auto error = db_.set_meta("current_epoch", epoch)) {
        return error;
    }
    current_epoch_ = epoch;
    return std::nullopt;
}

void SqliteLogStore::limit_pages(int64_t max_pages) {
    const std::string pragma = "PRAGMA max_page_count = " + std::to_string(max_pages);
    sqlite3_exec(db_.handle(), pragma.c_str(), nullptr, nullptr, nullptr);
}

} // namespace zs::storage
