#pragma once

#include "proto/jute.h"

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

// One struct per record of ZooKeeper's zookeeper.jute that the client protocol uses. Fields are
// declared in wire order. read() never throws: on malformed input it returns a partly filled
// record and leaves the reader failed, so callers check reader.ok() once after reading.
namespace zs::proto {

// An identity: scheme ("world", "digest", "ip", ...) and the id within it.
struct Id {
    std::string scheme;
    std::string id;

    void write(Writer& writer) const;
    static Id read(Reader& reader);
    bool operator==(const Id&) const = default;
};

// One ACL entry: the perm:: bits granted to an identity.
struct Acl {
    int32_t perms = 0;
    Id id;

    void write(Writer& writer) const;
    static Acl read(Reader& reader);
    bool operator==(const Acl&) const = default;
};

// A znode's metadata as clients see it (68 bytes on the wire).
struct Stat {
    int64_t czxid = 0;
    int64_t mzxid = 0;
    int64_t ctime = 0;
    int64_t mtime = 0;
    int32_t version = 0;
    int32_t cversion = 0;
    int32_t aversion = 0;
    int64_t ephemeral_owner = 0;
    int32_t data_length = 0;
    int32_t num_children = 0;
    int64_t pzxid = 0;

    void write(Writer& writer) const;
    static Stat read(Reader& reader);
    bool operator==(const Stat&) const = default;
};

// The first frame a client sends (no RequestHeader).
struct ConnectRequest {
    int32_t protocol_version = 0;
    int64_t last_zxid_seen = 0;
    int32_t timeout_ms = 0;
    int64_t session_id = 0;
    std::string passwd;
    bool read_only = false;
    // False for clients older than 3.4 that end the record after passwd (44 bytes instead of 45);
    // they must get a ConnectResponse without the readOnly byte.
    bool has_read_only_field = true;

    void write(Writer& writer) const;
    static ConnectRequest read(Reader& reader);
    bool operator==(const ConnectRequest&) const = default;
};

// The server's answer to ConnectRequest (no ReplyHeader).
struct ConnectResponse {
    int32_t protocol_version = 0;
    int32_t timeout_ms = 0;
    int64_t session_id = 0;
    std::string passwd;
    bool read_only = false;
    // Whether the readOnly byte is on the wire (37 bytes) or not (36 bytes).
    bool include_read_only = true;

    void write(Writer& writer) const;
    static ConnectResponse read(Reader& reader);
    bool operator==(const ConnectResponse&) const = default;
};

// Precedes every request body after the handshake.
struct RequestHeader {
    int32_t xid = 0;
    int32_t type = 0;

    void write(Writer& writer) const;
    static RequestHeader read(Reader& reader);
    bool operator==(const RequestHeader&) const = default;
};

// Precedes every reply and notification body.
struct ReplyHeader {
    int32_t xid = 0;
    int64_t zxid = 0;
    int32_t err = 0;

    void write(Writer& writer) const;
    static ReplyHeader read(Reader& reader);
    bool operator==(const ReplyHeader&) const = default;
};

// ---- Request bodies -------------------------------------------------------------------------

// create, create2 and createContainer; `flags` is a CreateMode value.
struct CreateRequest {
    std::string path;
    std::optional<std::string> data;
    std::vector<Acl> acl;
    int32_t flags = 0;

    void write(Writer& writer) const;
    static CreateRequest read(Reader& reader);
    bool operator==(const CreateRequest&) const = default;
};

// createTTL: a create with a time-to-live in milliseconds.
struct CreateTtlRequest {
    std::string path;
    std::optional<std::string> data;
    std::vector<Acl> acl;
    int32_t flags = 0;
    int64_t ttl = 0;

    void write(Writer& writer) const;
    static CreateTtlRequest read(Reader& reader);
    bool operator==(const CreateTtlRequest&) const = default;
};

// delete; version -1 deletes unconditionally.
struct DeleteRequest {
    std::string path;
    int32_t version = -1;

    void write(Writer& writer) const;
    static DeleteRequest read(Reader& reader);
    bool operator==(const DeleteRequest&) const = default;
};

// exists, getData, getChildren and getChildren2 all send a path and a watch flag.
struct PathWatchRequest {
    std::string path;
    bool watch = false;

    void write(Writer& writer) const;
    static PathWatchRequest read(Reader& reader);
    bool operator==(const PathWatchRequest&) const = default;
};

// setData; version -1 writes unconditionally.
struct SetDataRequest {
    std::string path;
    std::optional<std::string> data;
    int32_t version = -1;

    void write(Writer& writer) const;
    static SetDataRequest read(Reader& reader);
    bool operator==(const SetDataRequest&) const = default;
};

// getACL, sync, getEphemerals (prefix path), getAllChildrenNumber and deleteContainer.
struct PathRequest {
    std::string path;

