#pragma once

#include "trace/event.h"
#include "zab/config.h"
#include "zab/log.h"
#include "zab/messages.h"
#include "zab/types.h"
#include "zab/vote.h"

#include <algorithm>
#include <boost/container/small_vector.hpp>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace zs::zab {

// The epochs a server keeps on disk (acceptedEpoch, currentEpoch).
struct DurableState {
    int64_t accepted_epoch = 0; // the last epoch it agreed to
    int64_t current_epoch = 0;  // the last epoch it synchronized with
};

// Everything the core asks of its runtime since the last take_ready(), in the order the fields
// are declared:
struct Ready {
    // 1. Cut the log after this zxid (TRUNC) and rebuild the applied state from the log through
    //    it; or replace the log and the state by this snapshot (SNAP). At most one of the two.
    std::optional<int64_t> truncate_after;
    std::optional<Snapshot> install_snapshot;
    // 2. Append these to the log, in order. Durability may come later: report it with
    //    persisted(zxid); nothing the core sends promises these are durable before that.
    std::vector<Entry> to_persist;
    // 3. Store these epochs durably before sending anything of this batch (ACKEPOCH and the ACK
    //    of NEWLEADER promise them).
    std::optional<DurableState> durable;
    // 4. Close these learner links (the server at the other end sees them break).
    std::vector<ServerId> disconnect;
    // 5. Send. Messages to one peer must arrive in this order or not at all, as over one TCP
    //    connection; messages to different peers are independent.
    std::vector<Message> messages;
    // 6. Apply these committed txns to the state, in this order (they follow the log: each was
    //    in to_persist of this batch or an earlier one).
    std::vector<Entry> to_apply;
    // 7. The leader: writes its learners forwarded (REQUEST), in arrival order, to prepare and
    //    propose like a client's own.
    std::vector<std::pair<ServerId, Payload>> requests;
    // 8. A learner: how many of its SYNCs the leader answered (oldest first). Everything the
    //    leader committed before each answer is in to_apply of this batch or an earlier one.
    int64_t syncs_answered = 0;
    // 9. The leader: session touches its learners sent (Ping::sessions), in arrival order.
    std::vector<Payload> session_touches;
    // 10. This reconfig txn's membership is now active here (its version the entry's zxid; the
    //    txn was committed, or NEWLEADER carried it): the runtime shows it, stores it and reaches
    //    its members.
    std::optional<Entry> activated;
    // What happened, in the order it happened. Nothing depends on their delivery.
    std::vector<trace::Event> events;
};

// What the core needs of its server's storage: the log it reads (for votes and for syncing
// learners) and snapshots of the applied state (for SNAP). Both outlive the core.
struct Storage {
    const LogReader& log;
    const SnapshotSource& snapshots;
    const ReconfigReader& reconfigs;
};

// ZooKeeper's replication protocol for one server, as a pure state machine: no I/O, threads,
// clocks or randomness. The runtime feeds it messages (step), time (tick), broken links
// (peer_lost), durability (persisted) and writes (propose), executes each Ready batch, and the
// same code runs between zoonode processes (quorum/) and in the simulator (sim/), where a teacher
// can step it one message at a time.
//
// The runtime's applied state is, at start, its whole log (as ZooKeeper loads it); from then on
// it changes only by Ready's truncate_after, install_snapshot and to_apply.
class Core {
  public:
    Core(Config config, DurableState durable, Storage storage);

    // A message from another server, addressed to this one.
    void step(const Message& message);
    // One tick of the runtime's clock.
    void tick();
    // The learner link to `peer` broke (TCP closed or reset, or the peer closed it). Messages
    // other than election notifications travel over such links, which lose nothing silently: a
    // lost message breaks its link.
    void peer_lost(ServerId peer);
    // Everything handed out in to_persist up to `zxid` is durable.
    void persisted(int64_t zxid);
    // The leader, once it broadcasts, proposes a txn; its zxid, or 0 when this server cannot
    // propose now (not the leader, or still synchronizing).
    int64_t propose(Payload txn);
    // The zxid propose() would give now (0 when it would refuse), so that the runtime can
    // prepare the txn for it.
    int64_t next_proposal_zxid() const;
    // A learner in broadcast forwards a client's write to the leader (REQUEST); false when it
    // has no leader to forward to.
    bool forward(Payload request);
    // A learner in broadcast asks its leader for a SYNC (answered in Ready::syncs_answered);
    // false when it has no leader to ask.
    bool sync();
    // A learner in broadcast tells its leader which sessions its clients kept alive (a PING
    // carrying them); false when it has no leader to tell.
    bool touch_sessions(Payload sessions);

