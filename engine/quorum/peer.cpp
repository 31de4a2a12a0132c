#include "quorum/peer.h"

#include "proto/jute.h"
#include "server/reconfig_request.h"
#include "storage/txn_codec.h"

#include <cctype>
#include <spdlog/spdlog.h>

namespace zs::quorum {

namespace asio = boost::asio;

namespace {

// The steps an operator reads the log for (ZooKeeper logs the same ones): who leads, in which
// epoch, how each learner was brought in line, and why a server gave up its role. Votes and
// per-txn steps are left to the admin port's trace stream.
bool worth_logging(const trace::Body& body) {
    return std::holds_alternative<trace::ElectionFinished>(body) ||
           std::holds_alternative<trace::StateChanged>(body) ||
           std::holds_alternative<trace::EpochEstablished>(body) ||
           std::holds_alternative<trace::LearnerRefused>(body) ||
           std::holds_alternative<trace::SyncChosen>(body) ||
           std::holds_alternative<trace::Truncated>(body) ||
           std::holds_alternative<trace::SnapshotInstalled>(body) ||
           std::holds_alternative<trace::GaveUp>(body);
}

int64_t to_ticks(int64_t ms) {
    return std::max<int64_t>(1, ms / kTick.count());
}

std::string encode_session_ids(const std::vector<int64_t>& ids) {
    proto::Writer writer;
    writer.write_vector_size(static_cast<int32_t>(ids.size()));
    for (int64_t id : ids) {
        writer.write_long(id);
    }
    return writer.take();
}

// ZooKeeper's mntr spells states and phases in lower case ("following - broadcast").
std::string lower(std::string_view name) {
    std::string text(name);
    for (char& c : text) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return text;
}

std::vector<int64_t> decode_session_ids(std::string_view bytes) {
    proto::Reader reader(bytes);
    std::vector<int64_t> ids(static_cast<size_t>(reader.read_vector_size()));
    for (int64_t& id : ids) {
        id = reader.read_long();
    }
    return reader.ok() ? ids : std::vector<int64_t>{};
}

} // namespace

zab::Config core_config(const ensemble::ZooConfig& config) {
    zab::Config core;
    core.self = config.my_id.value_or(0);
    core.version = static_cast<int64_t>(config.config_version);
    core.reconfig_enabled = config.reconfig_enabled;
    for (const auto& [id, server] : config.servers) {
        core.members.push_back(zab::Member{id, server.observer ? zab::LearnerType::observer
                                                               : zab::LearnerType::participant});
    }
    const int64_t tick_ms = config.tick_time_ms;
    core.timing.init_limit = to_ticks(int64_t(config.init_limit) * tick_ms);
    core.timing.sync_limit = to_ticks(int64_t(config.sync_limit) * tick_ms);
    core.timing.ping_interval = to_ticks(tick_ms / 2);
    core.timing.finalize_wait = to_ticks(config.fle_finalize_wait_ms);
    core.timing.min_notification_interval = to_ticks(config.fle_min_notification_interval_ms);
    core.timing.max_notification_interval = to_ticks(
        std::max(config.fle_max_notification_interval_ms, config.fle_min_notification_interval_ms));
    core.timing.connect_retry = to_ticks(100);
    return core;
}

std::vector<PeerAddress> peer_addresses(const ensemble::Membership& membership) {
    std::vector<PeerAddress> addresses;
    for (const auto& [id, server] : membership.servers) {
        PeerAddress address;
        address.id = id;
        address.host = server.quorum_addrs.front().host;
        address.quorum_port = server.quorum_addrs.front().port;
        address.election_port = server.election_addrs.front().port;
        addresses.push_back(address);
    }
    return addresses;
}

Peer::Peer(asio::io_context& io, const ensemble::ZooConfig& config, server::Server& server,
           zab::DurableState durable, std::unique_ptr<LogWindow> window, FatalHandler fatal)
    : io_(io), server_(server), window_(std::move(window)), fatal_(std::move(fatal)),
      network_(io, config.my_id.value_or(0), peer_addresses(config.membership()),
               PeerNetwork::Listener{
                   [this](zab::ServerId from, zab::Body body) {
                       if (!failed_) {
                           core_->step(zab::Message{from, core_->id(), std::move(body)});
                           drive();
                       }
                   },
                   [this](zab::ServerId peer) {
                       if (!failed_) {
                           core_->peer_lost(peer);
                           drive();
                       }
                   }}),
      core_(std::make_unique<zab::Core>(core_config(config), durable,
                                        zab::Storage{*window_, *this, *this})),
      tick_timer_(io) {}

Peer::~Peer() {
    stop();
}

std::optional<std::string> Peer::start() {
    if (auto error = network_.start()) {
        return error;
    }
    drive(); // the core's first notifications
    schedule_tick();
    return std::nullopt;
}

void Peer::stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    tick_timer_.cancel();
    network_.stop();
}

