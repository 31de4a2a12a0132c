#pragma once

#include "server_process.h"

#include <QString>
#include <QStringList>
#include <QTcpSocket>
#include <memory>
#include <vector>

namespace zs::testing {

// An ensemble of participants on 127.0.0.1, all Apache ZooKeeper or all zoonode: one
// ServerProcess per member, each with its own zoo.cfg (the same server.N lines), myid, data
// directory and log.
class ZooKeeperEnsemble {
  public:
    // `common` applies to every member (its extra lines come after the quorum's). `observers`
    // more members, numbered after the participants, observe. `joiners` more, numbered last, are
    // servers about to join by reconfig: the others' server lists leave them out, and each one's
    // own lists the others and itself, as ZooKeeper's documentation configures a joining server.
    ZooKeeperEnsemble(ServerKind kind, int size, ServerOptions common = {}, int observers = 0,
                      int joiners = 0);

    // Launches the members in `which` (all when empty) and waits until each one serves. A
    // member alone can serve only in read-only mode (readonlymode.enabled).
    bool start(std::vector<int> which = {}, int timeout_ms = 60000);
    int size() const { return int(members_.size()); }
    ServerProcess& member(int index) { return *members_[size_t(index)]; }
    // The member whose client address is `host_port` ("127.0.0.1:port"), or -1.
    int member_at(const QString& host_port) const;
    // Every member's client address, comma-separated.
    QString connect_string() const;
    // Member `index`'s server line, "server.N=127.0.0.1:quorumPort:electionPort[:observer]".
    QString server_line(int index) const { return server_lines_[size_t(index)]; }
    // The member whose `srvr` says "Mode: leader", or -1 when none does (within timeout_ms).
    int leader(int timeout_ms = 30000) const;
    // zoonode members: runs an admin server command ("peer_traffic?server=2&traffic=drop") on
    // member `index` and returns the JSON it answers (empty on failure).
    QByteArray admin(int index, const QString& command) const;
    // zoonode members: what member `index`'s admin server streams at /trace within `ms`.
    QByteArray trace(int index, int ms) const;

  private:
    // Connects `socket` to member `index`'s admin server; false when it has none or no answer.
    bool connect_admin(int index, QTcpSocket& socket) const;

    std::vector<std::unique_ptr<ServerProcess>> members_;
    std::vector<quint16> admin_ports_; // zoonode members only
    QStringList server_lines_;
};

// ZS_ENSEMBLE (an environment variable): how many members a suite's ensemble has, or
// `fallback` when it is unset or not a number above 1.
int ensemble_size_from_env(int fallback);

// What a suite runs against: one server, or an ensemble of ZS_ENSEMBLE members (1 or unset: one
// server) of the same kind.
class TestServers {
  public:
    TestServers(ServerKind kind, ServerOptions options);
    // Starts them and waits until they serve; on failure records a QtTest failure.
    bool start();
    // One server's address. For an ensemble, one member's: ZooKeeper orders what one member's
    // clients see, not what clients of different members see (sequential consistency), so the
    // clients of one scenario share a member. `pick` chooses it: 0 a follower, then the others in
    // turn, the leader last.
    QString connect_string(int pick = 0) const;
    bool all_running() const;
    // "zoonode", "zookeeper", "3 zoonode members", ...
    QString description() const;

  private:
    std::unique_ptr<ServerProcess> server_;
    std::unique_ptr<ZooKeeperEnsemble> ensemble_;
    std::vector<int> members_by_pick_; // followers first, the leader last
};

} // namespace zs::testing
