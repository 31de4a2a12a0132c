#pragma once

// Export, import and removal of znode subtrees, for zooctl and the desktop app (plain C++, no
// Qt).
//
// Two formats carry the same content:
//  - json: JSON Lines. Line 1 is the header
//      {"format":"zooscope-export","version":1,"root":"/app","server":"127.0.0.1:2181",
//       "time":"2026-11-29T21:00:00Z"}
//    and every further line one node, parents before children:
//      {"path":"cfg","kind":"persistent","data":"hello","acl":[{"scheme":"world",
//       "id":"anyone","perms":"cdrwa"}],"stat":{...}}
//    "path" is relative to the root ("" is the root itself); "data" is a string (UTF-8 text),
//    a base64 string with "encoding":"base64", or null (null data, unlike ""); "kind" is
//    persistent, container, ttl (with "ttl" in ms when known) or ephemeral; "stat" is for
//    information only. One line per node, so writing and reading both stream.
//  - dir: a directory per znode; its data in the file "@data" (absent when the data is null),
//    and {"kind", "ttl", "acl", "stat"} in "@meta.json" (the root's also holds the header
//    fields). A child whose name starts with '@' is stored as '@' + name.
//
// Both functions are synchronous: they wait on the client's replies, so they must not run on
// the client's executor (the I/O thread).
#include "client/client.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zs::transfer {

// Limits an import file must keep (checked before anything is written).
inline constexpr size_t kMaxDataBytes = 0xfffff;      // jute.maxbuffer's default
inline constexpr uint64_t kMaxFileBytes = 1ull << 30; // 1 GiB (json file; dir: summed files)
inline constexpr size_t kMaxLineBytes = 8u << 20;     // one node line of a json file
inline constexpr size_t kMaxNodes = 2'000'000;        // nodes in one file
inline constexpr size_t kMaxDepth = 1000;             // segments of a relative path
inline constexpr size_t kMaxJsonNesting = 8;          // brackets open at once on a line
inline constexpr size_t kMaxAclEntries = 1024;        // per node

enum class Format { json, dir };
enum class Kind { persistent, container, ttl, ephemeral };
const char* to_string(Kind kind);

// One znode of an export.
struct Node {
    std::string path; // relative to the root: "" for the root, "a/b" below it
    std::optional<std::string> data;
    std::vector<proto::Acl> acl;
    Kind kind = Kind::persistent;
    int64_t ttl_ms = -1; // for Kind::ttl, when known
    proto::Stat stat;
    std::string origin; // where an import read it ("line 7", a directory), for messages
};

// What an export file holds.
struct Source {
    std::string root;   // the exported path
    std::string server; // where it came from
    std::string time;   // when (ISO 8601, UTC)
    std::vector<Node> nodes;
};

// (nodes done, nodes known so far).
using Progress = std::function<void(uint64_t, uint64_t)>;

enum class Status {
    ok,
    zookeeper, // the server refused a request (err says how)
    bad_input, // an unusable import file, or an export destination that exists
    io,        // reading or writing a file failed
    cancelled,
};

struct ExportOptions {
    Format format = Format::json;
    bool include_ephemerals = false;
    size_t window = 1024; // requests outstanding at once
    std::string server;   // written into the header
};

struct ExportResult {
    Status status = Status::ok;
    std::string error; // one line, when status != ok
    proto::ErrorCode err = proto::ErrorCode::ok;
    std::string subject; // the znode path the server refused, with err
    uint64_t nodes = 0;
    uint64_t ephemerals_skipped = 0;
};

// Writes the subtree under `root` to `destination` (a file for json, a directory for dir),
// through a temporary sibling renamed into place at the end: a failed or cancelled export
// leaves nothing behind. `cancel` (may be null) is checked between batches.
ExportResult export_tree(client::Client& client, const std::string& root,
                         const ExportOptions& options, const std::filesystem::path& destination,
                         const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);

