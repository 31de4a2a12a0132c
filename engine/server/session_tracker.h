#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <set>
#include <unordered_map>
#include <vector>

namespace zs::server {

using SessionPassword = std::array<uint8_t, 16>;

// One client session as the server tracks it between connections.
struct Session {
    int64_t id = 0;
    int32_t timeout_ms = 0;
    SessionPassword password{};
    int64_t expires_at_ms = 0; // bucketed deadline on the tracker's clock
    bool closing = false;      // expired or closed: its closeSession txn is on its way
    uint64_t connection = 0;   // id of the connection that owns it, 0 while disconnected
};

// Session ids, passwords and expiry, as ZooKeeper's SessionTrackerImpl keeps them: deadlines are
// rounded up to the next tick so that one wake-up per tick finds every expired session.
class SessionTracker {
  public:
    SessionTracker(int64_t server_id, int32_t tick_ms, int64_t wall_clock_ms);

    // A fresh id: top byte the server id, then wall-clock-derived bits, unique per tracker.
    int64_t next_session_id();
    Session& add(int64_t id, int32_t timeout_ms, const SessionPassword& password, int64_t now_ms);
    Session* find(int64_t id);
    const Session* find(int64_t id) const;
    // Pushes the session's deadline to now + timeout; false if it is unknown or closing.
    bool touch(int64_t id, int64_t now_ms);
    // Marks every session whose deadline passed as closing and returns their ids.
    std::vector<int64_t> take_expired(int64_t now_ms);
    void set_closing(int64_t id);
    void remove(int64_t id);

    size_t size() const { return sessions_.size(); }
    const std::unordered_map<int64_t, Session>& sessions() const { return sessions_; }
    // Deadline -> sessions, for the `dump` four-letter word.
    const std::map<int64_t, std::set<int64_t>>& expiry_buckets() const { return buckets_; }

  private:
    int64_t round_up_to_tick(int64_t ms) const;
    void unschedule(const Session& s);

    int32_t tick_ms_;
    int64_t next_id_;
    std::unordered_map<int64_t, Session> sessions_;
    std::map<int64_t, std::set<int64_t>> buckets_;
};

} // namespace zs::server
