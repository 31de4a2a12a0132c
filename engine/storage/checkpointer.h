#pragma once

#include "storage/sqlite_db.h"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>

namespace zs::storage {

// Copies the WAL back into the database on a thread and connection of its own, so that a commit
// never waits for that copy (SQLite's automatic checkpoint runs inside whichever commit crosses
// the threshold: with snapshots going through the same WAL, that meant tens of megabytes copied
// and fsynced in the middle of a group commit). Checkpoints are PASSIVE: they never block a
// writer, and a writer never waits for them.
class Checkpointer {
  public:
    // Checkpoint once the WAL holds this many frames (pages): 64 MiB with 4 KiB pages.
    static constexpr int kFrames = 16384;

    // Takes over SQLite's automatic checkpoints for the connection `writer` (the log's).
    Checkpointer(Database own_connection, sqlite3* writer);
    ~Checkpointer();
    Checkpointer(const Checkpointer&) = delete;
    Checkpointer& operator=(const Checkpointer&) = delete;

  private:
    static int on_commit(void* self, sqlite3* db, const char* name, int frames);
    void run();

    Database db_;
    sqlite3* writer_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool requested_ = false; // guarded by mutex_
    bool stopping_ = false;  // guarded by mutex_
    int64_t failures_ = 0;   // checkpointing thread only: failures logged so far
    std::thread thread_;
};

} // namespace zs::storage
