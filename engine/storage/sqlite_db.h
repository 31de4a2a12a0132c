#pragma once

#include "storage/log_store.h"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

struct sqlite3;
struct sqlite3_stmt;

namespace zs::storage {

// The file name of a node's database inside its data log directory.
inline constexpr std::string_view kDatabaseFileName = "zoonode.db";
// The database layout this build reads and writes. Format 2 checksums each snapshot piece;
// format 3 stores a group commit of txns per log row.
inline constexpr int64_t kFormatVersion = 3;

// One connection to a node's database: the log store and the snapshot store each hold one, so a
// snapshot can be written from another thread while the log keeps appending.
class Database {
  public:
    // Opens `<dir>/zoonode.db`, creating the directory and an empty database when there is none.
    // Refuses, without changing anything, a directory holding Apache ZooKeeper data (version-2/),
    // a file that is not a zoonode database, a newer format, and a directory or file this process
    // cannot read and write.
    static std::variant<Database, StorageError> open(const std::filesystem::path& dir);

    sqlite3* handle() const { return db_.get(); }
    const std::filesystem::path& file() const { return file_; }

    // Runs SQL that returns no rows; the error names `what` and SQLite's message.
    [[nodiscard]] std::optional<StorageError> exec(const char* sql, std::string_view what);
    // Rolls back the open transaction, if SQLite has not already done so after an error.
    void rollback();
    // "<what> in <file>: <SQLite's message>".
    StorageError error(std::string_view what) const;

    std::optional<int64_t> meta(std::string_view key) const;
    [[nodiscard]] std::optional<StorageError> set_meta(std::string_view key, int64_t value);

  private:
    struct Closer {
        void operator()(sqlite3* db) const;
    };

    Database(std::unique_ptr<sqlite3, Closer> db, std::filesystem::path file)
        : db_(std::move(db)), file_(std::move(file)) {}

    std::unique_ptr<sqlite3, Closer> db_;
    std::filesystem::path file_;
};

// A prepared statement, reset for reuse by bind() after each run.
class Statement {
  public:
    Statement(const Database& db, const char* sql);

    // False when SQLite could not prepare it (a damaged database); Database::error() says why.
    bool ok() const { return statement_ != nullptr; }

    // Binds 1-based parameters; clears the previous run first when it is the first parameter.
    void bind(int index, int64_t value);
    void bind_blob(int index, std::string_view bytes);
    // Text, unlike a blob, compares equal to TEXT columns such as meta's keys.
    void bind_text(int index, std::string_view text);
    // SQLITE_ROW, SQLITE_DONE or an error code.
    int step();
    // Ends this run so the statement holds no read snapshot or lock.
    void reset();

    int64_t column_int(int index) const;
    std::string_view column_blob(int index) const;

  private:
    struct Finalizer {
        void operator()(sqlite3_stmt* statement) const;
    };

    std::unique_ptr<sqlite3_stmt, Finalizer> statement_;
};

} // namespace zs::storage
