#pragma once

#include "zab/log.h"
#include "zab/types.h"
#include "zab/vote.h"

#include <string_view>
#include <variant>

namespace zs::zab {

// FastLeaderElection's notification: the sender's vote and its state. A LOOKING sender proposes
// the vote; a FOLLOWING or LEADING one reports the outcome of the election it took part in.
struct Notification {
    Vote vote;
    ServerState state = ServerState::looking;
    // The sender's active membership, as the reconfig txn that made it (zxid = its version): a
    // looking server that runs an older one takes it (ZooKeeper's notifications carry the
    // sender's config the same way).
    Entry config;

    bool operator==(const Notification&) const = default;
};

// Discovery. A learner tells the leader the last epoch it accepted (FOLLOWERINFO, or
// OBSERVERINFO from an observer); the leader answers with the epoch it establishes (LEADERINFO);
// the learner acknowledges with its current epoch and last zxid (ACKEPOCH; current_epoch -1 when
// it had already accepted that epoch). ACKEPOCH also names the epoch it acknowledges, which
// ZooKeeper's does not (there a connection belongs to one leadership): a leader counts only
// acknowledgements of its own epoch, whatever a link still carried from an earlier one.
struct FollowerInfo {
    int64_t accepted_epoch = 0;
    LearnerType type = LearnerType::participant;

    bool operator==(const FollowerInfo&) const = default;
};
struct LeaderInfo {
    int64_t new_epoch = 0;

    bool operator==(const LeaderInfo&) const = default;
};
struct AckEpoch {
    int64_t current_epoch = 0;
    int64_t last_zxid = 0;
    int64_t epoch = 0; // the LEADERINFO's new epoch it answers

    bool operator==(const AckEpoch&) const = default;
};

// Synchronization. The leader brings a learner's log in line with its own: DIFF (the learner has
// a prefix of the leader's log; the missing txns follow as PROPOSAL + COMMIT pairs), TRUNC (the
// learner cuts its log after `zxid`; missing txns follow), or SNAP (the learner replaces its state
// with the leader's snapshot; later txns follow). Then NEWLEADER; the learner answers ACK once
// everything is durable, and the leader sends UPTODATE once a quorum has.
struct Diff {
    int64_t zxid = 0; // the leader's last zxid
    bool operator==(const Diff&) const = default;
};
struct Trunc {
    int64_t zxid = 0;
    bool operator==(const Trunc&) const = default;
};
struct Snap {
    Snapshot snapshot;
    bool operator==(const Snap&) const = default;
};
struct NewLeader {
    int64_t zxid = 0; // the new epoch's first zxid (epoch << 32)
    // The leader's membership, as the reconfig txn that made it (zxid = its version; the
    // runtime's ReconfigReader::membership_txn), which a learner activates at UPTODATE unless it
    // has it already (ZooKeeper's NEWLEADER carries the leader's config the same way).
    Entry config;
    bool operator==(const NewLeader&) const = default;
};
struct UpToDate {
    bool operator==(const UpToDate&) const = default;
};

// Broadcast. PROPOSAL to followers, ACK once logged, COMMIT in zxid order once a quorum logged it;
// observers get INFORM (proposal and commit at once). ACK also answers NEWLEADER. PING goes both
// ways, so that each side knows the other is alive.
struct Proposal {
    Entry entry;
    bool operator==(const Proposal&) const = default;
};
struct Ack {
    int64_t zxid = 0;
    bool operator==(const Ack&) const = default;
};
struct Commit {
    int64_t zxid = 0;
    bool operator==(const Commit&) const = default;
};
struct Inform {
    Entry entry;
    bool operator==(const Inform&) const = default;
};
// A learner's PING may carry the sessions its clients kept alive (encoded by the runtime), for
// the leader, which decides when sessions expire (ZooKeeper's session touches in PING).
struct Ping {
    Payload sessions;
    bool operator==(const Ping& other) const {
        return sessions == other.sessions ||
               (sessions && other.sessions && *sessions == *other.sessions);
    }
};
// A learner forwards a client's write to the leader, which prepares and proposes it.
struct Request {
    Payload request;
    bool operator==(const Request& other) const {
        return request == other.request || (request && other.request && *request == *other.request);
    }
};
// A learner asks (for a client's sync); the leader answers once every proposal made before the
// question is committed, so that the learner's next read sees them.
struct Sync {
    bool operator==(const Sync&) const = default;
};

// The commit of a reconfig txn, which activates its membership: COMMITANDACTIVATE to the
// participants (who had the PROPOSAL), INFORMANDACTIVATE with the txn to observers. `leader` is
// the server the leader designates to lead the new membership (itself, unless it no longer votes).
struct CommitAndActivate {
    int64_t zxid = 0;
    ServerId leader = 0;
    bool operator==(const CommitAndActivate&) const = default;
};
struct InformAndActivate {
    Entry entry;
    ServerId leader = 0;
    bool operator==(const InformAndActivate&) const = default;
};

// Everything cores say to each other. (The wire tags follow this order: append new messages.)
using Body = std::variant<Notification, FollowerInfo, LeaderInfo, AckEpoch, Diff, Trunc, Snap,
                          NewLeader, UpToDate, Proposal, Ack, Commit, Inform, Ping, Request, Sync,
                          CommitAndActivate, InformAndActivate>;

struct Message {
    ServerId from = 0;
    ServerId to = 0;
    Body body;

    bool operator==(const Message&) const = default;
};

// ZooKeeper's name of the message: "NOTIFICATION", "FOLLOWERINFO", "PROPOSAL", ...
std::string_view name_of(const Body& body);
// The zxid field of ZooKeeper's packet for it (an epoch E travels as E<<32).
int64_t zxid_of(const Body& body);

} // namespace zs::zab
