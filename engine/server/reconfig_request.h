#pragma once

#include "ensemble/membership.h"
#include "proto/constants.h"
#include "proto/records.h"

#include <optional>
#include <string>

namespace zs::server {

// The settings of the leader that decide what a reconfig may ask for.
struct ReconfigRules {
    bool standalone_enabled = true;     // standaloneEnabled: a single voter is not allowed then
    bool multi_address_enabled = false; // multiAddress.enabled: '|' in server lines
};

// A reconfig request's new membership, or why it is refused: the error ZooKeeper answers with
// and the reason its log gives.
struct ReconfigOutcome {
    std::optional<ensemble::Membership> next;
    proto::ErrorCode error = proto::ErrorCode::ok;
    std::string reason;
};

// The steps of ZooKeeper's PrepRequestProcessor for a reconfig that depend only on the last
// membership the leader has seen, in its order: the `fromConfig` version check (BADVERSION), the
// new membership, incremental (leaving ids removed, then joining servers added or replaced) or
// whole (new_members, java.util.Properties lines or comma-separated), and the voter count. The
// new membership's version is `zxid`, the reconfig's own. Errors follow ZooKeeper's, quirks
// included: an unknown leaving id is ignored, a number that is not one answers MARSHALLINGERROR,
// a malformed server BADARGUMENTS, a joining server needs a client port.
// The membership /zookeeper/config's text describes (a reconfig txn carries it); nullopt when
// the text is not one.
std::optional<ensemble::Membership> parse_membership(std::string_view text,
                                                     bool multi_address_enabled);

ReconfigOutcome next_membership(const ensemble::Membership& last_seen,
                                const proto::ReconfigRequest& request, int64_t zxid,
                                const ReconfigRules& rules);

} // namespace zs::server
