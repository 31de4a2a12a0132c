#pragma once

#include "proto/constants.h"
#include "proto/records.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

// The transactions that get logged, replicated and applied: ZooKeeper's txn records.
namespace zs::tree {

// ephemeral_owner of a container node.
inline constexpr int64_t kContainerOwner = INT64_MIN; // 0x8000000000000000
// ephemeral_owner of a TTL node is kTtlOwnerMask | ttl.
inline constexpr int64_t kTtlOwnerMask = int64_t(0xFF00000000000000ULL);
inline constexpr int64_t kMaxTtlMs = (int64_t(1) << 40) - 1;

// Who wrote a txn, and when: every txn of a multi shares one header.
struct TxnHeader {
    int64_t session_id = 0;
    int32_t cxid = 0;
    int64_t zxid = 0;
    int64_t time_ms = 0;
};

// Creates a znode. opcode (1 create, 15 create2, 19 createContainer, 21 createTTL) shapes the
// reply and, for 19 and 21, makes the node a container or TTL node.
struct CreateTxn {
    std::string path;
    std::optional<std::string> data;
    std::vector<proto::Acl> acl;
    int64_t ephemeral_owner = 0;
    int32_t parent_cversion = 0; // the parent's stored cversion after this create
    int32_t opcode = proto::op::create;
};

// Deletes a childless znode; opcode 2 (delete) or 20 (deleteContainer).
struct DeleteTxn {
    std::string path;
    int32_t opcode = proto::op::remove;
};

// Replaces a znode's data; version is the new data version.
struct SetDataTxn {
    std::string path;
    std::optional<std::string> data;
    int32_t version = 0;
};

// Replaces a znode's ACL; version is the new aversion.
struct SetAclTxn {
    std::string path;
    std::vector<proto::Acl> acl;
    int32_t version = 0;
};

// A passed version check inside a multi (changes nothing).
struct CheckTxn {
    std::string path;
    int32_t version = 0;
};

// A write that failed validation: logged anyway, so it consumes a zxid.
struct ErrorTxn {
    proto::ErrorCode err = proto::ErrorCode::ok;
};

// Starts a session (global sessions go through the log so every server knows them). The
// password is logged with it so that a client can resume the session after a restart.
struct CreateSessionTxn {
    int32_t timeout_ms = 0;
    std::array<uint8_t, 16> password{};
};

// Ends a session and deletes its ephemerals.
struct CloseSessionTxn {
    std::vector<std::string> paths_to_delete;
};

using SubTxn = std::variant<CreateTxn, DeleteTxn, SetDataTxn, CheckTxn, ErrorTxn>;

// An atomic group of sub-txns. A failed multi is all ErrorTxn: ok for the ops before the one that
// failed, its error code, runtime_inconsistency for the ops after it.
struct MultiTxn {
    std::vector<SubTxn> ops;
};

// The node that shows an ensemble's membership.
inline constexpr std::string_view kConfigPath = "/zookeeper/config";

// A new membership, committed: /zookeeper/config takes its text (ZooKeeper logs a reconfig as a
// setData of that node, version -1); the ensemble activates it as the txn commits.
struct ReconfigTxn {
    std::string data;
};

using Txn = std::variant<CreateTxn, DeleteTxn, SetDataTxn, SetAclTxn, CheckTxn, ErrorTxn,
                         CreateSessionTxn, CloseSessionTxn, MultiTxn, ReconfigTxn>;

} // namespace zs::tree
