#pragma once

#include "zab/types.h"
#include "zab/vote.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// One typed event for every step of the protocol. The consensus core emits them in the order the
// steps happen; the visualizer, the simulator's checks and the NDJSON stream of each zoonode's
// admin port are all built on this stream alone.
namespace zs::trace {

using zab::ServerId;

// The server started (or restarted) with its log through `last_zxid`, all of it applied.
struct Started {
    int64_t last_zxid = 0;
};
// Fast Leader Election began a round (lookForLeader): the server votes for `vote`.
struct ElectionStarted {
    zab::Vote vote;
};
// A notification left for `to` or arrived from `from`; `state` is the sender's.
struct VoteSent {
    ServerId to = 0;
    zab::Vote vote;
    zab::ServerState state = zab::ServerState::looking;
};
struct VoteReceived {
    ServerId from = 0;
    zab::Vote vote;
    zab::ServerState state = zab::ServerState::looking;
};
// The server now proposes `vote` (updateProposal); `because` says what made it change.
struct VoteChanged {
    zab::Vote vote;
    std::string because;
};
// The election ended: `leader` was chosen with the votes of a quorum, in round
// `vote.election_epoch`.
struct ElectionFinished {
    zab::Vote vote;
};
struct StateChanged {
    zab::ServerState from = zab::ServerState::looking;
    zab::ServerState to = zab::ServerState::looking;
};
struct PhaseChanged {
    zab::Phase from = zab::Phase::election;
    zab::Phase to = zab::Phase::election;
};

// A message of the phases after election left or arrived. `zxid` is the zxid field of
// ZooKeeper's QuorumPacket for it (an epoch E travels as the zxid E<<32).
struct MessageSent {
    ServerId to = 0;
    std::string type; // "FOLLOWERINFO", "LEADERINFO", ...
    int64_t zxid = 0;
};
struct MessageReceived {
    ServerId from = 0;
    std::string type;
    int64_t zxid = 0;
};
// acceptedEpoch or currentEpoch was stored.
struct EpochChanged {
    std::string which; // "accepted" or "current"
    int64_t from = 0;
    int64_t to = 0;
};
// The leader chose the epoch it establishes: one past the largest accepted epoch of a quorum.
struct NewEpoch {
    int64_t epoch = 0;
};
// The leader established its epoch: a quorum (`quorum`, the leader included) acknowledged it.
struct EpochEstablished {
    int64_t epoch = 0;
    std::vector<ServerId> quorum;
};
// The leader refused a learner (e.g. "its log is ahead of the leader's").
struct LearnerRefused {
    ServerId learner = 0;
    std::string reason;
};
// The leader chose how to bring a learner in line (LearnerHandler.syncFollower), and why.
struct SyncChosen {
    ServerId learner = 0;
    zab::SyncMode mode = zab::SyncMode::none;
    int64_t learner_zxid = 0; // the learner's last zxid
    int64_t leader_zxid = 0;  // the leader's last zxid
    int64_t txns = 0;         // txns sent after the DIFF, TRUNC or SNAP
    std::string reason;
};
// The leader proposed a txn.
struct Proposed {
    int64_t zxid = 0;
};
// A txn is committed here: it goes to the state, in zxid order. Every server that commits a zxid
// must commit the same txn (`digest` identifies its bytes).
struct Committed {
    int64_t zxid = 0;
    uint64_t digest = 0;
};
// The log was cut after `zxid` (TRUNC), or replaced by a snapshot as of `zxid` (SNAP).
struct Truncated {
    int64_t zxid = 0;
};
struct SnapshotInstalled {
    int64_t zxid = 0;
};
// The server left its role and looks for a leader again, for `reason` (a wait that ran out, a
// broken link, a leader it cannot follow).
struct GaveUp {
    std::string reason;
};

// Membership changes (dynamic reconfiguration). A reconfig txn proposes a membership: its voters
// and observers, its version the txn's zxid (ZooKeeper's "last seen" config). Until it commits,
// every quorum must be a quorum of the current membership and of this one.
struct ReconfigProposed {
    int64_t version = 0;
    std::vector<ServerId> voters;
    std::vector<ServerId> observers;
};
// The membership of `version` is active here (its reconfig committed, COMMITANDACTIVATE or
// INFORMANDACTIVATE); `leader` is the server the leader designated to lead it (0 when this server
// learned it from a committed txn alone).
struct ConfigActivated {
    int64_t version = 0;
    std::vector<ServerId> voters;
    std::vector<ServerId> observers;
    ServerId leader = 0;
};

// Sessions, as the server applying the txns sees them (a zoonode's runtime adds these to its
// core's events): a session began (its createSession applied), ended (closeSession applied;
// `expired` when the leader expired it rather than its client closing it), or the leader decided
// it expired (its closeSession follows).
struct SessionCreated {
    int64_t session = 0;
    int32_t timeout_ms = 0;
};
struct SessionClosed {
    int64_t session = 0;
};
struct SessionExpired {
    int64_t session = 0;
    int32_t timeout_ms = 0;
};

using Body =
    std::variant<Started, ElectionStarted, VoteSent, VoteReceived, VoteChanged, ElectionFinished,
                 StateChanged, PhaseChanged, MessageSent, MessageReceived, EpochChanged, NewEpoch,
                 EpochEstablished, LearnerRefused, SyncChosen, Proposed, Committed, Truncated,
                 SnapshotInstalled, GaveUp, ReconfigProposed, ConfigActivated, SessionCreated,
                 SessionClosed, SessionExpired>;

struct Event {
    ServerId server = 0; // who took the step
    int64_t tick = 0;    // the server's core tick count when it did
    Body body;
};

// The event's type name as the NDJSON stream spells it: "VoteSent", "StateChanged", ...
std::string_view name_of(const Body& body);

// One line of NDJSON (no trailing newline): {"server":1,"tick":3,"type":"VoteSent","to":2,...}.
// Zxids are written as hex strings ("0x100000003"), as ZooKeeper's logs show them. A zoonode
// adds the wall-clock time (`time_ms`, Unix milliseconds), so that the lines of several
// servers can be merged; the simulator has only ticks.
std::string to_ndjson(const Event& event, std::optional<int64_t> time_ms = std::nullopt);

} // namespace zs::trace
