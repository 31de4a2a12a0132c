#pragma once

#include "proto/jute.h"
#include "tree/data_tree.h"

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// The byte form of a whole DataTree and the sessions alive with it: what a snapshot stores.
// Every node (path, data incl. null, ACL, all stat fields with the stored cversion, ephemeral
// owner and kind), the ACL lists, the tree's counters and the sessions; watches are not part of
// it. The nodes come in pre-order, each with its child count, so a tree is rebuilt in one pass.
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

// Encodes a tree exactly as it was when the encoder was made, in pieces, while the tree goes on
// changing between them: a server snapshots a large tree without pausing its clients for longer
// than one piece takes. Before a node the encoder has not written yet changes, the tree hands it
// to keep(), which encodes it there and then and remembers its children of that moment; nodes
// created after the start are never written. A tree has at most one encoder at a time, and must
// outlive it.
class SnapshotEncoder {
  public:
    SnapshotEncoder(DataTree& tree, std::vector<SessionRecord> sessions);
    // Stops early if the snapshot is not done, leaving the tree ready for the next one.
    ~SnapshotEncoder();
    SnapshotEncoder(const SnapshotEncoder&) = delete;
    SnapshotEncoder& operator=(const SnapshotEncoder&) = delete;

    // The last txn the snapshot includes.
    int64_t zxid() const { return zxid_; }
    bool done() const { return done_; }
    // The next piece: whole records, at least `target_bytes` of them unless it is the last
    // piece. Concatenated in order, the pieces are one snapshot. Empty once done().
    std::string next_chunk(size_t target_bytes);

  private:
    friend class DataTree;

    // A node's record and its children as they were when the snapshot started.
    struct Kept {
        std::string record;
        std::vector<const Node*> children;
    };

    // Called by the tree before a node the snapshot still needs changes or is freed.
    void keep(Node& node);
    // Takes the next node in pre-order off the stack; writes its record unless `out` is null.
    void advance(proto::Writer* out);
    void write_node(proto::Writer& out, const Node& node) const;
    void finish(proto::Writer& out);

    DataTree* tree_;
    std::vector<SessionRecord> sessions_;
    int64_t zxid_ = 0;
    // ACL cache id -> its index in the snapshot's ACL table, as of the start.
    std::vector<uint32_t> acl_index_;
    // Nodes still to write, top last: live ones that have not changed since the start, and
    // nodes in kept_ (which may since have been freed and their memory reused).
    std::vector<const Node*> pending_;
    std::unordered_map<const Node*, Kept> kept_;
    proto::Writer buffer_; // the next piece so far
    bool done_ = false;
};

// Rebuilds a tree from a snapshot's pieces, fed in order. A piece must hold whole records, as
// the encoder cuts them. Anything malformed makes the decoder fail for good.
class SnapshotDecoder {
  public:
    // `total_bytes`: the size of the whole snapshot, which bounds the counts it declares.
    explicit SnapshotDecoder(size_t total_bytes);

    // False once anything fed so far is malformed.
    bool feed(std::string_view chunk);
    // The tree and sessions, indistinguishable from the encoded ones (stats, children, ACLs,
    // ephemerals, node count, approximate data size, last processed zxid; quotas re-derived from
    // the limits nodes); nullopt when the input was malformed or incomplete.
    std::optional<Snapshot> finish();

  private:
    // A node whose children are still to come, and the length of its path.
    struct Frame {
        Node* node;
        uint32_t children_left;
        size_t path_size;
    };

    // The counters and the ACL table, then the root, which may come in the next piece.
    bool read_header(proto::Reader& reader);
    bool read_root(proto::Reader& reader);
    // Reads one node into a new node of the tree; nullptr when malformed. `children` is its
    // declared child count.
    Node* read_node(proto::Reader& reader, uint32_t& children);
    bool read_child(proto::Reader& reader);
    bool read_sessions(proto::Reader& reader);
    // Files a restored node in the tree's indexes under its full path.
    void index_node(const Node& node, size_t parent_size);

    Snapshot out_;
    size_t total_bytes_;
    bool failed_ = false;
    bool header_read_ = false;
    bool sessions_read_ = false;
    int64_t node_total_ = 0;
    // Nodes declared by the child counts read so far but not read yet.
    int64_t nodes_promised_ = 0;
    std::vector<uint32_t> acl_ids_;  // snapshot ACL index -> cache id
    std::vector<uint64_t> acl_refs_; // nodes using each
    std::string path_;               // of the node being read
    std::vector<Frame> frames_;
};

// The whole snapshot of `tree` as one string (tests and tools; a server uses the encoder).
std::string encode_snapshot(DataTree& tree, std::span<const SessionRecord> sessions);

// The tree and sessions of a whole snapshot held in one string.
std::optional<Snapshot> decode_snapshot(std::string_view bytes);

} // namespace zs::tree
