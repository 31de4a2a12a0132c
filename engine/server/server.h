#pragma once

#include "ensemble/zoo_config.h"
#include "server/connection.h"
#include "server/request_processor.h"
#include "server/server_stats.h"
#include "server/session_tracker.h"
#include "storage/log_store.h"
#include "tree/data_tree.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>

namespace zs::server {

// A standalone ZooKeeper-protocol server: the client port, sessions, and the write path
// prep -> log -> apply -> reply, all on the io_context's single thread. Replication will slot in
// between prep and apply without changing what clients see.
class Server {
  public:
    Server(boost::asio::io_context& io, ensemble::ZooConfig config,
           std::unique_ptr<storage::LogStore> log);
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Binds the client port and starts serving; on failure returns a message saying why.
    std::optional<std::string> start();
    // Stops accepting and closes every connection; sessions are not expired.
    void stop();
    uint16_t port() const { return port_; }

    // Called by connections.
    void on_connect_request(Connection& connection, std::string_view payload);
    void on_request(Connection& connection, std::string_view payload);
    void on_connection_closed(Connection& connection);
    std::string four_letter(std::string_view command, const Connection& asker);
    int32_t max_buffer_bytes() const { return config_.jute_max_buffer_bytes; }
    ServerStats& stats() { return stats_; }

    // Called by the request processor.
    // Logs and applies one txn, sends the watch events it fires, and returns its outcome.
    tree::ApplyResult commit(int64_t session_id, int32_t cxid, int64_t time_ms,
                             const tree::Txn& txn);
    // Ends a session: its ephemerals go in one closeSession txn, and its connection is closed.
    void close_session(int64_t session_id, int32_t cxid);
    void deliver(const std::vector<tree::WatchDelivery>& events);
    tree::DataTree& tree() { return tree_; }
    SessionTracker& sessions() { return sessions_; }
    const ensemble::ZooConfig& config() const { return config_; }

    // Read-only views for the four-letter words.
    const tree::DataTree& tree() const { return tree_; }
    const SessionTracker& sessions() const { return sessions_; }
    const ServerStats& stats() const { return stats_; }
    const std::map<uint64_t, std::shared_ptr<Connection>>& connections() const {
        return connections_;
    }
    int64_t start_time_ms() const { return start_time_ms_; }
    void reset_connection_stats();

  private:
    boost::asio::awaitable<void> accept_loop();
    void schedule_session_tick();
    void schedule_container_check();
    void expire_sessions();
    void remove_expired_containers();
    void send_connect_response(Connection& connection, const proto::ConnectResponse& response);

    boost::asio::io_context& io_;
    ensemble::ZooConfig config_;
    std::unique_ptr<storage::LogStore> log_;
    tree::DataTree tree_;
    SessionTracker sessions_;
    ServerStats stats_;
    RequestProcessor processor_;
    boost::asio::ip::tcp::acceptor acceptor_;
    boost::asio::steady_timer session_timer_;
    boost::asio::steady_timer container_timer_;
    std::map<uint64_t, std::shared_ptr<Connection>> connections_;
    std::unordered_map<std::string, int> connections_per_ip_;
    uint64_t next_connection_id_ = 1;
    uint16_t port_ = 0;
    int64_t start_time_ms_ = 0;
    bool stopped_ = false;
};

} // namespace zs::server
