#include "storage/checkpointer.h"

#include <spdlog/spdlog.h>
#include <sqlite3.h>

namespace zs::storage {

Checkpointer::Checkpointer(Database own_connection, sqlite3* writer)
    : db_(std::move(own_connection)), writer_(writer), thread_([this] { run(); }) {
    // Replaces the automatic checkpoint, which is itself a WAL hook.
    sqlite3_wal_hook(writer, &Checkpointer::on_commit, this);
}

Checkpointer::~Checkpointer() {
    sqlite3_wal_hook(writer_, nullptr, nullptr);
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_one();
    thread_.join();
}

int Checkpointer::on_commit(void* self, sqlite3*, const char*, int frames) {
    if (frames >= kFrames) {
        auto* checkpointer = static_cast<Checkpointer*>(self);
        {
            std::lock_guard lock(checkpointer->mutex_);
            checkpointer->requested_ = true;
        }
        checkpointer->wake_.notify_one();
    }
    return SQLITE_OK;
}

void Checkpointer::run() {
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return requested_ || stopping_; });
            if (stopping_) {
                return; // closing the last connection checkpoints what is left
            }
            requested_ = false;
        }
        const int rc = sqlite3_wal_checkpoint_v2(db_.handle(), nullptr, SQLITE_CHECKPOINT_PASSIVE,
                                                 nullptr, nullptr);
        // BUSY: another checkpoint is running; the next commit asks again. Anything else (a full
        // disk) leaves the WAL growing, which costs space, not data: say so, but not endlessly.
        if (rc != SQLITE_OK && rc != SQLITE_BUSY && failures_++ < 10) {
            spdlog::warn("{}",
                         db_.error("cannot copy the write-ahead log into the database").message);
        }
    }
}

} // namespace zs::storage
