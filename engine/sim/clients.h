#pragma once

#include "check/history.h"
#include "sim/simulation.h"

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <vector>

namespace zs::sim {

// Simulated clients of the ensemble, each on one server at a time, one operation at a time, as
// a ZooKeeper client would: writes ("k<n>=<value>", proposed by a leader or forwarded by a
// learner, acknowledged when their server applies them), reads of the server's applied state,
// and reads after a sync. A client moves to another server when its own is down or cannot
// serve, and never reads from a server behind what it has seen (ZooKeeper's clients refuse such
// a server). Every completed operation goes to a HistoryChecker.
class Clients {
  public:
    Clients(Simulation& sim, check::HistoryChecker& history, int count, int keys);

    // Every trace event of the run (commits complete writes and feed the history).
    void observe(const trace::Event& event);
    // A server's leader answered `count` of its SYNCs.
    void syncs_answered(ServerId server, int64_t count);
    // Each idle client begins an operation; one waiting too long gives up on it.
    void act();

    int64_t writes_acknowledged() const { return writes_acknowledged_; }

  private:
    enum class Busy { idle, writing, syncing };
    struct Client {
        int id = 0;
        ServerId home = 0;
        Busy busy = Busy::idle;
        std::string txn; // the write in flight
        int64_t invoked = 0;
        int64_t started_tick = 0;
        int64_t zxid_seen = 0;
        int writes = 0;
    };

    void write(Client& client);
    void read(Client& client, std::optional<int64_t> synced_at);
    void sync(Client& client);
    // Whether the server can take a client's request now (it serves: it is in broadcast).
    bool serving(ServerId id) const;
    void move(Client& client);
    // Whether a server's SYNC answer comes from the newest established leader (a leader that
    // does not know it was deposed answers with an older state: ZooKeeper's sync is not a
    // quorum read, and this checker holds it to what ZooKeeper promises).
    bool answered_by_current_leader(ServerId server) const;

    Simulation& sim_;
    check::HistoryChecker& history_;
    int keys_;
    std::vector<Client> clients_;
    std::map<ServerId, std::deque<int>> syncing_; // clients waiting for each server's SYNCs
    int64_t clock_ = 0;                           // the history's logical time
    int64_t newest_epoch_ = 0;                    // the newest epoch a quorum established
    int64_t writes_acknowledged_ = 0;
};

} // namespace zs::sim