void Peer::schedule_tick() {
    tick_timer_.expires_after(kTick);
    tick_timer_.async_wait([this](boost::system::error_code ec) {
        if (ec || stopped_ || failed_) {
            return;
        }
        core_->tick();
        drive();
        schedule_tick();
    });
}

zab::Snapshot Peer::snapshot() const {
    return zab::Snapshot{server_.tree().last_processed_zxid(),
                         std::make_shared<const std::string>(server_.encode_state())};
}

std::optional<ensemble::Membership> Peer::membership_in(const zab::Payload& txn) const {
    if (!txn || !storage::is_reconfig_entry(*txn)) {
        return std::nullopt;
    }
    const std::optional<storage::LogEntry> entry = storage::decode_entry(*txn);
    const auto* reconfig = entry ? std::get_if<tree::ReconfigTxn>(&entry->txn) : nullptr;
    if (reconfig == nullptr) {
        return std::nullopt;
    }
    return server::parse_membership(reconfig->data, server_.config().multi_address_enabled);
}

std::optional<std::vector<zab::Member>> Peer::members_in(const zab::Payload& txn) const {
    const std::optional<ensemble::Membership> membership = membership_in(txn);
    if (!membership) {
        return std::nullopt;
    }
    std::vector<zab::Member> members;
    for (const auto& [id, server] : membership->servers) {
        members.push_back(zab::Member{id, server.observer ? zab::LearnerType::observer
                                                          : zab::LearnerType::participant});
    }
    return members;
}

zab::Payload Peer::membership_txn() const {
    const ensemble::Membership& membership = server_.membership();
    storage::LogEntry entry;
    entry.header.zxid = static_cast<int64_t>(membership.version);
    entry.txn = tree::ReconfigTxn{membership.text()};
    return std::make_shared<const std::string>(storage::encode_entry(entry));
}

void Peer::activate(const zab::Entry& reconfig) {
    if (std::optional<ensemble::Membership> membership = membership_in(reconfig.txn)) {
        // The text's version is the txn's zxid, except in NEWLEADER's copy of a membership
        // that zoo.cfg gave (its version came from the file's name).
        membership->version = static_cast<uint64_t>(reconfig.zxid);
        network_.set_members(peer_addresses(*membership));
        server_.activate_membership(std::move(*membership));
    }
}

int64_t Peer::next_zxid() const {
    return core_->next_proposal_zxid();
}

void Peer::propose(storage::LogEntry entry) {
    const int64_t zxid = entry.header.zxid;
    auto payload = std::make_shared<const std::string>(storage::encode_entry(entry));
    last_proposal_size_ = payload->size();
    min_proposal_size_ = proposal_count_ == 0 ? last_proposal_size_
                                              : std::min(min_proposal_size_, last_proposal_size_);
    max_proposal_size_ = std::max(max_proposal_size_, last_proposal_size_);
    ++proposal_count_;
    proposed_.emplace(zxid, std::move(entry));
    const int64_t proposed = core_->propose(std::move(payload));
    if (proposed != zxid) {
        // The server prepared it for a zxid the core no longer gives: it is not leading any
        // more, and the write is answered when the server stops serving.
        proposed_.erase(zxid);
    }
    drive();
}

