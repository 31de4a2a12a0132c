#include "server/server.h"

#include "proto/jute.h"
#include "proto/request.h"
#include "server/clock.h"
#include "server/four_letter.h"
#include "tree/prep.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <cassert>
#include <cstring>
#include <openssl/rand.h>
#include <span>
#include <spdlog/spdlog.h>

namespace zs::server {

namespace asio = boost::asio;

namespace {

SessionPassword random_password() {
    SessionPassword password{};
    if (RAND_bytes(password.data(), static_cast<int>(password.size())) != 1) {
        // OpenSSL's generator failing means the process cannot make secrets at all.
        spdlog::critical("the random number generator failed; cannot issue session passwords");
        std::abort();
    }
    return password;
}

std::string hex(int64_t value) {
    return fmt::format("0x{:x}", static_cast<uint64_t>(value));
}

// Txns in flight at which connections stop reading requests (ZooKeeper's
// zookeeper.globalOutstandingLimit default), and resume below half of it.
constexpr size_t kMaxTxnsInFlight = 1000;

} // namespace

Server::Server(asio::io_context& io, ensemble::ZooConfig config, ServerStorage storage)
    : io_(io), config_(std::move(config)), membership_(config_.membership()),
      log_(std::move(storage.log)), snapshots_(std::move(storage.snapshots)),
      tree_(std::move(storage.recovered.tree)),
      // A standalone server numbers its sessions as server 1, whatever its myid, like ZooKeeper;
      // in an ensemble the myid in a session id's top byte keeps ids unique across members.
      sessions_(config_.is_standalone() ? 1 : config_.my_id.value_or(1), config_.tick_time_ms,
                wall_clock_ms()),
      processor_(*this), acceptor_(io), session_timer_(io), container_timer_(io),
      snapshotter_(io, *snapshots_, config_.snap_count), purge_timer_(io),
      committer_(io, *log_,
                 Committer::Listener{
                     [this](std::vector<storage::LogEntry>& written) { on_durable(written); },
                     [this](int64_t first_zxid, const storage::StorageError& error) {
                         on_log_failed(first_zxid, error);
                     }}) {
    // Sessions alive when the server stopped get a full timeout to come back, then expire and
    // take their ephemerals with them, as in ZooKeeper.
    const int64_t now = steady_ms();
    for (const tree::SessionRecord& record : storage.recovered.sessions) {
        sessions_.add(record.id, record.timeout_ms, record.password, now);
    }
    show_membership();
}

void Server::show_membership() {
    // A member shows the ensemble in /zookeeper/config, as ZooKeeper's members do; a standalone
    // server leaves it empty. Set from this member's own config, so a state taken from a
    // snapshot gets it again.
    if (!config_.is_standalone()) {
        tree_.set_config_data(membership_.text(), int64_t(membership_.version), wall_clock_ms());
    }
}

Server::~Server() {
    stop();
}

std::optional<std::string> Server::start() {
    if (!config_.client_port) {
        return std::string("no clientPort is configured");
    }
    const std::string host =
        config_.client_port_address.empty() ? "0.0.0.0" : config_.client_port_address;
    if (auto error = listen_for_clients(host, *config_.client_port)) {
        return error;
    }
    last_zxid_ = tree_.last_processed_zxid();
    start_time_ms_ = wall_clock_ms();
    schedule_session_tick();
    schedule_container_check();
    schedule_purge();
    return std::nullopt;
}

std::optional<std::string> Server::listen_for_clients(const std::string& host, uint16_t port) {
    boost::system::error_code ec;
    auto address = asio::ip::make_address(host, ec);
    if (ec) {
        return fmt::format("clientPortAddress '{}' is not an IP address: {}", host, ec.message());
    }
    asio::ip::tcp::endpoint endpoint(address, port);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
        acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
        const int backlog = config_.client_port_listen_backlog > 0
                                ? config_.client_port_listen_backlog
                                : asio::socket_base::max_listen_connections;
        acceptor_.listen(backlog, ec);
    }
    if (ec) {
        acceptor_.close(ec);
        return fmt::format("cannot listen on {}:{}: {}", host, port, ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    client_host_ = host;
    asio::co_spawn(io_, accept_loop(), asio::detached);
    spdlog::info("serving clients on {}:{}", host, port_);
    return std::nullopt;
}

void Server::stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    boost::system::error_code ec;
    acceptor_.close(ec);
    session_timer_.cancel();
    container_timer_.cancel();
    purge_timer_.cancel();
    // abort() calls back into on_connection_closed, which edits the map: iterate over a copy.
    auto open = connections_;
    for (auto& [id, connection] : open) {
        connection->abort();
    }
    // A purge in progress may still ask the committer for work: let it finish first.
    snapshotter_.stop();
    // Writes what was handed to the storage thread; nobody is left to answer.
    committer_.stop();
}

asio::awaitable<void> Server::accept_loop() {
    while (!stopped_) {
        boost::system::error_code ec;
        asio::ip::tcp::socket socket =
            co_await acceptor_.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (stopped_ || ec == asio::error::operation_aborted) {
                co_return;
            }
            spdlog::warn("accept failed: {}", ec.message());
            continue;
        }
        const std::string ip = socket.remote_endpoint(ec).address().to_string();
        if (ec) {
            continue;
        }
        const int max_per_ip = config_.max_client_cnxns;
        const bool over_ip_limit = max_per_ip > 0 && connections_per_ip_[ip] >= max_per_ip;
        const bool over_total_limit =
            config_.max_cnxns > 0 && static_cast<int>(connections_.size()) >= config_.max_cnxns;
        if (over_ip_limit || over_total_limit) {
            spdlog::warn("too many connections from {} - max is {}", ip,
                         over_ip_limit ? max_per_ip : config_.max_cnxns);
            socket.close(ec);
            continue;
        }
        const uint64_t id = next_connection_id_++;
        auto connection = std::make_shared<Connection>(*this, std::move(socket), id);
        connection->stats().established_ms = wall_clock_ms();
        connections_.emplace(id, connection);
        ++connections_per_ip_[ip];
        connection->start();
    }
}

