#include "storage/sqlite_log_store.h"

#include "proto/jute.h"
#include "storage/checkpointer.h"
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
    auto checkpointing = Database::open(data_log_dir);
    if (auto* error = std::get_if<StorageError>(&checkpointing)) {
        return *error;
    }
    std::unique_ptr<SqliteLogStore> store(new SqliteLogStore(std::get<Database>(std::move(db))));
    if (auto error = store->load_state()) {
        return *error;
    }
    store->checkpointer_ = std::make_unique<Checkpointer>(
        std::get<Database>(std::move(checkpointing)), store->db_.handle());
    return store;
}

namespace {

// A group commit is stored as one row (one SQLite insert and one checksum for the whole batch,
// which halves the cost of a flush); a batch larger than this is split over several rows so that
// no row has to be read whole to reach one txn.
constexpr size_t kMaxRowBytes = size_t(1) << 20;

// The entries a row stores, or nullopt when it is damaged: wrong checksum, malformed frames, or
// a body that disagrees with the row's zxid, first_zxid and count columns.
std::optional<std::vector<LogEntry>> decode_row(const Statement& row) {
    const std::string_view body = row.column_blob(4);
    if (uint32_t(row.column_int(3)) != checksum(body)) {
        return std::nullopt;
    }
    std::optional<std::vector<LogEntry>> entries = decode_framed_entries(body);
    if (!entries || entries->empty() || int64_t(entries->size()) != row.column_int(2) ||
        entries->front().header.zxid != row.column_int(1) ||
        entries->back().header.zxid != row.column_int(0)) {
        return std::nullopt;
    }
    return entries;
}

constexpr const char* kRowColumns = "SELECT zxid, first_zxid, count, crc, body FROM log ";

} // namespace

SqliteLogStore::SqliteLogStore(Database db)
    : db_(std::move(db)),
      insert_(db_, "INSERT INTO log (zxid, first_zxid, count, crc, body) VALUES (?, ?, ?, ?, ?)"),
      select_from_(db_, (std::string(kRowColumns) + "WHERE zxid >= ? ORDER BY zxid").c_str()),
      count_after_(db_, "SELECT coalesce(sum(count), 0) FROM log WHERE zxid > ?") {}

SqliteLogStore::~SqliteLogStore() = default;

