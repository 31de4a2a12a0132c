#pragma once

#include "quorum/peer_link.h"
#include "zab/messages.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>

namespace zs::quorum {

// Where a member of the ensemble listens (its server.N line).
struct PeerAddress {
    zab::ServerId id = 0;
    std::string host;
    uint16_t quorum_port = 0;   // learner links: a learner dials its leader here
    uint16_t election_port = 0; // election notifications
};

// The replication core's messages between zoonode processes, as the core expects them to travel
// (zab/core.h): election notifications like datagrams, on one connection per direction that is
// redialled when needed and loses what it cannot deliver; every other message on a learner link
// to that peer, a TCP connection that loses nothing silently: when it breaks, `link_lost` says
// so. A learner link is dialled by whoever speaks first (a learner, to its leader's quorum port);
// a new link from the same peer replaces the old one, which is reported lost first.
//
// Fault injection, as a network would misbehave but without root privileges: traffic to and from
// a peer can be dropped (links broken and refused, notifications discarded), as a partition
// would, or delayed (everything held for a while, in order).

class PeerNetwork {
  public:
    struct Listener {
        std::function<void(zab::ServerId from, zab::Body body)> received;
        std::function<void(zab::ServerId peer)> link_lost;
    };

    PeerNetwork(boost::asio::io_context& io, zab::ServerId self, std::vector<PeerAddress> members,
                Listener listener);
    ~PeerNetwork();
    PeerNetwork(const PeerNetwork&) = delete;
    PeerNetwork& operator=(const PeerNetwork&) = delete;

    // Listens on this server's quorum and election ports; a message saying why on failure.
    std::optional<std::string> start();
    void stop();

    void send(const zab::Message& message);
    // The members a reconfig activated: where to reach them from now on. Links to servers no
    // longer among them stay until their ends close them.
    void set_members(std::vector<PeerAddress> members);
    // Closes the learner link to `peer` (the core asked to); not reported as lost.
    void close_link(zab::ServerId peer);

    // Drops everything to and from `peer` until allowed again.
    void drop_traffic(zab::ServerId peer, bool drop);
    // Holds everything to and from `peer` for `delay` (zero: no more delay).
    void delay_traffic(zab::ServerId peer, std::chrono::milliseconds delay);
    const std::set<zab::ServerId>& dropped() const { return dropped_; }
    const std::map<zab::ServerId, std::chrono::milliseconds>& delays() const { return delays_; }

  private:
    boost::asio::awaitable<void> accept_loop(boost::asio::ip::tcp::acceptor& acceptor);
    std::shared_ptr<PeerLink> make_link(boost::asio::ip::tcp::socket socket);
    void on_frame(PeerLink& link, std::string_view body);
    void on_closed(PeerLink& link);
    void send_now(const zab::Message& message);
    // Runs `step` now, or after the delay set for `peer`, behind what was delayed before it.
    void after_delay(zab::ServerId peer, std::function<void()> step);
    void run_due(zab::ServerId peer);
    const PeerAddress* address_of(zab::ServerId id) const;
    std::optional<std::string> listen(boost::asio::ip::tcp::acceptor& acceptor,
                                      const std::string& host, uint16_t port);

    boost::asio::io_context& io_;
    zab::ServerId self_;
    std::vector<PeerAddress> members_;
    PeerAddress self_address_; // what our hellos say
    // Callers not among the members, where their hellos said they listen.
    std::map<zab::ServerId, PeerAddress> learned_;
    Listener listener_;
    boost::asio::ip::tcp::acceptor quorum_acceptor_;
    boost::asio::ip::tcp::acceptor election_acceptor_;
    // Who the frames of an accepted connection come from is known once its Hello arrives.
    std::map<uint64_t, std::shared_ptr<PeerLink>> unidentified_;
    std::map<uint64_t, std::shared_ptr<PeerLink>> election_in_;
    std::map<zab::ServerId, std::shared_ptr<PeerLink>> election_out_;
    std::map<zab::ServerId, std::shared_ptr<PeerLink>> learner_links_;
    std::set<zab::ServerId> dropped_;
    std::map<zab::ServerId, std::chrono::milliseconds> delays_;
    struct Held {
        std::deque<std::pair<std::chrono::steady_clock::time_point, std::function<void()>>> steps;
        std::unique_ptr<boost::asio::steady_timer> timer;
    };
    std::map<zab::ServerId, Held> held_;
    uint64_t next_link_id_ = 1;
    bool stopped_ = false;
};

} // namespace zs::quorum