    void write(Writer& writer) const;
    static PathRequest read(Reader& reader);
    bool operator==(const PathRequest&) const = default;
};

// setACL; version is the expected aversion, -1 for any.
struct SetAclRequest {
    std::string path;
    std::vector<Acl> acl;
    int32_t version = -1;

    void write(Writer& writer) const;
    static SetAclRequest read(Reader& reader);
    bool operator==(const SetAclRequest&) const = default;
};

// check: a version assertion, valid only inside multi.
struct CheckVersionRequest {
    std::string path;
    int32_t version = -1;

    void write(Writer& writer) const;
    static CheckVersionRequest read(Reader& reader);
    bool operator==(const CheckVersionRequest&) const = default;
};

// checkWatches and removeWatches; `type` is a WatcherType value.
struct WatchTypeRequest {
    std::string path;
    int32_t type = 0;

    void write(Writer& writer) const;
    static WatchTypeRequest read(Reader& reader);
    bool operator==(const WatchTypeRequest&) const = default;
};

// addauth (sent with xid::auth).
struct AuthPacket {
    int32_t type = 0;
    std::string scheme;
    std::optional<std::string> auth;

    void write(Writer& writer) const;
    static AuthPacket read(Reader& reader);
    bool operator==(const AuthPacket&) const = default;
};

// The watches a reconnecting client asks to have restored (sent with xid::set_watches).
struct SetWatches {
    int64_t relative_zxid = 0;
    std::vector<std::string> data_watches;
    std::vector<std::string> exist_watches;
    std::vector<std::string> child_watches;

    void write(Writer& writer) const;
    static SetWatches read(Reader& reader);
    bool operator==(const SetWatches&) const = default;
};

// SetWatches plus the persistent watch kinds added in 3.6.
struct SetWatches2 {
    int64_t relative_zxid = 0;
    std::vector<std::string> data_watches;
    std::vector<std::string> exist_watches;
    std::vector<std::string> child_watches;
    std::vector<std::string> persistent_watches;
    std::vector<std::string> persistent_recursive_watches;

    void write(Writer& writer) const;
    static SetWatches2 read(Reader& reader);
    bool operator==(const SetWatches2&) const = default;
};

// addWatch; `mode` is an AddWatchMode value.
struct AddWatchRequest {
    std::string path;
    int32_t mode = 0;

    void write(Writer& writer) const;
    static AddWatchRequest read(Reader& reader);
    bool operator==(const AddWatchRequest&) const = default;
};

// reconfig: incremental (joining/leaving) or bulk (new_members) membership change.
struct ReconfigRequest {
    std::optional<std::string> joining_servers;
    std::optional<std::string> leaving_servers;
    std::optional<std::string> new_members;
    int64_t cur_config_id = -1;

    void write(Writer& writer) const;
    static ReconfigRequest read(Reader& reader);
    bool operator==(const ReconfigRequest&) const = default;
};

// sasl (GetSASLRequest): one step of a SASL exchange.
struct SaslRequest {
    std::optional<std::string> token;

    void write(Writer& writer) const;
    static SaslRequest read(Reader& reader);
    bool operator==(const SaslRequest&) const = default;
};

// ping, closeSession and whoAmI carry no body.
struct EmptyRequest {
    void write(Writer&) const {}
    static EmptyRequest read(Reader&) { return {}; }
    bool operator==(const EmptyRequest&) const = default;
};

// Precedes each op of a multi request or response and terminates the list.
struct MultiHeader {
    int32_t type = 0;
    bool done = false;
    int32_t err = 0;

    void write(Writer& writer) const;
    static MultiHeader read(Reader& reader);
    bool operator==(const MultiHeader&) const = default;
};

using MultiOpBody = std::variant<CreateRequest, CreateTtlRequest, DeleteRequest, SetDataRequest,
                                 CheckVersionRequest, PathWatchRequest>;

// One op of a multi/multiRead; the opcode tells create from create2 and getData from getChildren.
struct MultiOp {
    int32_t opcode = 0;
    MultiOpBody body;

    bool operator==(const MultiOp&) const = default;
};

// multi (14) and multiRead (22). read() accepts every op kind either may hold; which kinds a
// given opcode allows is checked by decode_request().
struct MultiRequest {
    std::vector<MultiOp> ops;

    void write(Writer& writer) const;
    static MultiRequest read(Reader& reader);
    bool operator==(const MultiRequest&) const = default;
};

// ---- Response bodies ------------------------------------------------------------------------

// create (opcode 1).
struct CreateResponse {
    std::string path;