    bool has_ready() const;
    // Hands over what accumulated since the last call. Steps 1 and 2 of it (truncate or install,
    // append) must be done before the core is called again: the core reads the log.
    Ready take_ready();
    // The same into `into`, whose earlier contents are dropped and whose buffers the core keeps
    // for the next batch (a runtime calling this for every message allocates far less).
    void take_ready(Ready& into);

    ServerId id() const { return config_.self; }
    ServerState state() const { return state_; }
    Phase phase() const { return phase_; }
    // The vote this server stands by: while LOOKING its proposal, afterwards the outcome.
    const Vote& current_vote() const { return current_vote_; }
    // FLE's logicalclock: the election round.
    int64_t round() const { return election_.round; }
    int64_t ticks() const { return ticks_; }
    const DurableState& durable() const { return durable_; }
    // The last txn handed out in to_apply (or applied before the core started).
    int64_t applied_zxid() const { return applied_zxid_; }
    // The last txn of the log, durable or not.
    int64_t last_logged_zxid() const;
    // The active membership, and the one a reconfig proposed that is not active yet.
    const Config& config() const { return config_; }
    const std::optional<Config>& proposed_config() const { return next_config_; }

    // The leader's learners, as mntr counts them (all zero unless leading).
    struct LearnerCounts {
        size_t learners = 0;                    // connected, in any phase
        size_t synced_followers = 0;            // participants in broadcast
        size_t synced_non_voting_followers = 0; // of those, the ones the membership lacks
        size_t synced_observers = 0;
        size_t pending_syncs = 0;
    };
    LearnerCounts learner_counts() const;
    // The leader, in broadcast: itself and the participants among its learners that are in
    // broadcast and were heard from within syncLimit (Leader.isQuorumSynced counts these);
    // empty unless leading.
    std::vector<ServerId> synced_participants() const;

  private:
    // One vote as it was received (ZooKeeper keeps the sender's state with it).
    struct ReceivedVote {
        Vote vote;
        ServerState state = ServerState::looking;
    };
    // Fast Leader Election's working state (lookForLeader's locals and the proposal).
    struct Election {
        int64_t round = 0;
        Vote proposal;
        std::map<ServerId, ReceivedVote> received;        // recvset
        std::map<ServerId, ReceivedVote> out_of_election; // outofelection
        int64_t notification_interval = 0;
        int64_t resend_at = 0;              // tick at which our vote is sent again
        std::optional<int64_t> finalize_at; // while a quorum agrees: tick to decide at
    };
    // A learner as its leader sees it (ZooKeeper's LearnerHandler).
    struct LearnerView {
        LearnerType type = LearnerType::participant;
        bool epoch_acked = false;      // ACKEPOCH received
        bool counts_for_epoch = false; // it counts toward the quorum establishing the epoch
        int64_t last_zxid = 0;         // from ACKEPOCH
        bool sync_sent = false;        // its sync and NEWLEADER are on the link
        bool newleader_acked = false;
        bool up_to_date = false; // UPTODATE sent: in broadcast
        int64_t heard_at = 0;    // tick of its last message
    };
    // A proposal of the leader waiting for its quorum. Ensembles are small: the acks fit inline.
    struct Outstanding {
        Entry entry;
        boost::container::small_vector<ServerId, 7> acks;

