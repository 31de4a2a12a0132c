#pragma once

#include "storage/log_store.h"
#include "trace/event.h"

#include <cstdint>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zs::server {

// What a server in an ensemble serves as; `none` while it elects a leader or synchronizes with
// one (it then accepts no clients, as ZooKeeper's servers do not).
enum class Role { none, leader, follower, observer };

// "leader", "follower", "observer" (srvr's and mntr's Mode); "none" while not serving.
std::string_view name_of(Role role);

// The ensemble runtime a replicated server writes through (quorum::Peer). A standalone server
// has none and commits its txns itself. Every call is on the server's io_context thread.
//
// The leader prepares a client's write as the txn with zxid next_zxid() and hands it to
// propose(); a follower or observer hands the write to forward() for the leader to prepare. Txns,
// the leader's and those it sends, come back to the server to log (Server::persist) and, once
// committed, to apply (Server::commit_through).
class Replication {
  public:
    virtual ~Replication() = default;

    virtual Role role() const = 0;
    // The leader: the zxid of the next txn it proposes.
    virtual int64_t next_zxid() const = 0;
    // The leader: proposes a txn prepared with next_zxid().
    virtual void propose(storage::LogEntry entry) = 0;
    // A follower or observer: sends a client's write to the leader (see forwarded_write.h);
    // false when there is no leader to send it to.
    virtual bool forward(std::string write) = 0;
    // A follower or observer: `done` runs once everything the leader committed before it
    // answered is applied here; false when there is no leader to ask.
    virtual bool sync(std::function<void()> done) = 0;
    // The server logged txns up to `zxid` (in order).
    virtual void persisted(int64_t zxid) = 0;
    // A follower or observer: the sessions its clients kept alive lately, for the leader, which
    // decides expiry.
    virtual void touch_sessions(std::vector<int64_t> sessions) = 0;
    // Adds a server-side step (a session begun, ended, expired) to the trace, as this member's.
    virtual void trace(trace::Body body) = 0;
    // The leader: itself and the participants synchronized with it and heard from lately, the
    // members a new membership's quorum may count on.
    virtual std::set<int64_t> synced_participants() const = 0;
    // The leader: a reconfig was proposed and its membership is not active yet.
    virtual bool reconfig_in_progress() const = 0;
    // Lines for mntr and srvr that only an ensemble has ("zk_followers", ...), as key-value
    // pairs in mntr's order.
    virtual std::vector<std::pair<std::string, std::string>> monitor() const = 0;
};

} // namespace zs::server
