#pragma once

// The client's session machinery, shared by client.cpp (requests and replies) and session.cpp
// (connecting, the socket, pings). Everything here runs on `strand`.
#include "client/client.h"
#include "client/connect_string.h"

#include <atomic>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <deque>
#include <mutex>
#include <random>

namespace zs::client {

struct RwProbe; // rw_search.cpp

struct Client::Impl : std::enable_shared_from_this<Client::Impl> {
    using Clock = std::chrono::steady_clock;
    // Called once with the reply's error and, when ok, a reader on its body (nullptr otherwise).
    using Completion = std::function<void(proto::ErrorCode, proto::Reader*)>;

    struct Request {
        int32_t opcode = 0;
        std::string body; // the record after the RequestHeader
        Completion done;  // empty once the request timed out
        // A watch to arm when the reply says ok (exists: also on no_node, as an exist watch).
        WatchCallback watch;
        WatchKind watch_kind = WatchKind::data;
        std::string watch_path;
        int32_t xid = 0;
        Clock::time_point deadline = Clock::time_point::max();
    };

    Impl(boost::asio::any_io_executor executor, ClientOptions options, ConnectString target);

    // ---- requests (client.cpp) ----
    // Queues a request; sent at once when connected, else after the next handshake.
    void submit(Request request);
    // Fails a request that cannot be sent in the current state; false when it can be.
    bool refuse_if_final(Request& request);
    void send_request(Request& request);
    void on_frame(std::string_view frame);
    void on_reply(const proto::ReplyHeader& header, proto::Reader& body);
    void on_event(proto::Reader& body);
    // Fails the requests sent on the lost connection with `err`; those not sent yet keep
    // waiting for the next one.
    void fail_in_flight(proto::ErrorCode err);
    // Fails every waiting and in-flight request with `err` (the session is over).
    void fail_all(proto::ErrorCode err);
    // Fails with request_timeout every request whose deadline has passed.
    void expire_requests(Clock::time_point now);
    // Runs expire_requests periodically, connected or not, until the state is final.
    void schedule_request_check();

    // ---- the session (session.cpp) ----
    // The next server in turn, after a pause once every server has been tried.
    void connect_next();
    void connect_next_now();
    void on_connected(uint64_t generation);
    void on_handshake(std::string_view frame);
    void start_read(uint64_t generation);
    void send_frame(std::string frame);
    void flush_output(uint64_t generation);
    void schedule_tick(uint64_t generation);
    // Drops the connection (`why` is logged) and reconnects unless the state is final.
    void drop(const std::string& why);
    // While connected to a read-only server: asks the servers in turn ("isro"), backing off from
    // 100 ms to 60 s as Java's client does, and moves to the first that answers "rw".
    void schedule_rw_probe(uint64_t generation);
    void probe_rw(uint64_t generation);
    void cancel_rw_probe();
    void set_state(SessionState state);
    bool final_state() const;
    void shutdown();

    boost::asio::strand<boost::asio::any_io_executor> strand;
    ClientOptions options;
    ConnectString target;
    Chroot chroot;
    std::mt19937 random{std::random_device{}()};

    // Read from any thread.
    std::atomic<SessionState> state{SessionState::connecting};
    std::atomic<int64_t> session_id{0};
    std::atomic<int64_t> negotiated_ms{0};
    std::atomic<int64_t> last_zxid{0};
    mutable std::mutex shared_mutex; // guards password, server_name and last_problem
    std::array<uint8_t, 16> password{};
    std::string server_name;
    std::string last_problem;

    // The connection; `generation` tells its callbacks from those of an earlier one.
    boost::asio::ip::tcp::resolver resolver;
    boost::asio::ip::tcp::socket socket;
    boost::asio::steady_timer timer; // connect timeout, then pings and the read timeout
    // Request deadlines, apart from the connection: they run out while reconnecting too.
    boost::asio::steady_timer request_timer;
    uint64_t generation = 0;
    size_t next_host = 0;
    size_t attempts_in_round = 0;
    bool handshake_done = false;
    // Java's seenRwServerBefore: until a read-write server accepted the session, a reconnect
    // asks for a new one, as a session a read-only server made up is valid there alone.
    bool seen_rw_server = false;
    boost::asio::steady_timer rw_probe_timer;
    std::chrono::milliseconds rw_probe_interval{0};
    // The probe in progress (its socket, the host's index, its answer so far).
    std::shared_ptr<RwProbe> rw_probe;
    bool closing = false; // close() sent closeSession
    std::string output;   // frames waiting for the socket
    std::string writing;  // the frames being written
    bool write_busy = false;
    std::vector<char> input;
    size_t input_used = 0;
    Clock::time_point last_send;
    Clock::time_point last_receive;

    std::deque<Request> waiting;   // not sent yet
    std::deque<Request> in_flight; // sent, in xid order
    int32_t next_xid = 1;
    WatchRegistry watches;
    std::vector<proto::AuthPacket> auths;
    // add_auth calls waiting for their reply (auth replies carry xid -4, in order).
    std::deque<Completion> auth_waiting;
    // add_auth calls made while not connected: the last entries of `auths`, answered after the
    // next handshake sends them.
    std::deque<Completion> auth_before_connect;
};

} // namespace zs::client
