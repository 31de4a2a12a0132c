#pragma once

#include "ensemble/zoo_config.h"
#include "server/committer.h"
#include "server/connection.h"
#include "server/replication.h"
#include "server/request_processor.h"
#include "server/server_stats.h"
#include "server/session_tracker.h"
#include "server/snapshotter.h"
#include "storage/log_store.h"
#include "storage/snapshot_store.h"
#include "tree/data_tree.h"
#include "tree/pending_changes.h"
#include "tree/prep.h"
#include "tree/snapshot.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <variant>

namespace zs::server {

// A txn as it was applied, handed to the one who submitted it.
struct Committed {
    const tree::Txn& txn;
    const tree::ApplyResult& result;
};

// Runs on the io_context's thread once a txn is applied, or with nullptr when the log refused it
// (the txn is then not applied).
using Completion = std::function<void(const Committed*)>;

// A standalone ZooKeeper-protocol server: the client port, sessions, and the write path
// prep (against the tree and the txns in flight) -> zxid -> group commit on the storage thread ->
// apply in zxid order -> watch events -> reply. Everything but the log append runs on the
// io_context's single thread. Replication will slot in between prep and apply without changing
// what clients see.
//
// When the log fails (disk full, read-only), the txns it refused are neither applied nor
// acknowledged: their requests, and every later write, are answered with NOTREADONLY, new
// sessions are refused, reads keep being served, and expired sessions are dropped without a
// closeSession txn (their ephemerals stay, as nothing can be logged).
// What a server starts from: its stores and the state recovered from them (an empty tree and no
// sessions for new stores).
struct ServerStorage {
    std::unique_ptr<storage::LogStore> log;
    std::unique_ptr<storage::SnapshotStore> snapshots;
    tree::Snapshot recovered;
};

class Server {
  public:
    Server(boost::asio::io_context& io, ensemble::ZooConfig config, ServerStorage storage);
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
    std::string four_letter(std::string_view command);
    int32_t max_buffer_bytes() const { return config_.jute_max_buffer_bytes; }
    ServerStats& stats() { return stats_; }

    // Called by the request processor.
    // Prepares a write as the next txn, against the tree and the txns in flight, and commits it.
    // The request's strings move into the txn.
    void write(int64_t session_id, int32_t cxid, proto::Request request,
               const tree::PrepContext& context, Completion done);
    // Commits a txn that needs no prep (createSession, error txns) as the next txn.
    void write_txn(int64_t session_id, int32_t cxid, int64_t time_ms, tree::Txn txn,
                   Completion done);
    // Whether a sync can be answered at once: nothing is in flight here, and this server is the
    // one that orders writes (standalone or the leader; a follower must ask its leader).
    bool sync_is_immediate() const {
        return in_flight_.empty() && (replication_ == nullptr || role_ == Role::leader);
    }
    // Runs `done` once every txn submitted so far is applied or refused (sync).
    void after_writes(std::function<void()> done);
    // Ends a session: its ephemerals go in one closeSession txn; the session is forgotten once
    // that txn is applied, then `done` runs.
    void close_session(int64_t session_id, int32_t cxid, Completion done);
    void deliver(const std::vector<tree::WatchDelivery>& events);
    bool accepting_writes() const { return !storage_failed_; }
    // True while so many txns are in flight that connections stop reading requests.
    bool writes_backlogged() const { return backlogged_; }
    Connection* find_connection(uint64_t id);
    RequestProcessor& processor() { return processor_; }
    tree::DataTree& tree() { return tree_; }
    SessionTracker& sessions() { return sessions_; }
    const ensemble::ZooConfig& config() const { return config_; }
    // The ensemble's active membership: zoo.cfg's (or its dynamic file's) until a reconfig
    // activates another.
    const ensemble::Membership& membership() const { return membership_; }
    // A reconfig activated `membership`: /zookeeper/config and `conf` show it, and it is stored
    // next to zoo.cfg as ZooKeeper stores it (zoo.cfg.dynamic.<version>, zoo.cfg pointing to it)
    // so that a restart finds it.
    void activate_membership(ensemble::Membership membership);
    // Where clients reach this server: the address it listens on.
    const std::string& client_host() const { return client_host_; }

    // In an ensemble: the replication runtime to write through, set before start(); a server
    // without one is standalone.
    void set_replication(Replication* replication) { replication_ = replication; }
    const Replication* replication() const { return replication_; }
    // What the server serves as (in an ensemble); clients are accepted only while not `none`.
    Role role() const { return role_; }

    // Called by the replication runtime (server_replica.cpp).
    // Logs a txn: the leader's own or one its leader sent. Durability is reported through
    // Replication::persisted.
    void persist(storage::LogEntry entry);
    // The ensemble committed every txn through `zxid`: apply those logged so far.
    void commit_through(int64_t zxid);
    // Runs `done` once every txn through `zxid` is applied here (a committed txn can wait for
    // this member's own fsync): an answered SYNC must not let a read run before it.
    void after_applied(int64_t zxid, std::function<void()> done);
    // TRUNC: cuts the log after `zxid` (and rebuilds the tree from the stores if it had applied
    // txns beyond it). A message saying why on failure.
    std::optional<std::string> truncate_log(int64_t zxid);
    // SNAP: the leader's state as of `zxid` replaces the tree, the sessions and the log.
    std::optional<std::string> install_snapshot(int64_t zxid, std::string_view bytes);
    // Stores the replication epochs durably.
    std::optional<std::string> store_epochs(int64_t accepted_epoch, int64_t current_epoch);
    // The applied state, encoded as a snapshot (for a learner too far behind).
    std::string encode_state();
    // The leader: prepares and proposes a write a learner forwarded.
    void prepare_forwarded(std::string_view bytes);
    // The leader: a learner's clients kept these sessions alive.
    void touch_sessions(const std::vector<int64_t>& session_ids);
    void role_changed(Role role);

