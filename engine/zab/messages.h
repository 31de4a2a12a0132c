#pragma once

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

    bool operator==(const Notification&) const = default;
};

// Discovery. A learner tells the leader the last epoch it accepted (FOLLOWERINFO, or
// OBSERVERINFO from an observer); the leader answers with the epoch it establishes (LEADERINFO);
// the learner acknowledges with its current epoch and last zxid (ACKEPOCH; current_epoch -1 when
// it had already accepted that epoch).
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

    bool operator==(const AckEpoch&) const = default;
};

// Everything cores say to each other.
using Body = std::variant<Notification, FollowerInfo, LeaderInfo, AckEpoch>;

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
