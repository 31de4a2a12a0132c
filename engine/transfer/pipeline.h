#pragma once

// How engine/transfer keeps many requests in flight while waiting on their replies in order.
#include "proto/constants.h"

#include <atomic>
#include <deque>
#include <future>
#include <tuple>
#include <utility>

namespace zs::transfer::detail {

template <class T> using Reply = std::future<std::tuple<proto::ErrorCode, T>>;

inline bool cancelled(const std::atomic<bool>* cancel) {
    return cancel != nullptr && cancel->load(std::memory_order_relaxed);
}

// Starts start(i) for i in [0, count) with at most `window` outstanding, handing each reply to
// done(i, err, value) in order; stops early (returning false) when done returns false or on
// cancel, after the replies still on their way have come.
template <class T, class Start, class Done>
bool pipelined(size_t count, size_t window, const std::atomic<bool>* cancel, Start start,
               Done done) {
    std::deque<std::pair<size_t, Reply<T>>> pending;
    size_t next = 0;
    while (next < count || !pending.empty()) {
        while (next < count && pending.size() < window) {
            pending.emplace_back(next, start(next));
            ++next;
        }
        auto [index, reply] = std::move(pending.front());
        pending.pop_front();
        auto [err, value] = reply.get();
        if (!done(index, err, std::move(value)) || cancelled(cancel)) {
            for (auto& rest : pending) {
                rest.second.wait(); // the client still completes them; wait before returning
            }
            return false;
        }
    }
    return true;
}

} // namespace zs::transfer::detail
