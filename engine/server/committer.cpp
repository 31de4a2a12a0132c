#include "server/committer.h"

#include <boost/asio/post.hpp>
#include <cassert>
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
    thread_.join();
}

void Committer::run() {
    std::vector<storage::LogEntry> batch;
    for (;;) {
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) {
                return; // stopping, and everything submitted is written
            }
            batch.swap(queue_);
        }
        if (!failure_) {
            failure_ = log_.append(batch);
        }
        const int64_t zxid = failure_ ? batch.front().header.zxid : batch.back().header.zxid;
        bool first_outcome = false;
        {
            std::lock_guard lock(mutex_);
            // After a failure the earliest failed zxid is all the network thread needs.
            if (!failure_ || outcomes_.empty() || !outcomes_.back().error) {
                outcomes_.push_back(Outcome{zxid, failure_});
            }
            first_outcome = outcomes_.size() == 1;
        }
        batch.clear();
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

void Committer::report() {
    std::vector<Outcome> outcomes;
    {
        std::lock_guard lock(mutex_);
        outcomes.swap(outcomes_);
    }
    for (const Outcome& outcome : outcomes) {
        if (outcome.error) {
            listener_.failed(outcome.zxid, *outcome.error);
            return;
        }
        listener_.durable(outcome.zxid);
    }
}

} // namespace zs::server
