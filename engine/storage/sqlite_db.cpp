#include "storage/sqlite_db.h"

#include <cassert>
#include <cerrno>
#include <cstring>
#include <sqlite3.h>
#include <system_error>
#include <unistd.h>
#include <vector>

namespace zs::storage {
namespace {

namespace fs = std::filesystem;

// Marks a database as zoonode's: any other SQLite file named zoonode.db is refused.
constexpr std::string_view kApplication = "zoonode";
constexpr int kBusyTimeoutMs = 10000;

// snapshot_chunk is a rowid table on purpose: in a WITHOUT ROWID table the whole row is the key,
// and SQLite reads a large row's overflow pages to compare keys, so every insert re-read several
// earlier pieces.
constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value NOT NULL) WITHOUT ROWID;
CREATE TABLE log (zxid INTEGER PRIMARY KEY, first_zxid INTEGER NOT NULL, count INTEGER NOT NULL,
                  crc INTEGER NOT NULL, body BLOB NOT NULL);
CREATE TABLE snapshot (id INTEGER PRIMARY KEY AUTOINCREMENT, zxid INTEGER NOT NULL,
                       size INTEGER NOT NULL, complete INTEGER NOT NULL);
CREATE TABLE snapshot_chunk (snapshot_id INTEGER NOT NULL, seq INTEGER NOT NULL,
                             crc INTEGER NOT NULL, body BLOB NOT NULL,
                             PRIMARY KEY (snapshot_id, seq));
)sql";

StorageError refuse(const fs::path& path, std::string_view why) {
    return StorageError{"refusing data directory " + path.string() + ": " + std::string(why)};
}

std::optional<StorageError> check_directory(const fs::path& dir) {
    std::error_code ec;
    if (!fs::exists(dir, ec)) {
        if (!fs::create_directories(dir, ec) && ec) {
            return refuse(dir, "cannot create it: " + ec.message());
        }
    } else if (!fs::is_directory(dir, ec)) {
        return refuse(dir, "it is not a directory");
    }
    if (fs::exists(dir / "version-2", ec)) {
        return refuse(dir, "it holds Apache ZooKeeper data (version-2/), which zoonode neither "
                           "reads nor overwrites; give zoonode a directory of its own");
    }
    if (::access(dir.c_str(), R_OK | W_OK | X_OK) != 0) {
        return refuse(dir, std::string("it is not readable and writable: ") + std::strerror(errno));
    }
    const fs::path file = dir / kDatabaseFileName;
    if (fs::exists(file, ec) && ::access(file.c_str(), R_OK | W_OK) != 0) {
        return refuse(dir,
                      file.string() + " is not readable and writable: " + std::strerror(errno));
    }
    return std::nullopt;
}

} // namespace

void Database::Closer::operator()(sqlite3* db) const {
    sqlite3_close_v2(db);
}

void Statement::Finalizer::operator()(sqlite3_stmt* statement) const {
    sqlite3_finalize(statement);
}

std::variant<Database, StorageError> Database::open(const fs::path& dir) {
    if (auto error = check_directory(dir)) {
        return *error;
    }
    const fs::path file = dir / kDatabaseFileName;
    sqlite3* raw = nullptr;
    const int rc =
        sqlite3_open_v2(file.c_str(), &raw, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, nullptr);
    Database db(std::unique_ptr<sqlite3, Closer>(raw), file);
    if (rc != SQLITE_OK) {
        return db.error("cannot open the database");
    }
    sqlite3_busy_timeout(raw, kBusyTimeoutMs);
    sqlite3_extended_result_codes(raw, 1);

    // Look before touching anything: a foreign file must stay exactly as it is.
    std::vector<std::string> tables;
    {
        Statement list(db, "SELECT name FROM sqlite_master WHERE type = 'table'");
        int step = list.ok() ? list.step() : SQLITE_ERROR;
        for (; step == SQLITE_ROW; step = list.step()) {
            tables.emplace_back(list.column_blob(0));
        }
        if (step != SQLITE_DONE) {
            return refuse(dir, file.string() + " is not a zoonode database (" +
                                   sqlite3_errmsg(raw) + ")");
        }
    }
    if (!tables.empty()) {
        // Preparing fails when there is no meta table.
        Statement marker(db, "SELECT value FROM meta WHERE key = 'application'");
        const bool ours =
            marker.ok() && marker.step() == SQLITE_ROW && marker.column_blob(0) == kApplication;
        marker.reset();
        if (!ours) {
            return refuse(dir, file.string() + " is a SQLite database of another application");
        }
        const int64_t version = db.meta("format_version").value_or(0);
        if (version > kFormatVersion) {
            return refuse(dir, file.string() + " was written by a newer zoonode (format " +
                                   std::to_string(version) + "; this build reads up to " +
                                   std::to_string(kFormatVersion) + ")");
        }
        if (version < 1) {
            return refuse(dir, file.string() + " has no valid format version");
        }
        if (version < kFormatVersion) {
            return refuse(dir, file.string() + " was written by an earlier zoonode (format " +
                                   std::to_string(version) + "), whose layout this build " +
                                   "does not read; start from an empty data directory");
        }
    }

    Statement wal(db, "PRAGMA journal_mode = WAL");
    if (!wal.ok() || wal.step() != SQLITE_ROW || wal.column_blob(0) != "wal") {
        return db.error("cannot switch the database to WAL mode");
    }
    wal.reset();
    // FULL: every commit is fsynced, so an acknowledged write survives a power loss.
    if (auto error = db.exec("PRAGMA synchronous = FULL", "cannot enable synchronous writes")) {
        return *error;
    }
    if (tables.empty()) {
        // One transaction: a crash leaves either an empty database or a complete one.
        if (auto error = db.exec("BEGIN IMMEDIATE", "cannot initialize the database")) {
            return *error;
        }
        const std::string init = std::string(kSchema) +
                                 "INSERT INTO meta VALUES ('application', '" +
                                 std::string(kApplication) + "'), ('format_version', " +
                                 std::to_string(kFormatVersion) + ");";
        auto error = db.exec(init.c_str(), "cannot initialize the database");
        if (!error) {
            error = db.exec("COMMIT", "cannot initialize the database");
        }
        if (error) {
            db.rollback();
            return *error;
        }
    }
    return db;
}