        void ack(ServerId id) {
            if (std::find(acks.begin(), acks.end(), id) == acks.end()) {
                acks.push_back(id);
            }
        }
    };
    // The leader's state, from discovery (Leader.getEpochToPropose, waitForEpochAck) through
    // synchronization (waitForNewLeaderAck) to broadcast.
    struct Leading {
        int64_t epoch = 0;                        // the epoch being established
        bool epoch_chosen = false;                // a quorum sent FOLLOWERINFO
        bool established = false;                 // a quorum acknowledged the epoch
        bool broadcasting = false;                // a quorum acknowledged NEWLEADER
        std::map<ServerId, LearnerView> learners; // this server included
        int64_t deadline = 0;                     // for the step in progress (initLimit)
        // Our current epoch and last zxid when we began to lead (leaderStateSummary): a
        // learner more recent than this is refused.
        int64_t started_epoch = 0;
        int64_t started_zxid = 0;
        int64_t last_proposed = 0;
        int64_t last_committed = 0;
        std::deque<Outstanding> outstanding; // in zxid order
        // SYNCs waiting for the commit of the proposal that was the last one when they came.
        std::multimap<int64_t, ServerId> pending_syncs;
        int64_t ping_at = 0;
        // A reconfig committed that another server leads: nothing more is proposed or
        // committed, and the leader steps down once its followers have left for that one.
        bool handing_over = false;
        ServerId successor = 0; // the leader it designated (0: none, look for one)
    };
    // A learner's state (Learner.registerWithLeader, syncWithLeader, then following).
    struct Learning {
        ServerId leader = 0;
        bool epoch_acked = false;
        int64_t deadline = 0;       // initLimit while discovering and synchronizing
        int64_t retry_at = 0;       // FOLLOWERINFO again (the leader may not be listening yet)
        int64_t heard_at = 0;       // tick of the leader's last message
        int64_t newleader_zxid = 0; // NEWLEADER received (0: not yet)
        int64_t synced_through = 0; // our last zxid when NEWLEADER came: durable before its ACK
        bool newleader_acked = false;
        bool up_to_date = false;
        int64_t committed = 0;       // the last zxid known committed
        std::deque<int64_t> unacked; // proposals logged but not acknowledged yet
        LearnerType registered_as = LearnerType::participant; // what FOLLOWERINFO said
        Entry leader_config; // NEWLEADER's membership, activated at UPTODATE
    };

    // election.cpp
    void start_election();
    void step_notification(ServerId from, const Notification& notification);
    void handle_looking(ServerId from, const Notification& notification);
    void handle_decided(ServerId from, const Notification& notification);
    void tick_election();
    // Decides at once when every voter backs our proposal (a deviation from ZooKeeper, which
    // waits finalizeWait regardless; see ARCHITECTURE.md); true if it did.
    bool decide_if_unanimous();
    void finish_election(const Vote& vote, ServerState as);
    void send_notifications();
    void reply(ServerId to, const Vote& vote, int64_t round);
    Vote initial_vote() const;
    bool ranks_above(const Vote& candidate, const Vote& current) const;
    size_t count_matching(const std::map<ServerId, ReceivedVote>& votes,
                          const ReceivedVote& target) const;
    bool leader_confirmed(const std::map<ServerId, ReceivedVote>& votes, ServerId leader,
                          int64_t round) const;
    void propose_vote(const Vote& vote, std::string because);

    // discovery.cpp
    void start_leading();
    void start_learning();
    void step_follower_info(ServerId from, const FollowerInfo& info);
    void step_leader_info(ServerId from, const LeaderInfo& info);
    void step_ack_epoch(ServerId from, const AckEpoch& ack);
    void choose_epoch_if_quorum();
    void set_accepted_epoch(int64_t epoch);
    void set_current_epoch(int64_t epoch);
    void give_up(std::string reason);
    void leave_role();

    // sync.cpp
    void sync_learner(ServerId id);
    void step_newleader_ack(ServerId from);
    void start_broadcast();
    void step_diff(const Diff& diff);
    void step_trunc(const Trunc& trunc);
    void step_snap(const Snap& snap);
    void step_newleader(const NewLeader& newleader);
    void step_uptodate();
    void ack_newleader_if_durable();