    void write(Writer& writer) const;
    static CreateResponse read(Reader& reader);
    bool operator==(const CreateResponse&) const = default;
};

// create2, createTTL and createContainer.
struct Create2Response {
    std::string path;
    Stat stat;

    void write(Writer& writer) const;
    static Create2Response read(Reader& reader);
    bool operator==(const Create2Response&) const = default;
};

// exists, setData and setACL answer with the node's Stat alone.
struct StatResponse {
    Stat stat;

    void write(Writer& writer) const;
    static StatResponse read(Reader& reader);
    bool operator==(const StatResponse&) const = default;
};

// getData, and reconfig (the new configuration and the Stat of /zookeeper/config).
struct GetDataResponse {
    std::optional<std::string> data;
    Stat stat;

    void write(Writer& writer) const;
    static GetDataResponse read(Reader& reader);
    bool operator==(const GetDataResponse&) const = default;
};

// getACL.
struct GetAclResponse {
    std::vector<Acl> acl;
    Stat stat;

    void write(Writer& writer) const;
    static GetAclResponse read(Reader& reader);
    bool operator==(const GetAclResponse&) const = default;
};

// getChildren: child names, not paths.
struct GetChildrenResponse {
    std::vector<std::string> children;

    void write(Writer& writer) const;
    static GetChildrenResponse read(Reader& reader);
    bool operator==(const GetChildrenResponse&) const = default;
};

// getChildren2: child names plus the parent's Stat.
struct GetChildren2Response {
    std::vector<std::string> children;
    Stat stat;

    void write(Writer& writer) const;
    static GetChildren2Response read(Reader& reader);
    bool operator==(const GetChildren2Response&) const = default;
};

// sync echoes the path.
struct SyncResponse {
    std::string path;

    void write(Writer& writer) const;
    static SyncResponse read(Reader& reader);
    bool operator==(const SyncResponse&) const = default;
};

// getEphemerals: full paths of the caller's ephemeral nodes.
struct GetEphemeralsResponse {
    std::vector<std::string> ephemerals;

    void write(Writer& writer) const;
    static GetEphemeralsResponse read(Reader& reader);
    bool operator==(const GetEphemeralsResponse&) const = default;
};

// getAllChildrenNumber: the number of descendants.
struct GetAllChildrenNumberResponse {
    int32_t total = 0;

    void write(Writer& writer) const;
    static GetAllChildrenNumberResponse read(Reader& reader);
    bool operator==(const GetAllChildrenNumberResponse&) const = default;
};

// SetSASLResponse: the server's next SASL challenge.
struct SaslResponse {
    std::optional<std::string> token;

    void write(Writer& writer) const;
    static SaslResponse read(Reader& reader);
    bool operator==(const SaslResponse&) const = default;
};

// One authenticated identity of the caller, as whoAmI reports it.
struct ClientInfo {
    std::string auth_scheme;
    std::string user;

    void write(Writer& writer) const;
    static ClientInfo read(Reader& reader);
    bool operator==(const ClientInfo&) const = default;
};

// whoAmI.
struct WhoAmIResponse {
    std::vector<ClientInfo> client_info;

    void write(Writer& writer) const;
    static WhoAmIResponse read(Reader& reader);
    bool operator==(const WhoAmIResponse&) const = default;
};

// An error code as a body: the error result of a multi op, and addWatch's reply (err 0).
struct ErrorResponse {
    int32_t err = 0;

    void write(Writer& writer) const;
    static ErrorResponse read(Reader& reader);
    bool operator==(const ErrorResponse&) const = default;
};

// A watch notification, sent after ReplyHeader{xid::notification, zxid, 0}.
struct WatcherEvent {
    int32_t type = 0;
    int32_t state = 0;
    std::string path;

    void write(Writer& writer) const;
    static WatcherEvent read(Reader& reader);
    bool operator==(const WatcherEvent&) const = default;
};

using MultiResultBody = std::variant<std::monostate, CreateResponse, Create2Response, StatResponse,
                                     GetDataResponse, GetChildrenResponse>;

// The outcome of one multi op. `type` is the op's opcode (create2 for every create with a Stat),
// or op::error with `err` the failure; delete and check succeed with an empty body.
struct MultiResult {
    int32_t type = 0;
    int32_t err = 0;
    MultiResultBody body;

    bool operator==(const MultiResult&) const = default;
};

// The reply to multi and multiRead; a failed multi still has ReplyHeader.err 0 and reports every
// op as an error result.
struct MultiResponse {
    std::vector<MultiResult> results;

    void write(Writer& writer) const;
    static MultiResponse read(Reader& reader);
    bool operator==(const MultiResponse&) const = default;
};

} // namespace zs::proto
