#pragma once

#include "ensemble/quorum_server.h"

#include <cstdint>
#include <map>
#include <set>
#include <string>

namespace zs::ensemble {

/// An ensemble's membership as ZooKeeper's QuorumVerifier holds it: the servers, the groups and
/// weights of a hierarchical quorum (none for a majority quorum), and the version (the zxid of
/// the reconfig that made it, 0 for a membership nobody changed).
struct Membership {
    std::map<int64_t, QuorumServer> servers;
    std::map<int64_t, int64_t> groups;  // server id -> group id
    std::map<int64_t, int64_t> weights; // server id -> vote weight
    uint64_t version = 0;

    bool hierarchical() const { return !groups.empty(); }
    bool is_voter(int64_t id) const;
    std::size_t voter_count() const;
    /// Whether `ids` hold a quorum: more than half of the voters (QuorumMaj), or more than half
    /// of the weighted groups, each by more than half of its weight (QuorumHierarchical).
    bool contains_quorum(const std::set<int64_t>& ids) const;
    /// The form of /zookeeper/config and `conf`: a
    /// `server.N=host:quorumPort:electionPort[|...]:participant|observer[;host:port]` line per
    /// member, then group.N and weight.N lines, then `version=<hex>` (no newline at the end).
    std::string text() const;
    /// The form of the zoo.cfg.dynamic.<version> file ZooKeeper writes: the same lines without
    /// the version, sorted as text, no newline at the end.
    std::string dynamic_file_text() const;

    friend bool operator==(const Membership&, const Membership&) = default;
};

} // namespace zs::ensemble
