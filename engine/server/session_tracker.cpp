#include "server/session_tracker.h"

#include <limits>

namespace zs::server {

SessionTracker::SessionTracker(int64_t server_id, int32_t tick_ms, int64_t wall_clock_ms)
    : tick_ms_(tick_ms) {
    // ZooKeeper's layout: server id in the top byte, then milliseconds shifted so that ids stay
    // unique across restarts of the same server, then a counter.
    const uint64_t time_bits = (static_cast<uint64_t>(wall_clock_ms) << 24) >> 8;
    next_id_ = static_cast<int64_t>(time_bits | (static_cast<uint64_t>(server_id) << 56));
}

int64_t SessionTracker::next_session_id() {
    int64_t id = next_id_++;
    // Long.MIN_VALUE marks containers inside the tree; a session may never own that value.
    if (id == std::numeric_limits<int64_t>::min()) {
        id = next_id_++;
    }
    return id;
}

int64_t SessionTracker::round_up_to_tick(int64_t ms) const {
    return (ms / tick_ms_ + 1) * tick_ms_;
}

Session& SessionTracker::add(int64_t id, int32_t timeout_ms, const SessionPassword& password,
                             int64_t now_ms) {
    // A session restored after a restart must never be handed out again.
    if (id >= next_id_ && (id >> 56) == (next_id_ >> 56)) {
        next_id_ = id + 1;
    }
    Session& s = sessions_[id];
    unschedule(s);
    s = Session{id, timeout_ms, password, round_up_to_tick(now_ms + timeout_ms), false, 0};
    buckets_[s.expires_at_ms].insert(id);
    return s;
}

Session* SessionTracker::find(int64_t id) {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : &it->second;
}

const Session* SessionTracker::find(int64_t id) const {
    auto it = sessions_.find(id);
    return it == sessions_.end() ? nullptr : &it->second;
}

bool SessionTracker::touch(int64_t id, int64_t now_ms) {
    Session* s = find(id);
    if (s == nullptr || s->closing) {
        return false;
    }
    const int64_t deadline = round_up_to_tick(now_ms + s->timeout_ms);
    if (deadline != s->expires_at_ms) {
        unschedule(*s);
        s->expires_at_ms = deadline;
        buckets_[deadline].insert(id);
    }
    return true;
}

std::vector<int64_t> SessionTracker::take_expired(int64_t now_ms) {
    std::vector<int64_t> expired;
    while (!buckets_.empty() && buckets_.begin()->first <= now_ms) {
        for (int64_t id : buckets_.begin()->second) {
            sessions_[id].closing = true;
            expired.push_back(id);
        }
        buckets_.erase(buckets_.begin());
    }
    return expired;
}

void SessionTracker::set_closing(int64_t id) {
    if (Session* s = find(id)) {
        unschedule(*s);
        s->closing = true;
    }
}

void SessionTracker::remove(int64_t id) {
    auto it = sessions_.find(id);
    if (it != sessions_.end()) {
        unschedule(it->second);
        sessions_.erase(it);
    }
}

void SessionTracker::unschedule(const Session& s) {
    auto bucket = buckets_.find(s.expires_at_ms);
    if (bucket != buckets_.end()) {
        bucket->second.erase(s.id);
        if (bucket->second.empty()) {
            buckets_.erase(bucket);
        }
    }
}

} // namespace zs::server
