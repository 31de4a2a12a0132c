#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

// Numeric constants of Apache ZooKeeper's client protocol, with the exact values the wire uses.
namespace zs::proto {

// ZooKeeper's default jute.maxbuffer: the largest frame, string or buffer accepted.
inline constexpr int32_t kDefaultMaxBufferBytes = 0xfffff;

// Request types (ZooDefs.OpCode).
namespace op {
inline constexpr int32_t notification = 0;
inline constexpr int32_t create = 1;
inline constexpr int32_t remove = 2; // ZooKeeper's "delete"; a C++ keyword.
inline constexpr int32_t exists = 3;
inline constexpr int32_t get_data = 4;
inline constexpr int32_t set_data = 5;
inline constexpr int32_t get_acl = 6;
inline constexpr int32_t set_acl = 7;
inline constexpr int32_t get_children = 8;
inline constexpr int32_t sync = 9;
inline constexpr int32_t ping = 11;
inline constexpr int32_t get_children2 = 12;
inline constexpr int32_t check = 13;
inline constexpr int32_t multi = 14;
inline constexpr int32_t create2 = 15;
inline constexpr int32_t reconfig = 16;
inline constexpr int32_t check_watches = 17;
inline constexpr int32_t remove_watches = 18;
inline constexpr int32_t create_container = 19;
inline constexpr int32_t delete_container = 20;
inline constexpr int32_t create_ttl = 21;
inline constexpr int32_t multi_read = 22;
inline constexpr int32_t auth = 100;
inline constexpr int32_t set_watches = 101;
inline constexpr int32_t sasl = 102;
inline constexpr int32_t get_ephemerals = 103;
inline constexpr int32_t get_all_children_number = 104;
inline constexpr int32_t set_watches2 = 105;
inline constexpr int32_t add_watch = 106;
inline constexpr int32_t who_am_i = 107;
inline constexpr int32_t create_session = -10;
inline constexpr int32_t close_session = -11;
inline constexpr int32_t error = -1;
} // namespace op

// The abbreviation ZooKeeper's `cons` command shows as `lop=` after a request of this type
// completed ("CREA", "GETD", ...); "NA" for a failed write (ZooKeeper logs those as error txns),
// "UNKNOWN" for anything else.
const char* op_name(int32_t opcode);

// Whether a client request with this opcode writes: it goes through prep, the log and the tree
// (create, create2, createContainer, createTTL, delete, setData, setACL, multi).
bool is_write_request(int32_t opcode);

// Reserved xids that mark a frame as something other than an ordinary request/reply.
namespace xid {
inline constexpr int32_t notification = -1;
inline constexpr int32_t ping = -2;
inline constexpr int32_t auth = -4;
inline constexpr int32_t set_watches = -8;
} // namespace xid

// KeeperException.Code: the value carried in ReplyHeader.err and multi results.
enum class ErrorCode : int32_t {
    ok = 0,
    system_error = -1,
    runtime_inconsistency = -2,
    data_inconsistency = -3,
    connection_loss = -4,
    marshalling_error = -5,
    unimplemented = -6,
    operation_timeout = -7,
    bad_arguments = -8,
    unknown_session = -12,
    new_config_no_quorum = -13,
    reconfig_in_progress = -14,
    api_error = -100,
    no_node = -101,
    no_auth = -102,
    bad_version = -103,
    no_children_for_ephemerals = -108,
    node_exists = -110,
    not_empty = -111,
    session_expired = -112,
    invalid_callback = -113,
    invalid_acl = -114,
    auth_failed = -115,
    session_moved = -118,
    not_read_only = -119,
    ephemeral_on_local_session = -120,
    no_watcher = -121,
    request_timeout = -122,
    reconfig_disabled = -123,
    session_closed_require_sasl_auth = -124,
    quota_exceeded = -125,
    throttled_op = -127,
};

// The Java enum constant name ("NONODE", "BADVERSION", ...); "UNKNOWN" for other values.
const char* error_name(ErrorCode code);

// ACL permission bits (ZooDefs.Perms).
namespace perm {
inline constexpr int32_t read = 1;
inline constexpr int32_t write = 2;
inline constexpr int32_t create = 4;
inline constexpr int32_t remove = 8; // ZooKeeper's DELETE.
inline constexpr int32_t admin = 16;
inline constexpr int32_t all = read | write | create | remove | admin;

// Permission bits as the letters zkCli shows, in its order: "cdrwa" for all of them.
std::string to_letters(int32_t perms);
// The bits `letters` names, in any order; nullopt for a character outside "cdrwa", and for a
// repeated letter when `each_once`.
std::optional<int32_t> from_letters(std::string_view letters, bool each_once = false);
} // namespace perm

// The `flags` field of a create request.
enum class CreateMode : int32_t {
    persistent = 0,
    ephemeral = 1,
    persistent_sequential = 2,
    ephemeral_sequential = 3,
    container = 4,
    persistent_with_ttl = 5,
    persistent_sequential_with_ttl = 6,
};

// WatcherEvent.type.
enum class EventType : int32_t {
    none = -1,
    node_created = 1,
    node_deleted = 2,
    node_data_changed = 3,
    node_children_changed = 4,
    data_watch_removed = 5,
    child_watch_removed = 6,
    persistent_watch_removed = 7,
};

// WatcherEvent.state; the server only ever sends sync_connected.
enum class KeeperState : int32_t {
    disconnected = 0,
    sync_connected = 3,
    auth_failed = 4,
    connected_read_only = 5,
    sasl_authenticated = 6,
    expired = -112,
    closed = 7,
};

// The `type` field of checkWatches/removeWatches.
enum class WatcherType : int32_t {
    children = 1,
    data = 2,
    any = 3,
    persistent = 4,
    persistent_recursive = 5,
};

// The `mode` field of addWatch.
enum class AddWatchMode : int32_t {
    persistent = 0,
    persistent_recursive = 1,
};

} // namespace zs::proto