void Server::on_connection_closed(Connection& connection) {
    tree_.watches().remove_watcher(connection.id());
    if (Session* session = sessions_.find(connection.session_id())) {
        if (session->connection == connection.id()) {
            session->connection = 0;
        }
    }
    auto per_ip = connections_per_ip_.find(connection.remote_ip());
    if (per_ip != connections_per_ip_.end() && --per_ip->second <= 0) {
        connections_per_ip_.erase(per_ip);
    }
    // The map may hold the last reference; keep the connection alive until this call returns.
    auto keep = connection.shared_from_this();
    connections_.erase(connection.id());
}

void Server::send_connect_response(Connection& connection, const proto::ConnectResponse& response) {
    proto::Writer writer;
    writer.begin_frame();
    response.write(writer);
    writer.end_frame();
    connection.send(writer.take());
}

void Server::create_session(Connection& connection, int32_t timeout_ms, bool include_read_only) {
    if (storage_failed_) {
        spdlog::warn("refusing a session for {}:{}: the transaction log failed",
                     connection.remote_ip(), connection.remote_port());
        connection.abort();
        return;
    }
    const int64_t id = sessions_.next_session_id();
    const SessionPassword password = random_password();
    // The session counts from now, as ZooKeeper's tracker adds it before the txn is logged; the
    // client hears of it once the createSession txn is applied, and nothing more is read from the
    // connection until then.
    sessions_.add(id, timeout_ms, password, steady_ms()).connection = connection.id();
    connection.hold_reads();
    connection.push_in_flight(steady_ms(), false, 0, proto::op::create_session);
    const uint64_t connection_id = connection.id();
    write_txn(id, 0, wall_clock_ms(), tree::CreateSessionTxn{timeout_ms, password},
              [this, id, connection_id, timeout_ms, password,
               include_read_only](const Committed* committed) {
                  Connection* c = find_connection(connection_id);
                  if (committed == nullptr) {
                      sessions_.remove(id);
                      if (c != nullptr) {
                          c->abort();
                      }
                      return;
                  }
                  if (c == nullptr) {
                      return; // the session expires like any other whose client left
                  }
                  c->pop_in_flight();
                  c->bind_session(id, timeout_ms);
                  proto::ConnectResponse response{};
                  response.include_read_only = include_read_only;
                  response.timeout_ms = timeout_ms;
                  response.session_id = id;
                  response.passwd.assign(password.begin(), password.end());
                  spdlog::debug("established session {} with timeout {} ms for {}:{}", hex(id),
                                timeout_ms, c->remote_ip(), c->remote_port());
                  send_connect_response(*c, response);
                  c->release_reads();
              });
}

