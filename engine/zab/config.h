#pragma once

#include "zab/log.h"
#include "zab/types.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace zs::zab {

struct Member {
    ServerId id = 0;
    LearnerType type = LearnerType::participant;
};

// Durations, in ticks of the core: the runtime calls tick() at a fixed rate and converts
// zoo.cfg's milliseconds and tickTime multiples into ticks (see quorum/).
struct Timing {
    // FLE's finalizeWait: once a quorum agrees, how long a better vote may still arrive.
    int64_t finalize_wait = 20;
    // FLE's notification timeout: with no notification for this long, send ours again; it
    // doubles each time, up to max_notification_interval (minNotificationInterval and
    // maxNotificationInterval).
    int64_t min_notification_interval = 20;
    int64_t max_notification_interval = 6000;
    // How often a learner tries its leader again before it answers (ZooKeeper's
    // leaderConnectDelayDuringRetryMs).
    int64_t connect_retry = 10;
    // initLimit x tickTime: how long discovery and synchronization may take.
    int64_t init_limit = 2000;
    // syncLimit x tickTime: how long a follower may stay silent once synchronized.
    int64_t sync_limit = 1000;
    // How often the leader pings its learners and checks it still has a quorum (tickTime / 2).
    int64_t ping_interval = 100;
};

// One member of the ensemble: who it is, who the others are, and its timing.
struct Config {
    ServerId self = 0;
    std::vector<Member> members; // every server.N line, this one included; ids unique
    // The zxid of the reconfig that made this membership (0: nobody changed it).
    int64_t version = 0;
    // reconfigEnabled: the first leader of a membership of version 0 gives it its epoch's first
    // zxid as version (ZOOKEEPER-1783), as the base a client's fromConfig names.
    bool reconfig_enabled = false;
    Timing timing;
    // A learner missing more txns than this gets a snapshot instead (ZooKeeper sizes this by
    // snapshotSizeFactor; a count is what the core can see).
    size_t max_diff_txns = 100000;

    // The voters (participants), ascending.
    std::vector<ServerId> voters() const;
    bool is_voter(ServerId id) const;
    // How this server learns: as listed, or as a participant that does not vote when it is not
    // listed (a server about to join, or one a reconfig removed, as ZooKeeper's
    // updateLearnerType makes it).
    LearnerType type_of_self() const;
    // Whether `ids` (voters, no duplicates) is a majority of the voters.
    bool is_quorum(size_t voter_count) const;
    std::vector<ServerId> observers() const;
};

// Which txns change the membership (reconfig), read by the runtime from a txn's bytes: the new
// membership's members, or nothing for any other txn. Called for every txn proposed and applied.
class ReconfigReader {
  public:
    virtual ~ReconfigReader() = default;
    virtual std::optional<std::vector<Member>> members_in(const Payload& txn) const = 0;
    // The membership the runtime runs (the core's active one) as a reconfig txn's bytes, for a
    // leader to tell its learners.
    virtual Payload membership_txn() const = 0;
};

} // namespace zs::zab
