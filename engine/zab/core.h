#pragma once

#include "trace/event.h"
#include "zab/config.h"
#include "zab/messages.h"
#include "zab/types.h"
#include "zab/vote.h"

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zs::zab {

// What a server keeps on disk that the protocol reads when it starts.
struct DurableState {
    int64_t accepted_epoch = 0; // the last epoch it agreed to (acceptedEpoch)
    int64_t current_epoch = 0;  // the last epoch it synchronized with (currentEpoch)
    int64_t last_zxid = 0;      // its last logged txn
};

// Everything the core asks of its runtime since the last take_ready(). Fields are handled in
// the order they are declared.
struct Ready {
    // The durable state changed (an epoch was accepted or established): store it, and make it
    // durable, before sending any of `messages` (ACKEPOCH promises the accepted epoch is kept).
    std::optional<DurableState> durable;
    // Learner links to close (this server stopped leading or following): the server at the
    // other end sees them break. Closed before `messages` are sent.
    std::vector<ServerId> disconnect;
    // Messages to send. Messages to one peer must arrive in this order or not at all, as over
    // one TCP connection; messages to different peers are independent.
    std::vector<Message> messages;
    // What happened, in the order it happened. Nothing depends on their delivery.
    std::vector<trace::Event> events;
};

// ZooKeeper's replication protocol for one server, as a pure state machine: no I/O, threads,
// clocks or randomness. The runtime feeds it messages (step) and time (tick), executes each
// Ready batch, and the same code runs between zoonode processes (quorum/) and in the simulator
// (sim/), where a teacher can step it one message at a time.
//
// A new core is LOOKING and has begun an election. After election comes discovery (the leader
// establishes a new epoch with a quorum); synchronization and broadcast are not implemented yet,
// so a core that has agreed on an epoch stays in SYNCHRONIZATION.
class Core {
  public:
    Core(Config config, DurableState durable);

    // A message from another server, addressed to this one.
    void step(const Message& message);
    // One tick of the runtime's clock.
    void tick();
    // The learner link to `peer` broke (TCP closed or reset, or the peer closed it). Messages
    // other than election notifications travel over such links, which lose nothing silently: a
    // lost message breaks its link.
    void peer_lost(ServerId peer);

    bool has_ready() const;
    // Hands over what accumulated since the last call.
    Ready take_ready();

    ServerId id() const { return config_.self; }
    ServerState state() const { return state_; }
    Phase phase() const { return phase_; }
    // The vote this server stands by: while LOOKING its proposal, afterwards the outcome.
    const Vote& current_vote() const { return current_vote_; }
    // FLE's logicalclock: the election round.
    int64_t round() const { return election_.round; }
    int64_t ticks() const { return ticks_; }
    const DurableState& durable() const { return durable_; }

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

    // The leader's side of discovery (Leader.getEpochToPropose and waitForEpochAck).
    struct Leading {
        int64_t epoch = 0;                        // the epoch being established
        bool epoch_chosen = false;                // a quorum sent FOLLOWERINFO
        bool established = false;                 // a quorum acknowledged the epoch
        std::map<ServerId, LearnerType> learners; // who sent FOLLOWERINFO / OBSERVERINFO
        std::map<ServerId, bool> acked;           // ACKEPOCH received (true: counts for the quorum)
        int64_t deadline = 0;
        // Our current epoch and last zxid when we began to lead (leaderStateSummary): a
        // learner more recent than this is refused.
        int64_t started_epoch = 0;
        int64_t started_zxid = 0;
    };
    // The learner's side (Learner.registerWithLeader).
    struct Learning {
        ServerId leader = 0;
        bool epoch_acked = false;
        int64_t deadline = 0;
        int64_t retry_at = 0; // FOLLOWERINFO again (the leader may not be listening yet)
    };

    // election.cpp
    void start_election();
    void step_notification(ServerId from, const Notification& notification);
    void handle_looking(ServerId from, const Notification& notification);
    void handle_decided(ServerId from, const Notification& notification);
    void tick_election();
    void finish_election(const Vote& vote, ServerState as);
    void send_notifications();
    void reply(ServerId to, const Vote& vote, int64_t round);
    Vote initial_vote() const;
    bool ranks_above(const Vote& candidate, const Vote& current) const;
    size_t count_matching(const std::map<ServerId, ReceivedVote>& votes,
                          const ReceivedVote& target) const;
    bool leader_confirmed(const std::map<ServerId, ReceivedVote>& votes, ServerId leader,
                          int64_t round) const;
    void propose(const Vote& vote, std::string because);

    // discovery.cpp
    void start_leading();
    void start_learning();
    void step_follower_info(ServerId from, const FollowerInfo& info);
    void step_leader_info(ServerId from, const LeaderInfo& info);
    void step_ack_epoch(ServerId from, const AckEpoch& ack);
    void choose_epoch_if_quorum();
    void tick_discovery();
    void set_accepted_epoch(int64_t epoch);
    void set_current_epoch(int64_t epoch);
    bool quorum_of(const std::vector<ServerId>& ids) const;
    void give_up(std::string reason);
    void leave_role();

    void set_state(ServerState state);
    void set_phase(Phase phase);
    void send(ServerId to, Body body);
    // send() for the messages after election, with their trace event.
    void send_packet(ServerId to, Body body);
    void emit(trace::Body body);

    Config config_;
    DurableState durable_;
    ServerState state_ = ServerState::looking;
    Phase phase_ = Phase::election;
    Vote current_vote_;
    Election election_;
    std::optional<Leading> leading_;
    std::optional<Learning> learning_;
    int64_t ticks_ = 0;
    Ready ready_;
};

} // namespace zs::zab
