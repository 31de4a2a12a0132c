#pragma once

#include <atomic>
#include <chrono>
#include <mutex>
#include <string>

namespace zs::bench {

using Clock = std::chrono::steady_clock;

// Shared between the thread that drives a run and the C client's completion threads: counts the
// requests in flight, keeps the first failure, and tells completions to stop issuing more.
class RunControl {
  public:
    // Call before handing a request to the C client: its completion may run before the call
    // returns.
    void request_sent() { in_flight_.fetch_add(1, std::memory_order_relaxed); }
    // The last thing a completion does; afterwards the driving thread may tear everything down.
    void request_done() { in_flight_.fetch_sub(1, std::memory_order_release); }
    int in_flight() const { return in_flight_.load(std::memory_order_acquire); }

    void stop() { stopping_.store(true, std::memory_order_relaxed); }
    bool stopping() const { return stopping_.load(std::memory_order_relaxed); }

    // Records the first failure and stops the run.
    void fail(std::string text);
    bool failed() const { return failed_.load(std::memory_order_acquire); }
    std::string error() const;

    // Sleeps until `deadline`, waking early when the run fails.
    void sleep_until(Clock::time_point deadline) const;
    // Waits until no request is in flight; false if some are still out at `deadline`.
    bool wait_idle(Clock::time_point deadline) const;

  private:
    std::atomic<int> in_flight_{0};
    std::atomic<bool> stopping_{false};
    std::atomic<bool> failed_{false};
    mutable std::mutex mutex_;
    std::string error_;
};

double seconds_between(Clock::time_point from, Clock::time_point to);
Clock::time_point after_seconds(Clock::time_point from, double seconds);

} // namespace zs::bench