void Server::on_connect_request(Connection& connection, std::string_view payload) {
    proto::Reader reader(payload, config_.jute_max_buffer_bytes);
    const proto::ConnectRequest request = proto::ConnectRequest::read(reader);
    if (!reader.ok()) {
        spdlog::warn("closing connection from {}:{}: malformed connect request",
                     connection.remote_ip(), connection.remote_port());
        connection.abort();
        return;
    }
    if (request.last_zxid_seen > tree_.last_processed_zxid()) {
        // The client has seen a newer state than ours: it must try another server.
        spdlog::info("refusing session from {}:{}: it has seen zxid {}, our last is {}",
                     connection.remote_ip(), connection.remote_port(), hex(request.last_zxid_seen),
                     hex(tree_.last_processed_zxid()));
        connection.abort();
        return;
    }
    if (replication_ != nullptr && role_ == Role::none) {
        // Like ZooKeeper's "ZooKeeperServer not running": the client tries another server.
        spdlog::debug("closing connection from {}:{}: not serving while electing or syncing",
                      connection.remote_ip(), connection.remote_port());
        connection.abort();
        return;
    }
    const int32_t timeout_ms = std::clamp(request.timeout_ms, config_.min_session_timeout_ms,
                                          config_.max_session_timeout_ms);
    if (request.session_id == 0) {
        create_session(connection, timeout_ms, request.has_read_only_field);
        return;
    }
    if (sessions_.find(request.session_id) == nullptr && replication_ != nullptr &&
        role_ != Role::leader) {
        // A session this member has not heard of may have been created through another one a
        // moment ago: after a SYNC with the leader, everything committed before the client
        // came is applied here (ZooKeeper's followers ask the leader, REVALIDATE).
        connection.hold_reads();
        const uint64_t id = connection.id();
        const bool asked = replication_->sync([this, id, request, timeout_ms] {
            if (Connection* c = find_connection(id)) {
                c->release_reads();
                resume_session(*c, request, timeout_ms);
            }
        });
        if (!asked) {
            connection.abort();
        }
        return;
    }
    resume_session(connection, request, timeout_ms);
}

void Server::resume_session(Connection& connection, const proto::ConnectRequest& request,
                            int32_t timeout_ms) {
    proto::ConnectResponse response{};
    response.include_read_only = request.has_read_only_field;
    const int64_t now = steady_ms();
    Session* session = sessions_.find(request.session_id);
    const bool password_ok =
        session != nullptr && request.passwd.size() == session->password.size() &&
        std::memcmp(request.passwd.data(), session->password.data(), session->password.size()) == 0;
    if (!password_ok || !touch_session(request.session_id, now)) {
        // ZooKeeper's answer to an unknown, expired or forged session: all zeros, then close.
        response.passwd.assign(16, '\0');
        send_connect_response(connection, response);
        connection.close_after_flush();
        return;
    }
    if (session->connection != 0 && session->connection != connection.id()) {
        // The client moved its session to this connection; the old one must not speak for it.
        auto old = connections_.find(session->connection);
        if (old != connections_.end()) {
            old->second->abort();
        }
    }
    session->connection = connection.id();
    connection.bind_session(session->id, timeout_ms);
    response.timeout_ms = timeout_ms;
    response.session_id = session->id;
    response.passwd.assign(session->password.begin(), session->password.end());
    send_connect_response(connection, response);
}

