// The parts of Server that only a member of an ensemble uses: writes forwarded to the leader,
// txns logged and applied as the replication runtime says, the log cut or replaced while
// synchronizing, sessions whose expiry the leader decides.
#include "ensemble/dynamic_config_file.h"
#include "server/clock.h"
#include "server/forwarded_write.h"
#include "server/reconfig_request.h"
#include "server/server.h"
#include "storage/recovery.h"
#include "tree/snapshot.h"

#include <limits>
#include <spdlog/spdlog.h>

namespace zs::server {

std::string_view name_of(Role role) {
    switch (role) {
    case Role::leader:
        return "leader";
    case Role::follower:
        return "follower";
    case Role::observer:
        return "observer";
    case Role::none:
        break;
    }
    return "none";
}

void Server::forward(int64_t session_id, int32_t cxid, int64_t time_ms,
                     std::variant<proto::Request, tree::Txn> write, const tree::AuthInfo& auth,
                     Completion done) {
    if (role_ == Role::none) {
        done(nullptr);
        return;
    }
    const std::string bytes =
        encode_forwarded_write(ForwardedWrite{session_id, cxid, time_ms, std::move(write), auth});
    if (!replication_->forward(bytes)) {
        done(nullptr);
        return;
    }
    forwarded_[session_id].push_back(Forwarded{cxid, std::move(done)});
    ++txns_in_flight_;
    update_backlog();
}

void Server::prepare_forwarded(std::string_view bytes) {
    std::optional<ForwardedWrite> write = decode_forwarded_write(bytes);
    if (!write) {
        spdlog::warn("dropping a malformed write forwarded by a learner");
        return;
    }
    auto no_reply = [](const Committed*) {}; // the learner answers its client
    if (auto* request = std::get_if<proto::Request>(&write->write)) {
        const tree::PrepContext context{write->session_id, write->auth,
                                        write->time_ms,    config_.extended_types_enabled,
                                        config_.skip_acl,  config_.enforce_quota};
        this->write(write->session_id, write->cxid, std::move(*request), context, no_reply);
    } else {
        write_txn(write->session_id, write->cxid, write->time_ms,
                  std::move(std::get<tree::Txn>(write->write)), no_reply);
    }
}

void Server::persist(storage::LogEntry entry) {
    committer_.submit(std::move(entry));
}

void Server::on_replicated_durable(std::vector<storage::LogEntry>& written) {
    int64_t last = 0;
    for (storage::LogEntry& entry : written) {
        if (stale_after_ && entry.header.zxid > *stale_after_) {
            continue; // written before the log was cut there
        }
        last = entry.header.zxid;
        unapplied_.push_back(std::move(entry));
    }
    if (last != 0) {
        replication_->persisted(last);
    }
    commit_through(committed_through_);
}

void Server::after_applied(int64_t zxid, std::function<void()> done) {
    if (tree_.last_processed_zxid() >= zxid) {
        done();
    } else {
        after_applied_.emplace(zxid, std::move(done));
    }
}

void Server::commit_through(int64_t zxid) {
    committed_through_ = std::max(committed_through_, zxid);
    // A learner may hear of a commit before its own log write is durable: the txn waits here.
    while (!unapplied_.empty() && unapplied_.front().header.zxid <= committed_through_) {
        const storage::LogEntry entry = std::move(unapplied_.front());
        unapplied_.pop_front();
        if (entry.header.zxid > tree_.last_processed_zxid()) {
            apply_entry(entry);
        }
    }
    while (!after_applied_.empty() &&
           after_applied_.begin()->first <= tree_.last_processed_zxid()) {
        auto done = std::move(after_applied_.begin()->second);
        after_applied_.erase(after_applied_.begin());
        done();
    }
    update_backlog();
}

void Server::track_sessions(const storage::LogEntry& entry) {
    const int64_t id = entry.header.session_id;
    if (const auto* create = std::get_if<tree::CreateSessionTxn>(&entry.txn)) {
        if (sessions_.find(id) == nullptr) {
            sessions_.add(id, create->timeout_ms, create->password, steady_ms());
        }
        replication_->trace(trace::SessionCreated{id, create->timeout_ms});
    } else if (std::holds_alternative<tree::CloseSessionTxn>(entry.txn)) {
        replication_->trace(trace::SessionClosed{id});
        if (Session* session = sessions_.find(id);
            session != nullptr && session->connection != 0 && role_ != Role::none) {
            // Expired by the leader while its client was connected here.
            if (Connection* connection = find_connection(session->connection)) {
                connection->close_after_flush();
            }
        }
        sessions_.remove(id);
    }
}

void Server::touch_sessions(const std::vector<int64_t>& session_ids) {
    const int64_t now = steady_ms();
    for (int64_t id : session_ids) {
        sessions_.touch(id, now);
    }
}

bool Server::touch_session(int64_t id, int64_t now_ms) {
    if (!sessions_.touch(id, now_ms)) {
        return false;
    }
    if (replication_ != nullptr && role_ != Role::leader) {
        touched_.insert(id);
    }
    return true;
}

void Server::report_session_touches() {
    // Only the sessions whose clients spoke since the last report: a client that went silent
    // with its connection open must expire all the same.
    std::vector<int64_t> alive(touched_.begin(), touched_.end());
    touched_.clear();
    if (!alive.empty()) {
        replication_->touch_sessions(std::move(alive));
    }
}

void Server::fail_writes_in_flight() {
    std::deque<InFlight> in_flight = std::move(in_flight_);
    in_flight_.clear();
    auto forwarded = std::move(forwarded_);
    forwarded_.clear();
    txns_in_flight_ = 0;
    pending_.clear();
    for (InFlight& item : in_flight) {
        if (item.sync_done) {
            item.sync_done();
        } else if (item.done) {
            item.done(nullptr);
        }
    }
    for (auto& [session, waiting] : forwarded) {
        for (Forwarded& write : waiting) {
            write.done(nullptr);
        }
    }
    // Syncs whose answer waited for txns this member no longer applies as they were: their
    // clients' connections are gone.
    after_applied_.clear();
    update_backlog();
}

void Server::role_changed(Role role) {
    if (role == role_) {
        return;
    }
    const Role before = role_;
    role_ = role;
    if (role == Role::none) {
        // As ZooKeeper's servers do when they stop following or leading: every client
        // reconnects, to this server once it serves again or to another.
        auto open = connections_;
        for (auto& [id, connection] : open) {
            connection->abort();
        }
        fail_writes_in_flight();
        spdlog::info("stopped serving clients as {}", name_of(before));
        return;
    }
    if (role == Role::leader) {
        // The sessions' deadlines were kept by other servers until now: each gets a full
        // timeout from here, as a new ZooKeeper leader gives them.
        const int64_t now = steady_ms();
        for (const auto& [id, session] : sessions_.sessions()) {
            sessions_.touch(id, now);
        }
    }
    spdlog::info("serving clients as {}", name_of(role));
}

std::optional<std::string> Server::store_epochs(int64_t accepted_epoch, int64_t current_epoch) {
    std::optional<storage::StorageError> error;
    committer_.with_store([&](storage::LogStore& log) {
        if (log.accepted_epoch() != accepted_epoch) {
            error = log.set_accepted_epoch(accepted_epoch);
        }
        if (!error && log.current_epoch() != current_epoch) {
            error = log.set_current_epoch(current_epoch);
        }
    });
    if (error) {
        return fmt::format("cannot store the epochs: {}", error->message);
    }
    return std::nullopt;
}

std::string Server::encode_state() {
    const std::vector<tree::SessionRecord> sessions = session_records();
    return snapshotter_.encode_whole(tree_, sessions);
}

void Server::replace_state(tree::Snapshot state) {
    {
        const auto changing_tree = snapshotter_.tree_lock();
        tree_ = std::move(state.tree);
    }
    std::vector<int64_t> ids;
    for (const auto& [id, session] : sessions_.sessions()) {
        ids.push_back(id);
    }
    for (int64_t id : ids) {
        sessions_.remove(id);
    }
    for (const tree::SessionRecord& record : state.sessions) {
        sessions_.add(record.id, record.timeout_ms, record.password, steady_ms());
    }
    pending_.clear();
    last_zxid_ = tree_.last_processed_zxid();
    show_membership();
}

std::optional<std::string> Server::truncate_log(int64_t zxid) {
    stale_after_ = zxid;
    committer_.drain(); // what was written before the cut is reported now, or dropped
    stale_after_.reset();
    while (!unapplied_.empty() && unapplied_.back().header.zxid > zxid) {
        unapplied_.pop_back();
    }
    std::optional<storage::StorageError> error;
    committer_.with_store([&](storage::LogStore& log) { error = log.truncate_after(zxid); });
    if (error) {
        return fmt::format("cannot truncate the log after zxid 0x{:x}: {}", zxid, error->message);
    }
    if (tree_.last_processed_zxid() <= zxid) {
        return std::nullopt;
    }
    // Txns past the cut were applied when the log was loaded at start-up: rebuild the tree from
    // the newest snapshot at or before the cut and the log up to it.
    std::variant<tree::Snapshot, storage::StorageError> rebuilt = storage::StorageError{};
    snapshotter_.run_exclusive([&](storage::SnapshotStore& snapshots) {
        committer_.with_store(
            [&](storage::LogStore& log) { rebuilt = storage::tree_at(log, snapshots, zxid); });
    });
    if (auto* failed = std::get_if<storage::StorageError>(&rebuilt)) {
        return fmt::format("cannot rebuild the state at zxid 0x{:x}: {}", zxid, failed->message);
    }
    spdlog::info("rebuilt the state at zxid 0x{:x} (the log was cut after it)", zxid);
    replace_state(std::move(std::get<tree::Snapshot>(rebuilt)));
    return std::nullopt;
}

std::optional<std::string> Server::install_snapshot(int64_t zxid, std::string_view bytes) {
    std::optional<tree::Snapshot> state = tree::decode_snapshot(bytes);
    if (!state || state->tree.last_processed_zxid() != zxid) {
        return fmt::format("the leader's snapshot at zxid 0x{:x} does not decode", zxid);
    }
    // The snapshot is durable before the log that led to the old state goes: a crash in
    // between recovers one or the other.
    std::optional<storage::StorageError> error;
    snapshotter_.run_exclusive(
        [&](storage::SnapshotStore& snapshots) { error = snapshots.save(zxid, bytes); });
    if (error) {
        return fmt::format("cannot save the leader's snapshot: {}", error->message);
    }
    stale_after_ = std::numeric_limits<int64_t>::min(); // nothing written before is kept
    committer_.drain();
    stale_after_.reset();
    unapplied_.clear();
    committer_.with_store([&](storage::LogStore& log) { error = log.restart_after(zxid); });
    if (error) {
        return fmt::format("cannot restart the log after the snapshot: {}", error->message);
    }
    replace_state(std::move(*state));
    committed_through_ = zxid;
    spdlog::info("installed the leader's snapshot at zxid 0x{:x}: {} znodes", zxid,
                 tree_.node_count());
    return std::nullopt;
}

tree::Txn Server::prepare_reconfig(const proto::ReconfigRequest& request, int64_t zxid,
                                   const tree::AuthInfo& auth) {
    if (replication_->reconfig_in_progress()) {
        spdlog::info("reconfig refused (RECONFIGINPROGRESS): another one is not active yet");
        return tree::ErrorTxn{proto::ErrorCode::reconfig_in_progress};
    }
    ReconfigOutcome outcome =
        next_membership(membership_, request, zxid,
                        ReconfigRules{.standalone_enabled = config_.standalone_enabled,
                                      .multi_address_enabled = config_.multi_address_enabled});
    if (outcome.next && !outcome.next->contains_quorum(replication_->synced_participants())) {
        outcome = {std::nullopt, proto::ErrorCode::new_config_no_quorum,
                   "there must be a connected and synced quorum in the new configuration"};
    }
    const tree::Node* config_node = tree_.find("/zookeeper/config");
    if (outcome.next && !config_.skip_acl &&
        !tree::acl_permits(tree_.acl_of(*config_node), proto::perm::write, auth)) {
        outcome = {std::nullopt, proto::ErrorCode::no_auth,
                   "WRITE on /zookeeper/config is needed (super, or an ACL granting it)"};
    }
    if (!outcome.next) {
        spdlog::info("reconfig refused ({}): {}", proto::error_name(outcome.error), outcome.reason);
        return tree::ErrorTxn{outcome.error};
    }
    spdlog::info("reconfig proposed: {}", outcome.next->text());
    return tree::ReconfigTxn{outcome.next->text()};
}

void Server::activate_membership(ensemble::Membership membership) {
    membership_ = std::move(membership);
    show_membership();
    const auto self = membership_.servers.find(config_.my_id.value_or(0));
    const bool own_client_address =
        self != membership_.servers.end() && self->second.client_addr.has_value();
    if (own_client_address && acceptor_.is_open()) {
        move_client_port(*self->second.client_addr);
    }
    if (config_.config_file.empty()) {
        return;
    }
    if (auto error =
            ensemble::store_membership(config_.config_file, membership_, own_client_address)) {
        // The ensemble runs on it all the same; only a restart would find the older one.
        spdlog::error("the membership of version {:x} is active but was not stored: {}",
                      membership_.version, *error);
    }
}

void Server::move_client_port(const ensemble::ServerAddress& address) {
    if (address.host == client_host_ && address.port == port_) {
        return;
    }
    spdlog::info("the membership moves this server's clients from {}:{} to {}:{}", client_host_,
                 port_, address.host, address.port);
    const std::string old_host = client_host_;
    const uint16_t old_port = port_;
    boost::system::error_code ignored;
    acceptor_.close(ignored);
    if (auto error = listen_for_clients(address.host, address.port)) {
        spdlog::error("{}; staying on {}:{}", *error, old_host, old_port);
        if (auto again = listen_for_clients(old_host, old_port)) {
            spdlog::error("and the old address is gone too ({}): no new clients", *again);
        }
    }
}

} // namespace zs::server
