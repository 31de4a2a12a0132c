#pragma once

#include "tree/data_tree.h"

#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

// The byte form of a whole DataTree and the sessions alive with it: what a snapshot stores.
namespace zs::tree {

// A session as a snapshot keeps it (the server's session tracker owns the live ones).
struct SessionRecord {
    int64_t id = 0;
    int32_t timeout_ms = 0;
    std::array<uint8_t, 16> password{};

    bool operator==(const SessionRecord&) const = default;
};

// A tree and its sessions, restored from a snapshot.
struct Snapshot {
    DataTree tree;
    std::vector<SessionRecord> sessions;
};

// Every node (path, data incl. null, ACL, all stat fields with the stored cversion, ephemeral
// owner and kind), the ACL lists, the tree's counters and `sessions`. Watches are not part of it.
std::string encode_snapshot(const DataTree& tree, std::span<const SessionRecord> sessions);

// The tree and sessions `bytes` encodes, indistinguishable from the encoded ones (stats,
// children, ACLs, ephemerals, node count, approximate data size, last processed zxid; quotas
// are re-derived from the limits nodes). nullopt for anything malformed.
std::optional<Snapshot> decode_snapshot(std::string_view bytes);

} // namespace zs::tree