std::optional<StorageError> SqliteLogStore::load_state() {
    if (!insert_.ok() || !select_from_.ok() || !count_after_.ok()) {
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

std::optional<StorageError> SqliteLogStore::insert_rows(std::span<const LogEntry> entries) {
    proto::Writer body;
    size_t row_begin = 0;
    for (size_t i = 0; i < entries.size(); ++i) {
        append_framed_entry(body, entries[i]);
        if (body.size() < kMaxRowBytes && i + 1 < entries.size()) {
            continue;
        }
        insert_.bind(1, entries[i].header.zxid);
        insert_.bind(2, entries[row_begin].header.zxid);
        insert_.bind(3, int64_t(i + 1 - row_begin));
        insert_.bind(4, checksum(body.bytes()));
        insert_.bind_blob(5, body.bytes());
        const int rc = insert_.step();
        insert_.reset();
        if (rc != SQLITE_DONE) {
            return db_.error("cannot append to the log");
        }
        body = proto::Writer();
        row_begin = i + 1;
    }
    return std::nullopt;
}

std::optional<StorageError> SqliteLogStore::append(std::span<const LogEntry> entries) {
    if (entries.empty()) {
        return std::nullopt;
    }
    assert(entries.front().header.zxid > last_zxid_ &&
           std::adjacent_find(entries.begin(), entries.end(),
                              [](const LogEntry& a, const LogEntry& b) {
                                  return a.header.zxid >= b.header.zxid;
                              }) == entries.end());
    auto error = in_transaction("cannot append to the log", [&] { return insert_rows(entries); });
    if (!error) {
        last_zxid_ = entries.back().header.zxid;
    }
    return error;
}

std::vector<LogEntry> SqliteLogStore::read(int64_t first_zxid, int64_t last_zxid) const {
    std::vector<LogEntry> out;
    select_from_.bind(1, first_zxid);
    // Rows do not overlap and come in zxid order, so the first row starting past the range ends
    // the walk.
    while (select_from_.step() == SQLITE_ROW && select_from_.column_int(1) <= last_zxid) {
        std::optional<std::vector<LogEntry>> entries = decode_row(select_from_);
        if (!entries) {
            break;
        }
        for (LogEntry& entry : *entries) {
            if (entry.header.zxid >= first_zxid && entry.header.zxid <= last_zxid) {
                out.push_back(std::move(entry));
            }
        }
    }
    select_from_.reset();
    return out;
}

size_t SqliteLogStore::count_after(int64_t zxid) const {
    count_after_.bind(1, zxid);
    size_t count = count_after_.step() == SQLITE_ROW ? size_t(count_after_.column_int(0)) : 0;
    count_after_.reset();
    // The row holding the first txn after `zxid` may also hold some up to it.
    select_from_.bind(1, zxid + 1);
    if (select_from_.step() == SQLITE_ROW && select_from_.column_int(1) <= zxid) {
        const size_t stored = size_t(select_from_.column_int(2));
        if (auto entries = decode_row(select_from_)) {
            count -= size_t(std::count_if(entries->begin(), entries->end(), [&](const LogEntry& e) {
                return e.header.zxid <= zxid;
            }));
        } else {
            // Damaged: its zxids are unknown; at most (last - zxid) of them can follow `zxid`.
            const size_t after =
                size_t(std::min<int64_t>(select_from_.column_int(0) - zxid, int64_t(stored)));
            count -= stored - after;
        }
    }
    select_from_.reset();
    return count;
}

std::optional<StorageError> SqliteLogStore::truncate_after(int64_t zxid) {
    const int64_t purged = std::min(purged_through_, zxid);
    // The row that holds both txns to keep and txns to drop is rewritten with the former only;
    // a damaged one goes whole, as its txns were unreadable anyway.
    std::vector<LogEntry> kept;
    select_from_.bind(1, zxid + 1);
    if (select_from_.step() == SQLITE_ROW && select_from_.column_int(1) <= zxid) {
        if (auto entries = decode_row(select_from_)) {
            for (LogEntry& entry : *entries) {
                if (entry.header.zxid <= zxid) {
                    kept.push_back(std::move(entry));
                }
            }
        }
    }
    select_from_.reset();
    auto error = in_transaction("cannot truncate the log", [&]() -> std::optional<StorageError> {
        Statement remove(db_, "DELETE FROM log WHERE zxid > ?");
        remove.bind(1, zxid);
        if (!remove.ok() || remove.step() != SQLITE_DONE) {
            return db_.error("cannot truncate the log");
        }
        if (auto failed = insert_rows(kept)) {
            return failed;
        }
        return db_.set_meta("purged_through", purged);
    });
    if (error) {
        return error;
    }
    purged_through_ = purged;
    return load_state();
}

std::optional<StorageError> SqliteLogStore::restart_after(int64_t zxid) {
    auto error = in_transaction("cannot restart the log", [&]() -> std::optional<StorageError> {
        Statement remove(db_, "DELETE FROM log");
        if (!remove.ok() || remove.step() != SQLITE_DONE) {
            return db_.error("cannot restart the log");
        }
        return db_.set_meta("purged_through", zxid);
    });
    if (error) {
        return error;
    }
    purged_through_ = zxid;
    return load_state();
}

std::optional<StorageError> SqliteLogStore::purge_before(int64_t zxid) {
    // Rows are keyed by their last txn: a row goes when all of its txns are before `zxid`, and
    // one that straddles it stays whole, keeping a few older txns a while longer.
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