void Server::on_request(Connection& connection, std::string_view payload) {
    touch_session(connection.session_id(), steady_ms());
    processor_.process(connection, payload);
}

void Server::write(int64_t session_id, int32_t cxid, proto::Request request,
                   const tree::PrepContext& context, Completion done) {
    if (storage_failed_ || stopped_) {
        done(nullptr);
        return;
    }
    if (replication_ != nullptr && role_ != Role::leader) {
        forward(session_id, cxid, context.now_ms, std::move(request), context.auth,
                std::move(done));
        return;
    }
    const int64_t zxid = replication_ != nullptr ? replication_->next_zxid() : last_zxid_ + 1;
    if (zxid == 0) {
        done(nullptr); // the leader cannot propose now (it is stepping down)
        return;
    }
    tree::Txn txn =
        std::holds_alternative<proto::ReconfigRequest>(request.body)
            ? prepare_reconfig(std::get<proto::ReconfigRequest>(request.body), zxid, context.auth)
            : tree::prepare(tree_, pending_, zxid, std::move(request), context);
    submit(tree::TxnHeader{session_id, cxid, zxid, context.now_ms}, std::move(txn),
           std::move(done));
}

void Server::write_txn(int64_t session_id, int32_t cxid, int64_t time_ms, tree::Txn txn,
                       Completion done) {
    if (storage_failed_ || stopped_) {
        done(nullptr);
        return;
    }
    if (replication_ != nullptr && role_ != Role::leader) {
        forward(session_id, cxid, time_ms, std::move(txn), tree::AuthInfo{}, std::move(done));
        return;
    }
    const int64_t zxid = replication_ != nullptr ? replication_->next_zxid() : last_zxid_ + 1;
    if (zxid == 0) {
        done(nullptr); // the leader cannot propose now (it is stepping down)
        return;
    }
    submit(tree::TxnHeader{session_id, cxid, zxid, time_ms}, std::move(txn), std::move(done));
}

void Server::submit(const tree::TxnHeader& header, tree::Txn txn, Completion done) {
    assert(replication_ != nullptr || header.zxid == last_zxid_ + 1);
    last_zxid_ = header.zxid;
    in_flight_.push_back(InFlight{header, std::move(done), {}});
    if (replication_ != nullptr) {
        replication_->propose(storage::LogEntry{header, std::move(txn)});
    } else {
        committer_.submit(storage::LogEntry{header, std::move(txn)});
    }
    ++txns_in_flight_;
    update_backlog();
}

void Server::after_writes(std::function<void()> done) {
    if (replication_ != nullptr && role_ != Role::leader) {
        if (!replication_->sync(done)) {
            done();
        }
        return;
    }
    if (in_flight_.empty()) {
        done();
        return;
    }
    in_flight_.push_back(InFlight{tree::TxnHeader{0, 0, last_zxid_, 0}, {}, std::move(done)});
}

void Server::on_durable(std::vector<storage::LogEntry>& written) {
    if (replication_ != nullptr) {
        on_replicated_durable(written);
        return;
    }
    // A standalone server's txns are committed once logged.
    for (const storage::LogEntry& entry : written) {
        apply_entry(entry);
    }
    update_backlog();
}

