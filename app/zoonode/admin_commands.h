#pragma once

#include "admin/admin_server.h"
#include "quorum/peer.h"
#include "server/server.h"

#include <boost/asio/io_context.hpp>
#include <condition_variable>
#include <mutex>

namespace zs::zoonode {

// Freezes the server's thread on request, as a long garbage-collection pause or SIGSTOP would,
// while the admin server (its own thread) stays reachable to end it.
class Pauser {
  public:
    // Blocks the io_context's thread until resume() or `longest` has passed.
    void pause(boost::asio::io_context& io, std::chrono::milliseconds longest);
    void resume();
    bool paused() const;

  private:
    mutable std::mutex mutex_;
    std::condition_variable resumed_;
    bool paused_ = false;
};

// The admin server's commands for one zoonode: `ruok` and `monitor` (mntr, in JSON) as
// ZooKeeper's AdminServer has them, `peer_state`, and the fault injection an ensemble is tested
// with: `peer_traffic` (drop or delay what goes to and comes from another member) and
// `pause` / `resume`. `peer` is null for a standalone server.
void add_admin_commands(admin::AdminServer& admin, boost::asio::io_context& io,
                        server::Server& server, quorum::Peer* peer, Pauser& pauser);

// Streams the peer's trace events to the admin server's /trace. The per-txn events (proposals,
// commits and their messages) are encoded only while a client follows the stream, so that an
// unwatched server does not pay for them.
void stream_trace(admin::AdminServer& admin, quorum::Peer& peer);

} // namespace zs::zoonode