    // Read-only views for the four-letter words.
    const tree::DataTree& tree() const { return tree_; }
    const SessionTracker& sessions() const { return sessions_; }
    const ServerStats& stats() const { return stats_; }
    const std::map<uint64_t, std::shared_ptr<Connection>>& connections() const {
        return connections_;
    }
    int64_t start_time_ms() const { return start_time_ms_; }
    // Requests received but not answered yet, over all connections.
    size_t outstanding_requests() const;
    void reset_connection_stats();

  private:
    boost::asio::awaitable<void> accept_loop();
    void schedule_session_tick();
    void schedule_container_check();
    void schedule_purge();
    std::vector<tree::SessionRecord> session_records() const;
    void expire_sessions();
    void remove_expired_containers();
    void send_connect_response(Connection& connection, const proto::ConnectResponse& response);
    void create_session(Connection& connection, int32_t timeout_ms, bool include_read_only);
    // A client resuming its session on this connection: answered with the session, or with
    // ZooKeeper's all-zero refusal when it is unknown, expired or its password is wrong.
    void resume_session(Connection& connection, const proto::ConnectRequest& request,
                        int32_t timeout_ms);
    void submit(const tree::TxnHeader& header, tree::Txn txn, Completion done);
    // A follower or observer sends a write to its leader; `done` runs when it comes back
    // committed.
    void forward(int64_t session_id, int32_t cxid, int64_t time_ms,
                 std::variant<proto::Request, tree::Txn> write, const tree::AuthInfo& auth,
                 Completion done);
    // Applies one committed txn, answers whoever submitted it, and runs the syncs behind it.
    void apply_entry(const storage::LogEntry& entry);
    // Sessions come and go with the txns that every member applies.
    void track_sessions(const storage::LogEntry& entry);
    // Pushes the session's deadline (SessionTracker::touch) and, on a follower or observer,
    // remembers to tell the leader, which decides expiry.
    bool touch_session(int64_t id, int64_t now_ms);
    void report_session_touches();
    void fail_writes_in_flight();
    // The tree and sessions become `state` (the log was cut or replaced under them).
    void replace_state(tree::Snapshot state);
    // /zookeeper/config: the ensemble from this member's config (nothing when standalone).
    void show_membership();
    // Opens the client port (and accepts on it); a message saying why it failed.
    std::optional<std::string> listen_for_clients(const std::string& host, uint16_t port);
    // A membership that moves this server's client address: clients are accepted there from now
    // on, and those connected stay (ZooKeeper's cnxnFactory.reconfigure).
    void move_client_port(const ensemble::ServerAddress& address);
    // The leader: a reconfig's txn, after ZooKeeper's checks in its order (the new membership,
    // a synchronized quorum of it, WRITE on /zookeeper/config last).
    tree::Txn prepare_reconfig(const proto::ReconfigRequest& request, int64_t zxid,
                               const tree::AuthInfo& auth);
    // Committer reports.
    void on_durable(std::vector<storage::LogEntry>& written);
    void on_replicated_durable(std::vector<storage::LogEntry>& written);
    void on_log_failed(int64_t first_zxid, const storage::StorageError& error);
    void update_backlog();

    // A txn handed to the committer (which hands it back once durable), or a sync waiting behind
    // the txns before it.
    struct InFlight {
        tree::TxnHeader header;
        Completion done;                 // a txn's
        std::function<void()> sync_done; // set for a sync
    };

    boost::asio::io_context& io_;
    ensemble::ZooConfig config_;
    ensemble::Membership membership_;
    std::unique_ptr<storage::LogStore> log_;
    std::unique_ptr<storage::SnapshotStore> snapshots_;
    tree::DataTree tree_;
    tree::PendingChanges pending_;
    // A write a follower or observer forwarded, waiting for its txn (matched by cxid).
    struct Forwarded {
        int32_t cxid = 0;
        Completion done;
    };

    std::deque<InFlight> in_flight_; // zxid order
    int64_t last_zxid_ = 0;          // the last zxid handed out
    size_t txns_in_flight_ = 0;
    bool backlogged_ = false;
    bool storage_failed_ = false;
    Replication* replication_ = nullptr;
    Role role_ = Role::none;
    std::unordered_map<int64_t, std::deque<Forwarded>> forwarded_; // by session
    std::unordered_set<int64_t> touched_;     // sessions to report alive to the leader
    std::deque<storage::LogEntry> unapplied_; // logged, not yet committed (in an ensemble)
    std::multimap<int64_t, std::function<void()>> after_applied_; // by the zxid they wait for
    int64_t committed_through_ = 0;
    // While the log is cut or replaced: reports of what was written before are stale past it.
    std::optional<int64_t> stale_after_;
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
    std::string client_host_; // what the acceptor is bound to
    int64_t start_time_ms_ = 0;
    bool stopped_ = false;
    Snapshotter snapshotter_;
    boost::asio::steady_timer purge_timer_;
    // Last, so that its storage thread stops before the state its reports touch goes away.
    Committer committer_;
};

} // namespace zs::server