void Server::apply_entry(const storage::LogEntry& entry) {
    const int64_t zxid = entry.header.zxid;
    tree::ApplyResult result;
    {
        // The snapshotter's thread may be encoding the tree; see Snapshotter.
        const auto changing_tree = snapshotter_.tree_lock();
        result = tree_.apply(entry.header, entry.txn);
        pending_.applied_through(zxid);
        if (replication_ != nullptr) {
            track_sessions(entry);
        }
        snapshotter_.applied(tree_, [this] { return session_records(); });
    }
    // Events go out before the reply, so a watcher hears of a change before any later answer.
    deliver(result.events);
    const Committed committed{entry.txn, result};
    if (!in_flight_.empty() && in_flight_.front().header.zxid == zxid &&
        !in_flight_.front().sync_done) {
        InFlight item = std::move(in_flight_.front());
        in_flight_.pop_front();
        --txns_in_flight_;
        if (item.done) {
            item.done(&committed);
        }
    } else if (auto waiting = forwarded_.find(entry.header.session_id);
               waiting != forwarded_.end() && waiting->second.front().cxid == entry.header.cxid) {
        Completion done = std::move(waiting->second.front().done);
        waiting->second.pop_front();
        if (waiting->second.empty()) {
            forwarded_.erase(waiting);
        }
        --txns_in_flight_;
        done(&committed);
    }
    while (!in_flight_.empty() && in_flight_.front().sync_done &&
           in_flight_.front().header.zxid <= zxid) {
        auto sync_done = std::move(in_flight_.front().sync_done);
        in_flight_.pop_front();
        sync_done();
    }
}

void Server::on_log_failed(int64_t first_zxid, const storage::StorageError& error) {
    if (!storage_failed_) {
        storage_failed_ = true;
        spdlog::critical("cannot append to the transaction log: {}; txns from zxid {} on are "
                         "not applied, writes are refused with NOTREADONLY from now on, reads "
                         "are still served",
                         error.message, hex(first_zxid));
    }
    // Nothing earlier is left: durable reports arrive in order, before this one.
    std::deque<InFlight> refused = std::move(in_flight_);
    in_flight_.clear();
    txns_in_flight_ = 0;
    pending_.clear();
    last_zxid_ = tree_.last_processed_zxid();
    for (InFlight& item : refused) {
        if (item.sync_done) {
            item.sync_done();
        } else {
            item.done(nullptr);
        }
    }
    update_backlog();
}

void Server::update_backlog() {
    if (!backlogged_ && txns_in_flight_ >= kMaxTxnsInFlight) {
        backlogged_ = true;
    } else if (backlogged_ && txns_in_flight_ <= kMaxTxnsInFlight / 2) {
        backlogged_ = false;
        for (auto& [id, connection] : connections_) {
            connection->wake_reader();
        }
    }
}

Connection* Server::find_connection(uint64_t id) {
    auto it = connections_.find(id);
    return it == connections_.end() || it->second->closed() ? nullptr : it->second.get();
}

size_t Server::outstanding_requests() const {
    size_t total = 0;
    for (const auto& [id, connection] : connections_) {
        total += connection->outstanding_requests();
    }
    return total;
}

void Server::deliver(const std::vector<tree::WatchDelivery>& events) {
    for (const auto& delivery : events) {
        auto it = connections_.find(delivery.watcher);
        if (it == connections_.end()) {
            continue;
        }
        proto::Writer writer;
        writer.begin_frame();
        // 3.8 servers put -1 in a notification's zxid; every client accepts it.
        proto::ReplyHeader{proto::xid::notification, -1, 0}.write(writer);
        delivery.event.write(writer);
        writer.end_frame();
        it->second->send(writer.take());
    }
}

void Server::close_session(int64_t session_id, int32_t cxid, Completion done) {
    sessions_.set_closing(session_id);
    const tree::AuthInfo server_identity;
    proto::Request request{proto::RequestHeader{cxid, proto::op::close_session},
                           proto::EmptyRequest{}};
    const tree::PrepContext context{.session_id = session_id,
                                    .auth = server_identity,
                                    .now_ms = wall_clock_ms(),
                                    .extended_types_enabled = config_.extended_types_enabled,
                                    .skip_acl = config_.skip_acl,
                                    .enforce_quota = config_.enforce_quota};
    write(session_id, cxid, std::move(request), context,
          [this, session_id, done = std::move(done)](const Committed* committed) {
              sessions_.remove(session_id);
              done(committed);
          });
}