    // broadcast.cpp
    // Logs a txn the leader sent, unless it is already logged; false if it was not logged.
    bool log_from_leader(const Entry& entry);
    void step_proposal(const Proposal& proposal);
    void step_ack(ServerId from, const Ack& ack);
    // COMMIT, or COMMITANDACTIVATE naming the leader `designated` for the new membership.
    void step_commit(int64_t zxid, ServerId designated);
    // INFORM, or INFORMANDACTIVATE naming `designated`.
    void step_inform(const Entry& entry, ServerId designated);
    void step_ping(ServerId from, const Ping& ping);
    void step_request(ServerId from, const Request& request);
    void step_sync(ServerId from);
    void commit_ready_proposals();
    // COMMIT of everything committed past `sent` to the learners that had the PROPOSALs.
    void send_commits(int64_t& sent);
    void tick_leader();
    void tick_learner();
    // Applies the committed log through `zxid`; a reconfig txn among it activates its membership
    // (`designated`: the leader the COMMITANDACTIVATE named for the one at `zxid`, if any).
    void apply_through(int64_t zxid, ServerId designated = 0);
    // A quorum of the active membership, and of the proposed one while there is one.
    bool has_quorum_of(std::span<const ServerId> ids) const;

    // reconfig.cpp
    // A reconfig txn was logged: its membership is proposed, until it commits.
    void note_proposed_config(const Entry& entry);
    void activate(const Entry& reconfig, std::vector<Member> members, ServerId designated);
    // Leader.getDesignatedLeader: this server if it votes in the new membership, else the voter
    // of it that acknowledged the reconfig and the most proposals after it (lowest id first).
    ServerId designated_leader() const;
    void commit_reconfig(std::vector<ServerId>& answered_syncs);
    // A learner whose leader no longer leads the active membership (or not the one designated),
    // or whose role in it changed, looks for its leader again.
    void follow_membership(ServerId designated);
    // Leaves the current role for the leader a reconfig designated, without an election
    // (ZooKeeper's reconfigFlag path): following it, or leading when it is this server.
    void follow_designated(ServerId designated, std::string reason);
    // The active membership as its reconfig txn, for NEWLEADER and notifications.
    Entry config_entry() const { return Entry{config_.version, config_txn_}; }
    // A proposed membership whose txn is now committed here (the whole log is, once a leader
    // starts broadcasting or a learner is up to date) becomes active.
    void activate_if_committed();
    // At start: a reconfig txn in the log after the active membership is a proposed one
    // (ZooKeeper keeps it in zoo.cfg.dynamic.next).
    void recover_proposed_config();
    // A leader establishing its epoch with reconfigEnabled proposes its membership of version 0
    // again with the epoch's first zxid as version; it activates with the epoch, no txn needed.
    void version_initial_config();
    // What NEWLEADER tells a learner: the proposed membership if the epoch's history commits it,
    // else the active one.
    Entry newleader_config() const;

    // log.cpp (of the core): the log as the core knows it, durable or not
    std::vector<Entry> entries_after(int64_t zxid, size_t max_count) const;
    void append(const Entry& entry);

    void set_state(ServerState state);
    void set_phase(Phase phase);
    void send(ServerId to, Body body);
    // send() for the messages after election, with their trace event.
    void send_packet(ServerId to, Body body);
    void emit(trace::Body body);

    Config config_;
    DurableState durable_;
    Storage storage_;
    Payload config_txn_; // the active membership as its reconfig txn
    ServerState state_ = ServerState::looking;
    Phase phase_ = Phase::election;
    Vote current_vote_;
    Election election_;
    std::optional<Leading> leading_;
    std::optional<Learning> learning_;
    std::optional<Config> next_config_; // proposed by a reconfig, not active yet
    Entry next_config_txn_;             // its reconfig txn
    int64_t applied_zxid_ = 0;
    std::deque<Entry> unpersisted_; // handed to persist, not reported durable yet
    int64_t ticks_ = 0;
    Ready ready_;
};

} // namespace zs::zab
