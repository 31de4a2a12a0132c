#include "run_control.h"

#include <algorithm>
#include <thread>
#include <utility>

namespace zs::bench {
namespace {

// Polling is plenty: the driving thread only watches for the end of a run that lasts seconds.
constexpr auto kPollInterval = std::chrono::milliseconds(5);

} // namespace

void RunControl::fail(std::string text) {
    {
        const std::lock_guard lock(mutex_);
        if (error_.empty()) {
            error_ = std::move(text);
        }
    }
    failed_.store(true, std::memory_order_release);
    stop();
}

std::string RunControl::error() const {
    const std::lock_guard lock(mutex_);
    return error_;
}

void RunControl::sleep_until(Clock::time_point deadline) const {
    for (auto now = Clock::now(); now < deadline && !failed(); now = Clock::now()) {
        std::this_thread::sleep_for(std::min<Clock::duration>(kPollInterval, deadline - now));
    }
}

bool RunControl::wait_idle(Clock::time_point deadline) const {
    while (in_flight() > 0) {
        if (Clock::now() >= deadline) {
            return false;
        }
        std::this_thread::sleep_for(kPollInterval);
    }
    return true;
}

double seconds_between(Clock::time_point from, Clock::time_point to) {
    return std::chrono::duration<double>(to - from).count();
}

Clock::time_point after_seconds(Clock::time_point from, double seconds) {
    return from +
           std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds));
}

} // namespace zs::bench
