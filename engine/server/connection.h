#pragma once

#include "server/awaitable.h"
#include "server/server_stats.h"
#include "tree/acl.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zs::server {

class Server;

// Per-connection counters behind `cons` and `stat`.
struct ConnectionStats {
    int64_t packets_received = 0;
    int64_t packets_sent = 0;
    int64_t established_ms = 0; // wall clock
    int32_t last_opcode = 0;
    bool has_last_op = false;
    int32_t last_cxid = 0;
    int64_t last_zxid = 0;
    int64_t last_response_ms = 0; // wall clock
    int64_t last_latency_ms = 0;
    LatencyStats latency;
};

// A request of a connection that is not answered yet. Requests are answered in arrival order: a
// write waits for its txn to be applied, and anything after it waits its turn (ZooKeeper's
// CommitProcessor keeps a session's requests in order the same way).
struct PendingRequest {
    bool in_flight = false;  // a txn (or a sync) the server is committing
    std::string payload;     // otherwise: the request itself, to run when its turn comes
    int64_t received_ms = 0; // steady clock
    // An in-flight request's header fields its reply needs; kept here rather than in the
    // completion, whose captures then fit std::function's own storage (no allocation per write).
    int32_t xid = 0;
    int32_t type = 0;
};

// One client TCP connection: framing, the handshake / four-letter-word split, and an ordered write
// queue. A reader coroutine and a writer coroutine share the connection through a shared_ptr and
// run on the server's single I/O thread; everything the connection decodes is handed to its Server.
class Connection : public std::enable_shared_from_this<Connection> {
  public:
    Connection(Server& server, boost::asio::ip::tcp::socket socket, uint64_t id);

    void start();
    // Queues one complete frame (length prefix included).
    void send(std::string frame);
    // Sends what is queued, then closes: the way ZooKeeper answers closeSession or a fatal error.
    void close_after_flush();
    // Closes at once, dropping queued output.
    void abort();

    uint64_t id() const { return id_; }
    bool closed() const { return closed_; }
    const std::string& remote_ip() const { return remote_ip_; }
    uint16_t remote_port() const { return remote_port_; }

    // Requests received and not answered yet (`cons` queued, part of `Outstanding`).
    size_t outstanding_requests() const { return pending_.size(); }
    bool has_pending() const { return !pending_.empty(); }
    // A request now being committed; `at_head` when it was already first in line.
    void push_in_flight(int64_t received_ms, bool at_head, int32_t xid, int32_t type);
    // A request that must wait for the ones before it.
    void defer(std::string_view payload, int64_t received_ms);
    // Removes the oldest pending request, which must be the one in flight; returns it.
    PendingRequest pop_in_flight();
    // Removes and returns the oldest pending request if it waits for its turn, not for a commit.
    std::optional<PendingRequest> pop_deferred();
    // Stops reading requests until release_reads(): while a session is being created or closed.
    void hold_reads() { reads_held_ = true; }
    void release_reads();
    // The reader re-checks whether it may read (the server's write backlog drained).
    void wake_reader() { reader_signal_.cancel(); }

    bool handshaken() const { return handshaken_; }
    int64_t session_id() const { return session_id_; }
    int32_t session_timeout_ms() const { return session_timeout_ms_; }
    void bind_session(int64_t session_id, int32_t timeout_ms);

    tree::AuthInfo& auth() { return auth_; }
    const tree::AuthInfo& auth() const { return auth_; }
    ConnectionStats& stats() { return stats_; }
    const ConnectionStats& stats() const { return stats_; }

  private:
    boost::asio::awaitable<void> read_loop();
    boost::asio::awaitable<void> write_loop();
    boost::asio::awaitable<void> watchdog();
    // Makes at least `n` unread bytes available in input_, reading whatever else the socket
    // already has; false when the peer went away.
    boost::asio::awaitable<bool> fill(size_t n);
    // Consumes `n` available bytes; the view lives until the next fill().
    std::string_view take(size_t n);
    void release_large_buffer();
    void enqueue(std::string bytes);
    // Writes queued replies now, without blocking, when the write loop is idle: called before
    // waiting for more input, so a lone request's reply leaves without a trip through the
    // scheduler. What the socket does not take stays for the write loop.
    void flush_replies();
    void on_closed();

    Server& server_;
    boost::asio::ip::tcp::socket socket_;
    boost::asio::steady_timer write_signal_;
    boost::asio::steady_timer reader_signal_;
    boost::asio::steady_timer deadline_;
    uint64_t id_;
    std::string remote_ip_;
    uint16_t remote_port_ = 0;

    std::deque<std::string> queue_;
    size_t queued_bytes_ = 0;
    bool writing_ = false; // the write loop has an async_write in progress
    std::vector<boost::asio::const_buffer> flush_buffers_;
    std::vector<char> input_; // unread bytes are [input_begin_, input_end_)
    size_t input_begin_ = 0;
    size_t input_end_ = 0;
    std::deque<PendingRequest> pending_;
    bool reads_held_ = false;
    bool close_after_flush_ = false;
    bool closed_ = false;
    bool handshaken_ = false;

    int64_t session_id_ = 0;
    int32_t session_timeout_ms_ = 0;
    tree::AuthInfo auth_;
    ConnectionStats stats_;
};

} // namespace zs::server