bool Peer::forward(std::string write) {
    const bool sent = core_->forward(std::make_shared<const std::string>(std::move(write)));
    drive();
    return sent;
}

bool Peer::sync(std::function<void()> done) {
    if (!core_->sync()) {
        return false;
    }
    syncs_.push_back(std::move(done));
    drive();
    return true;
}

void Peer::persisted(int64_t zxid) {
    while (!unpersisted_.empty() && unpersisted_.front().zxid <= zxid) {
        window_->append(unpersisted_.front());
        unpersisted_.pop_front();
    }
    if (in_storage_steps_ || driving_) {
        deferred_persisted_ = std::max(deferred_persisted_, zxid);
        return;
    }
    core_->persisted(zxid);
    drive();
}

void Peer::trace(trace::Body body) {
    if (trace_sink_) {
        trace_sink_(trace::Event{core_->id(), core_->ticks(), std::move(body)});
    }
}

void Peer::touch_sessions(std::vector<int64_t> sessions) {
    if (core_->touch_sessions(std::make_shared<const std::string>(encode_session_ids(sessions)))) {
        drive();
    }
}

void Peer::drive() {
    if (driving_ || failed_) {
        return; // the loop below picks up what a nested call added
    }
    driving_ = true;
    while (!failed_ && (core_->has_ready() || deferred_persisted_ != 0)) {
        if (core_->has_ready()) {
            core_->take_ready(ready_);
            execute(ready_);
        } else {
            core_->persisted(std::exchange(deferred_persisted_, 0));
        }
    }
    driving_ = false;
}

void Peer::execute_storage_steps(zab::Ready& ready) {
    in_storage_steps_ = true;
    if (ready.truncate_after) {
        const int64_t zxid = *ready.truncate_after;
        window_->truncate_after(zxid);
        while (!unpersisted_.empty() && unpersisted_.back().zxid > zxid) {
            unpersisted_.pop_back();
        }
        if (auto error = server_.truncate_log(zxid)) {
            fatal(*error);
            return;
        }
    } else if (ready.install_snapshot) {
        const zab::Snapshot& snapshot = *ready.install_snapshot;
        window_->reset(snapshot.zxid);
        unpersisted_.clear();
        deferred_persisted_ = 0; // about txns that are gone
        if (auto error = server_.install_snapshot(snapshot.zxid, *snapshot.state)) {
            fatal(*error);
            return;
        }
    }
    for (zab::Entry& entry : ready.to_persist) {
        storage::LogEntry logged;
        if (auto own = proposed_.find(entry.zxid); own != proposed_.end()) {
            logged = std::move(own->second);
            proposed_.erase(own);
        } else if (auto decoded = storage::decode_entry(*entry.txn);
                   decoded && decoded->header.zxid == entry.zxid) {
            logged = std::move(*decoded);
        } else {
            fatal(fmt::format("the leader sent a txn that does not decode (zxid 0x{:x})",
                              entry.zxid));
            return;
        }
        unpersisted_.push_back(std::move(entry));
        server_.persist(std::move(logged));
    }
    in_storage_steps_ = false;
}

