#pragma once

#include "ensemble/zoo_config.h"
#include "quorum/log_window.h"
#include "quorum/peer_network.h"
#include "server/replication.h"
#include "server/server.h"
#include "trace/event.h"
#include "zab/core.h"

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

namespace zs::quorum {

// One core tick of the runtime's clock: zoo.cfg's durations are converted to ticks of this.
inline constexpr std::chrono::milliseconds kTick{10};

// The core's configuration for a member of the ensemble zoo.cfg describes: its server.N lines,
// and its timing converted to ticks (initLimit and syncLimit in tickTime units, PING every half
// tickTime, FLE's finalize wait and notification intervals from their properties, the leader
// redialled every 100 ms).
zab::Config core_config(const ensemble::ZooConfig& config);
// Where each member listens, from its server.N line.
std::vector<PeerAddress> peer_addresses(const ensemble::Membership& membership);

// A zoonode in an ensemble: drives the replication core (zab::Core) with the TCP links to the
// other members (PeerNetwork), a clock, and the server's storage and state (server::Server),
// executing each Ready batch in its declared order. All on the io_context's thread.
class Peer : public server::Replication, private zab::SnapshotSource, private zab::ReconfigReader {
  public:
    // Called with a reason when this member can no longer take part (its log cannot be
    // written); the process should stop.
    using FatalHandler = std::function<void(const std::string& reason)>;
    // Called with every trace event, in order.
    using TraceSink = std::function<void(const trace::Event& event)>;

    // `window` holds the tail of the server's log, `durable` its stored epochs.
    Peer(boost::asio::io_context& io, const ensemble::ZooConfig& config, server::Server& server,
         zab::DurableState durable, std::unique_ptr<LogWindow> window, FatalHandler fatal);
    ~Peer() override;
    Peer(const Peer&) = delete;
    Peer& operator=(const Peer&) = delete;

    // Listens for the other members and starts electing; a message saying why on failure.
    std::optional<std::string> start();
    void stop();

    void set_trace_sink(TraceSink sink) { trace_sink_ = std::move(sink); }
    PeerNetwork& network() { return network_; }
    const zab::Core& core() const { return *core_; }

    // server::Replication
    server::Role role() const override { return role_; }
    int64_t next_zxid() const override;
    void propose(storage::LogEntry entry) override;
    bool forward(std::string write) override;
    bool sync(std::function<void()> done) override;
    void persisted(int64_t zxid) override;
    void touch_sessions(std::vector<int64_t> sessions) override;
    void trace(trace::Body body) override;
    std::set<int64_t> synced_participants() const override;
    bool reconfig_in_progress() const override { return core_->proposed_config().has_value(); }
    std::vector<std::pair<std::string, std::string>> monitor() const override;

  private:
    zab::Snapshot snapshot() const override;
    std::optional<std::vector<zab::Member>> members_in(const zab::Payload& txn) const override;
    zab::Payload membership_txn() const override;
    // The membership a reconfig txn's bytes carry.
    std::optional<ensemble::Membership> membership_in(const zab::Payload& txn) const;
    // Ready::activated: the server shows and stores the membership, the network reaches it.
    void activate(const zab::Entry& reconfig);
    void schedule_tick();
    // Executes Ready batches until the core has nothing more to say.
    void drive();
    void execute(zab::Ready& ready);
    void execute_storage_steps(zab::Ready& ready);
    void update_role();
    void fatal(const std::string& reason);

    boost::asio::io_context& io_;
    server::Server& server_;
    std::unique_ptr<LogWindow> window_;
    FatalHandler fatal_;
    TraceSink trace_sink_;
    PeerNetwork network_;
    std::unique_ptr<zab::Core> core_;
    boost::asio::steady_timer tick_timer_;
    server::Role role_ = server::Role::none;
    // The leader's own txns from propose() until the core asks them logged.
    std::map<int64_t, storage::LogEntry> proposed_;
    // Handed to the server to log, not durable yet (the window holds durable ones).
    std::deque<zab::Entry> unpersisted_;
    std::deque<std::function<void()>> syncs_;
    zab::Ready ready_; // the batch being executed; its buffers go back to the core
    bool driving_ = false;
    // While the log is cut or replaced the core must not be called: durability reported then
    // waits here.
    bool in_storage_steps_ = false;
    int64_t deferred_persisted_ = 0;
    // mntr's proposal figures (the leader's): sizes in bytes of the txns it proposed.
    int64_t proposal_count_ = 0;
    size_t last_proposal_size_ = 0;
    size_t min_proposal_size_ = 0;
    size_t max_proposal_size_ = 0;
    bool failed_ = false;
    bool stopped_ = false;
};

} // namespace zs::quorum
