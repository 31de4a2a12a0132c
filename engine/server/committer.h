#pragma once

#include "storage/log_store.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace zs::server {

// Group commit: a storage thread of its own appends txns to the log, so that an fsync never runs
// on the network thread. Whatever is queued when a flush starts goes into that flush as one batch
// (one fsync); what arrives during it waits for the next. Outcomes come back to the io_context in
// zxid order.
//
// After a StorageError every txn of the failed batch and every txn submitted later is reported
// failed without touching the log again: they were prepared on top of the failed ones.
//
// stop() (and the destructor) writes whatever was submitted before it, as a last batch, and
// joins the thread; no outcome is reported after stop() starts, so a txn in that last batch is
// durable but never answered, which a client sees as a lost connection.
class Committer {
  public:
    struct Listener {
        // The txns of `written` are durable, and every txn submitted before them. They come
        // back (moved, not copied) for the io_context's thread to apply and then free: memory is
        // cheapest freed by the thread that allocated it.
        std::function<void(std::vector<storage::LogEntry>& written)> durable;
        // The txns from `first_zxid` on are not in the log and never will be.
        std::function<void(int64_t first_zxid, const storage::StorageError& error)> failed;
    };

    Committer(boost::asio::io_context& io, storage::LogStore& log, Listener listener);
    ~Committer();
    Committer(const Committer&) = delete;
    Committer& operator=(const Committer&) = delete;

    // Called on the io_context's thread; zxids strictly increase.
    void submit(storage::LogEntry entry);
    // Drops log entries before `zxid` on the storage thread, between batches; any thread may ask.
    void purge_before(int64_t zxid);
    // Blocks until everything submitted so far is written (or failed). Called on the
    // io_context's thread, which therefore submits nothing meanwhile.
    void wait_idle();
    // wait_idle(), then delivers every outcome so far to the listener, now, on the calling
    // (the io_context's) thread: nothing written before this call is reported after it.
    void drain();
    // Runs `use` with the log on the calling thread, between two batches of the storage thread:
    // for what replication writes besides txns (epochs, a truncation), rarely and at once.
    void with_store(const std::function<void(storage::LogStore& log)>& use);
    void stop();

  private:
    // What the storage thread reports back: durable through `zxid`, or failed from `zxid`.
    struct Outcome {
        int64_t zxid = 0;
        std::optional<storage::StorageError> error;
        std::vector<storage::LogEntry> written; // when durable
    };

    void run();
    void finish_writing();
    void report();

    boost::asio::io_context& io_;
    storage::LogStore& log_;
    Listener listener_;
    // Cleared by stop(), so that outcomes posted before it are dropped, not delivered late.
    std::shared_ptr<std::atomic<bool>> alive_;

    std::mutex mutex_;
    std::condition_variable wake_;
    std::vector<storage::LogEntry> queue_;         // guarded by mutex_
    std::vector<Outcome> outcomes_;                // guarded by mutex_
    std::vector<storage::LogEntry> spare_;         // guarded by mutex_; an empty batch buffer
    bool stopping_ = false;                        // guarded by mutex_
    bool writing_ = false;                         // guarded by mutex_: a batch is being written
    std::condition_variable idle_;                 // writing_ went false with an empty queue
    std::mutex store_mutex_;                       // held by whoever uses log_
    int64_t purge_before_ = 0;                     // guarded by mutex_; 0 = nothing asked
    std::optional<storage::StorageError> failure_; // storage thread only
    std::thread thread_;
};

} // namespace zs::server