// Reads the subtree under `root` as export_tree does (pipelined, parents before children, children
// by name) and hands each node to `visit`; a message from it stops the walk (Status::io).
using Visitor = std::function<std::optional<std::string>(Node&&)>;
ExportResult visit_tree(client::Client& client, const std::string& root,
                        const ExportOptions& options, const Visitor& visit,
                        const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);

// The same walk, into memory (for copies).
ExportResult read_tree(client::Client& client, const std::string& root,
                       const ExportOptions& options, Source& out, const Progress& progress = {},
                       const std::atomic<bool>* cancel = nullptr);

enum class OnConflict { skip, overwrite, fail };

struct ImportResult {
    Status status = Status::ok;
    std::string error;
    proto::ErrorCode err = proto::ErrorCode::ok;
    std::string subject; // the znode path the server refused, with err
    uint64_t created = 0;
    uint64_t skipped = 0;
    uint64_t overwritten = 0;
    uint64_t ephemerals_as_persistent = 0; // ephemeral nodes in the file, created persistent
    uint64_t kinds_downgraded = 0; // containers/TTL nodes the server refused, made persistent
};

// The parsers: the whole source read and validated, or one line naming the problem (and the
// line or node). Nothing touches a server.
std::variant<Source, std::string> parse_json(std::string_view text);
std::variant<Source, std::string> read_dir(const std::filesystem::path& directory);
// A json file or a dir-format directory.
std::variant<Source, std::string> read_source(const std::filesystem::path& source);
// Checks what both parsers produce: relative paths (no "..", ".", empty segment or leading '/',
// valid under `target` by tree::validate_path), duplicates, every parent present, sizes, ACLs.
std::optional<std::string> validate(const Source& source, const std::string& target = "/x");

// Reads and validates all of `source` first (nothing is written when it is bad), then creates
// the nodes under `target` (the file's root becomes `target`), parents before children.
ImportResult import_tree(client::Client& client, const std::filesystem::path& source,
                         const std::string& target, OnConflict on_conflict,
                         const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);
ImportResult import_nodes(client::Client& client, const Source& source, const std::string& target,
                          OnConflict on_conflict, const Progress& progress = {},
                          const std::atomic<bool>* cancel = nullptr);

struct RemoveResult {
    Status status = Status::ok;
    std::string error;
    proto::ErrorCode err = proto::ErrorCode::ok;
    std::string subject; // the znode path the server refused, with err
    uint64_t removed = 0;
};

// Deletes `root` and everything below it: the subtree is listed (pipelined), then removed
// children before parents. Nodes that others delete meanwhile are passed over; a node that
// gains a child meanwhile is listed and removed again (a few rounds, then NotEmpty). `cancel`
// stops it between replies; what was removed stays removed.
RemoveResult remove_tree(client::Client& client, const std::string& root,
                         const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);

struct CopyResult {
    Status status = Status::ok;
    std::string error;
    proto::ErrorCode err = proto::ErrorCode::ok;
    std::string subject; // the znode path the server refused, with err
    uint64_t copied = 0;
    uint64_t removed = 0;            // move: nodes removed from the source
    uint64_t ephemerals_skipped = 0; // copy: ephemeral nodes left out
};

// Copies the subtree at `from` to `to`, which must not exist (its parent must): everything is
// read first, then created parents first with its data and ACLs. Ephemeral nodes belong to
// their sessions and are left out. Containers and TTL nodes come out persistent: servers report
// them to clients as persistent. Not atomic: a failure leaves what was created so far.
CopyResult copy_tree(client::Client& client, const std::string& from, const std::string& to,
                     const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);
// copy_tree, then remove_tree(from). Refused before anything is written when the subtree holds
// ephemeral nodes (they would be lost) or `to` lies inside `from`. When the removal fails, both
// subtrees exist, and the error says so.
CopyResult move_tree(client::Client& client, const std::string& from, const std::string& to,
                     const Progress& progress = {}, const std::atomic<bool>* cancel = nullptr);

} // namespace zs::transfer