std::optional<StorageError> Database::exec(const char* sql, std::string_view what) {
    if (sqlite3_exec(db_.get(), sql, nullptr, nullptr, nullptr) != SQLITE_OK) {
        return error(what);
    }
    return std::nullopt;
}

void Database::rollback() {
    if (sqlite3_get_autocommit(db_.get()) == 0) {
        sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
    }
}

StorageError Database::error(std::string_view what) const {
    std::string message =
        std::string(what) + " in " + file_.string() + ": " + sqlite3_errmsg(db_.get());
    // SQLite's message is generic ("disk I/O error"); the system's says why ("File too large").
    if (const int system_errno = sqlite3_system_errno(db_.get()); system_errno != 0) {
        message += std::string(" (") + std::strerror(system_errno) + ")";
    }
    return StorageError{std::move(message)};
}

std::optional<int64_t> Database::meta(std::string_view key) const {
    Statement select(*this, "SELECT value FROM meta WHERE key = ?");
    select.bind_text(1, key);
    if (!select.ok() || select.step() != SQLITE_ROW) {
        return std::nullopt;
    }
    return select.column_int(0);
}

std::optional<StorageError> Database::set_meta(std::string_view key, int64_t value) {
    Statement upsert(*this, "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)");
    upsert.bind_text(1, key);
    upsert.bind(2, value);
    if (!upsert.ok() || upsert.step() != SQLITE_DONE) {
        return error("cannot write " + std::string(key));
    }
    return std::nullopt;
}

Statement::Statement(const Database& db, const char* sql) {
    sqlite3_stmt* raw = nullptr;
    if (sqlite3_prepare_v3(db.handle(), sql, -1, SQLITE_PREPARE_PERSISTENT, &raw, nullptr) ==
        SQLITE_OK) {
        statement_.reset(raw);
    }
}

void Statement::bind(int index, int64_t value) {
    assert(ok());
    if (index == 1) {
        reset();
    }
    sqlite3_bind_int64(statement_.get(), index, value);
}

void Statement::bind_blob(int index, std::string_view bytes) {
    assert(ok());
    if (index == 1) {
        reset();
    }
    // SQLITE_STATIC: the caller's bytes outlive the step that reads them.
    sqlite3_bind_blob64(statement_.get(), index, bytes.data(), bytes.size(), SQLITE_STATIC);
}

void Statement::bind_text(int index, std::string_view text) {
    assert(ok());
    if (index == 1) {
        reset();
    }
    sqlite3_bind_text64(statement_.get(), index, text.data(), text.size(), SQLITE_STATIC,
                        SQLITE_UTF8);
}

int Statement::step() {
    assert(ok());
    return sqlite3_step(statement_.get());
}

void Statement::reset() {
    if (statement_) {
        sqlite3_reset(statement_.get());
    }
}

int64_t Statement::column_int(int index) const {
    return sqlite3_column_int64(statement_.get(), index);
}

std::string_view Statement::column_blob(int index) const {
    const void* bytes = sqlite3_column_blob(statement_.get(), index);
    const int size = sqlite3_column_bytes(statement_.get(), index);
    return bytes == nullptr ? std::string_view{}
                            : std::string_view(static_cast<const char*>(bytes), size_t(size));
}

} // namespace zs::storage