void Server::schedule_session_tick() {
    session_timer_.expires_after(std::chrono::milliseconds(config_.tick_time_ms));
    session_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_) {
            return;
        }
        expire_sessions();
        schedule_session_tick();
    });
}

void Server::expire_sessions() {
    if (replication_ != nullptr && role_ != Role::leader) {
        // The leader decides expiry; it hears which sessions are alive here.
        report_session_touches();
        return;
    }
    for (int64_t id : sessions_.take_expired(steady_ms())) {
        const Session* session = sessions_.find(id);
        const uint64_t connection_id = session != nullptr ? session->connection : 0;
        spdlog::info("expiring session {}, timeout of {} ms exceeded", hex(id),
                     session != nullptr ? session->timeout_ms : 0);
        if (replication_ != nullptr) {
            replication_->trace(
                trace::SessionExpired{id, session != nullptr ? session->timeout_ms : 0});
        }
        close_session(id, 0, [this, connection_id](const Committed*) {
            // Replies still owed to the expired session are dropped, as ZooKeeper drops them.
            if (Connection* connection = find_connection(connection_id)) {
                connection->close_after_flush();
            }
        });
    }
}

void Server::schedule_container_check() {
    container_timer_.expires_after(std::chrono::milliseconds(config_.container_check_interval_ms));
    container_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_) {
            return;
        }
        remove_expired_containers();
        schedule_container_check();
    });
}

void Server::remove_expired_containers() {
    if (replication_ != nullptr && role_ != Role::leader) {
        return; // the leader removes them for the whole ensemble
    }
    // znode.container.maxPerMinute spread over the check interval, at least one per check.
    const int64_t per_check = std::max<int64_t>(1, int64_t(config_.container_max_per_minute) *
                                                       config_.container_check_interval_ms / 60000);
    // Each removal is a deleteContainer request through prep, like ZooKeeper's ContainerManager
    // submits it, so the node is checked again (still childless, not an ephemeral) when it runs.
    const tree::AuthInfo server_identity;
    for (const std::string& path :
         tree_.expired_containers(wall_clock_ms(), static_cast<size_t>(per_check))) {
        proto::Request request{proto::RequestHeader{0, proto::op::delete_container},
                               proto::PathRequest{path}};
        const tree::PrepContext context{0, server_identity, wall_clock_ms(),
                                        config_.extended_types_enabled, config_.skip_acl};
        write(0, 0, std::move(request), context, [](const Committed*) {});
    }
}

std::string Server::four_letter(std::string_view command) {
    return run_four_letter(*this, std::string(command));
}

std::vector<tree::SessionRecord> Server::session_records() const {
    std::vector<tree::SessionRecord> records;
    records.reserve(sessions_.size());
    for (const auto& [id, session] : sessions_.sessions()) {
        records.push_back(tree::SessionRecord{id, session.timeout_ms, session.password});
    }
    return records;
}

void Server::schedule_purge() {
    // autopurge.purgeInterval (hours; 0 disables purging, ZooKeeper's default).
    if (config_.purge_interval_hours <= 0) {
        return;
    }
    purge_timer_.expires_after(std::chrono::hours(config_.purge_interval_hours));
    purge_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_) {
            return;
        }
        snapshotter_.retain(static_cast<size_t>(config_.snap_retain_count),
                            [this](int64_t oldest_kept_zxid) {
                                // Replay starts at a kept snapshot: older txns can go.
                                committer_.purge_before(oldest_kept_zxid + 1);
                            });
        schedule_purge();
    });
}

void Server::reset_connection_stats() {
    for (auto& [id, connection] : connections_) {
        auto& s = connection->stats();
        s.latency.reset();
        s.packets_received = 0;
        s.packets_sent = 0;
        s.has_last_op = false;
        s.last_cxid = 0;
        s.last_zxid = 0;
        s.last_response_ms = 0;
        s.last_latency_ms = 0;
    }
}

} // namespace zs::server
