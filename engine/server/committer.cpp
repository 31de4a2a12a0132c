#include "server/committer.h"

#include <algorithm>
#include <boost/asio/post.hpp>
#include <cassert>
#include <spdlog/spdlog.h>
#include <utility>

namespace zs::server {

Committer::Committer(boost::asio::io_context& io, storage::LogStore& log, Listener listener)
    : io_(io), log_(log), listener_(std::move(listener)),
      alive_(std::make_shared<std::atomic<bool>>(true)), thread_([this] { run(); }) {}

Committer::~Committer() {
    stop();
}

void Committer::submit(storage::LogEntry entry) {
    {
        std::lock_guard lock(mutex_);
        assert(!stopping_);
        queue_.push_back(std::move(entry));
    }
    wake_.notify_one();
}

void Committer::purge_before(int64_t zxid) {
    {
        std::lock_guard lock(mutex_);
        purge_before_ = std::max(purge_before_, zxid);
    }
    wake_.notify_one();
}

void Committer::wait_idle() {
    std::unique_lock lock(mutex_);
    idle_.wait(lock, [this] { return stopping_ || (queue_.empty() && !writing_); });
}

void Committer::drain() {
    wait_idle();
    report();
}

void Committer::with_store(const std::function<void(storage::LogStore& log)>& use) {
    std::lock_guard lock(store_mutex_);
    use(log_);
}

void Committer::stop() {
    *alive_ = false;
    {
        std::lock_guard lock(mutex_);
        if (stopping_) {
            return;
        }
        stopping_ = true;
    }
    wake_.notify_one();
    idle_.notify_all();
    thread_.join();
}

void Committer::run() {
    std::vector<storage::LogEntry> batch;
    for (;;) {
        int64_t purge = 0;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty() || purge_before_ > 0; });
            purge = std::exchange(purge_before_, 0);
            if (queue_.empty() && purge == 0) {
                return; // stopping, and everything submitted is written
            }
            batch.swap(queue_);
            writing_ = true;
        }
        std::unique_lock store_lock(store_mutex_);
        if (purge > 0 && !failure_) {
            // The log is this thread's alone, so purging happens here, between two batches.
            if (auto error = log_.purge_before(purge)) {
                spdlog::warn("could not purge the transaction log before zxid 0x{:x}: {}", purge,
                             error->message);
            }
        }
        if (!batch.empty() && !failure_) {
            failure_ = log_.append(batch);
        }
        store_lock.unlock();
        if (batch.empty()) {
            finish_writing();
            continue;
        }
        const int64_t zxid = failure_ ? batch.front().header.zxid : batch.back().header.zxid;
        bool first_outcome = false;
        const size_t written = batch.size();
        {
            std::lock_guard lock(mutex_);
            // After a failure the earliest failed zxid is all the network thread needs.
            if (!failure_) {
                outcomes_.push_back(Outcome{zxid, std::nullopt, std::move(batch)});
            } else if (outcomes_.empty() || !outcomes_.back().error) {
                outcomes_.push_back(Outcome{zxid, failure_, {}});
            }
            first_outcome = outcomes_.size() == 1;
            // A buffer that came back from report(), if any: large batches then cost no
            // allocation (and no free of a large block) each time.
            if (batch.capacity() < spare_.capacity()) {
                batch.swap(spare_);
            }
        }
        finish_writing();
        batch.clear(); // emptied by the move above, or a failed batch
        // Swapped with the queue next time: room for as many as this time, so that submit()
        // does not grow the queue step by step under the lock.
        batch.reserve(written);
        if (first_outcome) {
            // One report drains every outcome queued by then, so a slow network thread gets
            // fewer, larger reports.
            boost::asio::post(io_, [this, alive = alive_] {
                if (*alive) {
                    report();
                }
            });
        }
    }
}

void Committer::finish_writing() {
    {
        std::lock_guard lock(mutex_);
        writing_ = false;
    }
    idle_.notify_all();
}

void Committer::report() {
    std::vector<Outcome> outcomes;
    {
        std::lock_guard lock(mutex_);
        outcomes.swap(outcomes_);
    }
    for (Outcome& outcome : outcomes) {
        if (outcome.error) {
            listener_.failed(outcome.zxid, *outcome.error);
            return;
        }
        listener_.durable(outcome.written);
        // The txns are freed here, by the thread that allocated them; the buffer is reused.
        outcome.written.clear();
        std::lock_guard lock(mutex_);
        if (outcome.written.capacity() > spare_.capacity()) {
            spare_.swap(outcome.written);
        }
    }
}

} // namespace zs::server
