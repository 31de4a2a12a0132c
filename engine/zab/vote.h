#pragma once

#include "zab/types.h"

#include <cstdint>
#include <limits>

namespace zs::zab {

// What a server that cannot lead (an observer) proposes: every participant's vote outranks it.
inline constexpr ServerId kNoServer = std::numeric_limits<int64_t>::min();

// A vote of Fast Leader Election: whom the sender would have lead, with the credentials votes
// are ranked by.
struct Vote {
    ServerId leader = kNoServer;
    int64_t zxid = std::numeric_limits<int64_t>::min(); // the candidate's last logged zxid
    int64_t election_epoch = 0; // the round the vote belongs to (FLE's logicalclock)
    int64_t peer_epoch = std::numeric_limits<int64_t>::min(); // the candidate's current epoch

    bool operator==(const Vote&) const = default;
};

// FastLeaderElection.totalOrderPredicate without its weight check: whether `candidate` would make
// a better leader than `current`, by current epoch, then last zxid, then server id. The round is
// not compared: rounds are reconciled before candidates are.
constexpr bool outranks(const Vote& candidate, const Vote& current) {
    if (candidate.peer_epoch != current.peer_epoch) {
        return candidate.peer_epoch > current.peer_epoch;
    }
    if (candidate.zxid != current.zxid) {
        return candidate.zxid > current.zxid;
    }
    return candidate.leader > current.leader;
}

// Whether two votes name the same outcome: within a round, the same candidate with the same
// credentials (ZooKeeper's Vote.equals for LOOKING votes).
constexpr bool same_candidate(const Vote& a, const Vote& b) {
    return a.leader == b.leader && a.zxid == b.zxid && a.election_epoch == b.election_epoch &&
           a.peer_epoch == b.peer_epoch;
}

} // namespace zs::zab
