#pragma once

// Raw SQLite access to a node's database, for tests that damage or inspect it behind the
// stores' back.
#include <cstdio>
#include <cstdlib>
#include <sqlite3.h>
#include <string>

namespace storage_test {

// A second connection to `<dir>/zoonode.db`.
class RawDb {
  public:
    explicit RawDb(const std::string& dir) {
        const std::string file = dir + "/zoonode.db";
        if (sqlite3_open(file.c_str(), &db_) != SQLITE_OK) {
            std::fprintf(stderr, "cannot open %s\n", file.c_str());
            std::abort();
        }
    }
    ~RawDb() { sqlite3_close(db_); }
    RawDb(const RawDb&) = delete;
    RawDb& operator=(const RawDb&) = delete;

    bool exec(const char* sql) { return sqlite3_exec(db_, sql, nullptr, nullptr, nullptr) == 0; }
    int64_t integer(const char* sql) {
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, sql, -1, &s, nullptr);
        const int64_t value = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
        sqlite3_finalize(s);
        return value;
    }
    // Flips one bit of the blob in `column` of the row `where` (e.g. "zxid = 5"), at `offset`.
    bool flip(const char* table, const char* column, const std::string& where, size_t offset) {
        const std::string select =
            std::string("SELECT ") + column + " FROM " + table + " WHERE " + where;
        sqlite3_stmt* s = nullptr;
        sqlite3_prepare_v2(db_, select.c_str(), -1, &s, nullptr);
        if (sqlite3_step(s) != SQLITE_ROW) {
            sqlite3_finalize(s);
            return false;
        }
        std::string blob(static_cast<const char*>(sqlite3_column_blob(s, 0)),
                         size_t(sqlite3_column_bytes(s, 0)));
        sqlite3_finalize(s);
        blob[offset % blob.size()] ^= 0x10;
        const std::string update =
            std::string("UPDATE ") + table + " SET " + column + " = ? WHERE " + where;
        sqlite3_prepare_v2(db_, update.c_str(), -1, &s, nullptr);
        sqlite3_bind_blob(s, 1, blob.data(), int(blob.size()), SQLITE_TRANSIENT);
        const bool ok = sqlite3_step(s) == SQLITE_DONE;
        sqlite3_finalize(s);
        return ok;
    }

  private:
    sqlite3* db_ = nullptr;
};

} // namespace storage_test