void Peer::execute(zab::Ready& ready) {
    execute_storage_steps(ready);
    if (failed_) {
        return;
    }
    if (ready.durable) {
        if (auto error =
                server_.store_epochs(ready.durable->accepted_epoch, ready.durable->current_epoch)) {
            fatal(*error);
            return;
        }
    }
    for (zab::ServerId peer : ready.disconnect) {
        network_.close_link(peer);
    }
    for (const zab::Message& message : ready.messages) {
        network_.send(message);
    }
    if (!ready.to_apply.empty()) {
        server_.commit_through(ready.to_apply.back().zxid);
    }
    if (ready.activated) {
        activate(*ready.activated);
    }
    update_role();
    for (const auto& [from, request] : ready.requests) {
        if (role_ == server::Role::leader) {
            server_.prepare_forwarded(*request);
        }
    }
    for (int64_t i = 0; i < ready.syncs_answered && !syncs_.empty(); ++i) {
        auto done = std::move(syncs_.front());
        syncs_.pop_front();
        // What the leader committed before answering is in to_apply, but may still wait for
        // this member's fsync before the server applies it.
        server_.after_applied(core_->applied_zxid(), std::move(done));
    }
    for (const zab::Payload& touches : ready.session_touches) {
        server_.touch_sessions(decode_session_ids(*touches));
    }
    for (const trace::Event& event : ready.events) {
        if (worth_logging(event.body)) {
            spdlog::info("quorum: {}", trace::to_ndjson(event));
        } else if (spdlog::should_log(spdlog::level::debug)) {
            spdlog::debug("quorum: {}", trace::to_ndjson(event));
        }
        if (trace_sink_) {
            trace_sink_(event);
        }
    }
}

void Peer::update_role() {
    server::Role role = server::Role::none;
    if (core_->phase() == zab::Phase::broadcast) {
        switch (core_->state()) {
        case zab::ServerState::leading:
            role = server::Role::leader;
            break;
        case zab::ServerState::following:
            role = server::Role::follower;
            break;
        case zab::ServerState::observing:
            role = server::Role::observer;
            break;
        case zab::ServerState::looking:
            break;
        }
    }
    if (role == role_) {
        return;
    }
    role_ = role;
    if (role == server::Role::none) {
        proposed_.clear();
        // Syncs asked of a leader that is gone are never answered: their clients reconnect.
        syncs_.clear();
    }
    server_.role_changed(role);
}

std::set<int64_t> Peer::synced_participants() const {
    const std::vector<zab::ServerId> ids = core_->synced_participants();
    return {ids.begin(), ids.end()};
}

std::vector<std::pair<std::string, std::string>> Peer::monitor() const {
    std::vector<std::pair<std::string, std::string>> lines;
    // In ZooKeeper 3.8's order.
    lines.emplace_back("peer_state", fmt::format("{} - {}", lower(zab::name_of(core_->state())),
                                                 lower(zab::name_of(core_->phase()))));
    if (role_ == server::Role::leader) {
        const zab::Core::LearnerCounts counts = core_->learner_counts();
        lines.emplace_back("min_proposal_size", std::to_string(min_proposal_size_));
        lines.emplace_back("max_proposal_size", std::to_string(max_proposal_size_));
        lines.emplace_back("synced_followers", std::to_string(counts.synced_followers));
        lines.emplace_back("synced_non_voting_followers",
                           std::to_string(counts.synced_non_voting_followers));
        lines.emplace_back("synced_observers", std::to_string(counts.synced_observers));
        lines.emplace_back("last_proposal_size", std::to_string(last_proposal_size_));
        lines.emplace_back("pending_syncs", std::to_string(counts.pending_syncs));
        lines.emplace_back("learners", std::to_string(counts.learners));
    }
    lines.emplace_back("quorum_size", std::to_string(core_->config().voters().size()));
    lines.emplace_back("proposal_count", std::to_string(proposal_count_));
    return lines;
}

void Peer::fatal(const std::string& reason) {
    failed_ = true;
    spdlog::critical("leaving the ensemble: {}", reason);
    network_.stop();
    tick_timer_.cancel();
    if (role_ != server::Role::none) {
        role_ = server::Role::none;
        server_.role_changed(role_);
    }
    if (fatal_) {
        fatal_(reason);
    }
}

} // namespace zs::quorum
