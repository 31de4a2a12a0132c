#include "tree/snapshot.h"

#include "proto/jute.h"
#include "tree/path.h"

#include <bit>
#include <limits>

namespace zs::tree {
namespace {

constexpr int32_t kMagic = 0x5A534E50; // "ZSNP"
constexpr int32_t kVersion = 1;
// The smallest encoded node: empty name, null data, 6 longs, 5 ints and the kind byte. Counts
// read from the input are checked against it before anything is allocated for them.
constexpr size_t kMinNodeBytes = 4 + 4 + 6 * 8 + 5 * 4 + 1;

} // namespace

// Reads and writes DataTree and Node internals, so restoring a tree is a straight rebuild of its
// structures instead of replaying creates.
class SnapshotCodec {
  public:
    static std::string encode(const DataTree& tree, std::span<const SessionRecord> sessions);
    static std::optional<Snapshot> decode(std::string_view bytes);

  private:
    // One node whose children are still being read, and the length of its path.
    struct Frame {
        Node* node;
        uint32_t children_left;
        size_t path_size;
    };

    static void write_node(proto::Writer& writer, const Node& node, uint32_t acl_index);
    // Reads one node into a new node of `tree`; nullptr when malformed.
    static Node* read_node(proto::Reader& reader, DataTree& tree,
                           const std::vector<uint32_t>& acl_ids, std::vector<uint64_t>& acl_refs,
                           uint32_t& children);
    // Files a restored node in the tree's indexes under its full path.
    static void index_node(DataTree& tree, const Node& node, const std::string& path,
                           size_t parent_size);
};

std::string SnapshotCodec::encode(const DataTree& tree, std::span<const SessionRecord> sessions) {
    proto::Writer writer;
    // Path names and data dominate; the fixed part of a node (stat, ACL index, lengths) is under
    // 96 bytes.
    writer.reserve(static_cast<size_t>(tree.data_size_) + tree.node_count_ * 96);
    writer.write_int(kMagic);
    writer.write_int(kVersion);
    writer.write_long(tree.last_processed_zxid_);
    writer.write_long(tree.data_size_);
    writer.write_long(int64_t(tree.node_count_));

    // Cache ids have gaps once lists are released; the snapshot numbers them densely.
    std::vector<uint32_t> acl_index;
    writer.write_vector_size(int32_t(tree.acls_.size()));
    uint32_t next_index = 0;
    tree.acls_.for_each([&](uint32_t id, const std::vector<proto::Acl>& acl) {
        acl_index.resize(id + 1);
        acl_index[id] = next_index++;
        writer.write_vector_size(int32_t(acl.size()));
        for (const proto::Acl& entry : acl) {
            entry.write(writer);
        }
    });

    // Pre-order, each node followed by its whole subtree; an explicit stack because a chain of
    // nodes can be far deeper than the call stack.
    std::vector<const Node*> pending{tree.root_};
    while (!pending.empty()) {
        const Node* node = pending.back();
        pending.pop_back();
        write_node(writer, *node, acl_index[node->acl_id_]);
        node->for_each_child([&](const Node& child) { pending.push_back(&child); });
    }

    writer.write_vector_size(int32_t(sessions.size()));
    for (const SessionRecord& session : sessions) {
        writer.write_long(session.id);
        writer.write_int(session.timeout_ms);
        for (uint8_t byte : session.password) {
            writer.write_byte(byte);
        }
    }
    return writer.take();
}

void SnapshotCodec::write_node(proto::Writer& writer, const Node& node, uint32_t acl_index) {
    writer.write_string(node.name());
    if (const std::optional<std::string_view> data = node.data()) {
        writer.write_buffer(*data);
    } else {
        writer.write_int(-1);
    }
    writer.write_long(node.czxid_);
    writer.write_long(node.mzxid_);
    writer.write_long(node.pzxid_);
    writer.write_long(node.ctime_ms_);
    writer.write_long(node.mtime_ms_);
    writer.write_long(node.ephemeral_owner_);
    writer.write_int(node.version_);
    writer.write_int(node.cversion_);
    writer.write_int(node.aversion_);
    writer.write_int(int32_t(acl_index));
    writer.write_byte(uint8_t(node.kind_));
    writer.write_int(int32_t(node.child_count_));
}

Node* SnapshotCodec::read_node(proto::Reader& reader, DataTree& tree,
                               const std::vector<uint32_t>& acl_ids,
                               std::vector<uint64_t>& acl_refs, uint32_t& children) {
    const std::optional<std::string> name = reader.read_string();
    const std::optional<std::string> data = reader.read_buffer();
    Node* node = tree.allocate_node();
    node->czxid_ = reader.read_long();
    node->mzxid_ = reader.read_long();
    node->pzxid_ = reader.read_long();
    node->ctime_ms_ = reader.read_long();
    node->mtime_ms_ = reader.read_long();
    node->ephemeral_owner_ = reader.read_long();
    node->version_ = reader.read_int();
    node->cversion_ = reader.read_int();
    node->aversion_ = reader.read_int();
    const int32_t acl_index = reader.read_int();
    const uint8_t kind = reader.read_byte();
    const int32_t child_count = reader.read_int();
    if (!reader.ok() || !name || name->find('/') != std::string::npos || acl_index < 0 ||
        size_t(acl_index) >= acl_ids.size() || kind > uint8_t(NodeKind::ttl) || child_count < 0 ||
        size_t(child_count) > reader.remaining() / kMinNodeBytes) {
        return nullptr;
    }
    node->set_name_and_data(*name, data ? std::optional<std::string_view>(*data) : std::nullopt);
    node->acl_id_ = acl_ids[size_t(acl_index)];
    ++acl_refs[size_t(acl_index)];
    node->kind_ = NodeKind(kind);
    children = uint32_t(child_count);
    if (children != 0) {
        // Sized once, so that adding the children never rehashes (add_child grows at 3/4 load).
        const size_t slots = std::bit_ceil((size_t(children) * 4 + 2) / 3);
        node->resize_slots(uint8_t(std::countr_zero(slots)));
    }
    ++tree.node_count_;
    return node;
}

void SnapshotCodec::index_node(DataTree& tree, const Node& node, const std::string& path,
                               size_t parent_size) {
    switch (node.kind_) {
    case NodeKind::ephemeral:
        tree.ephemerals_[node.ephemeral_owner_].insert(path);
        ++tree.ephemeral_count_;
        break;
    case NodeKind::container:
        tree.containers_.insert(path);
        break;
    case NodeKind::ttl:
        tree.ttls_.insert(path);
        break;
    case NodeKind::persistent:
        break;
    }
    const std::string_view parent_path = std::string_view(path).substr(0, parent_size);
    if (node.name() == kQuotaLimitNode && parent_path.starts_with(kQuotaRoot)) {
        tree.quotas_.add(parent_path.substr(kQuotaRoot.size()));
    }
}

std::optional<Snapshot> SnapshotCodec::decode(std::string_view bytes) {
    proto::Reader reader(bytes, std::numeric_limits<int32_t>::max());
    if (reader.read_int() != kMagic || reader.read_int() != kVersion) {
        return std::nullopt;
    }
    Snapshot out;
    DataTree& tree = out.tree;
    tree.pool_.clear();
    tree.free_nodes_.clear();
    tree.acls_ = AclCache();
    tree.node_count_ = 0;
    tree.last_processed_zxid_ = reader.read_long();
    tree.data_size_ = reader.read_long();
    const int64_t node_total = reader.read_long();

    std::vector<uint32_t> acl_ids(size_t(reader.read_vector_size()));
    for (uint32_t& id : acl_ids) {
        std::vector<proto::Acl> acl(size_t(reader.read_vector_size()));
        for (proto::Acl& entry : acl) {
            entry = proto::Acl::read(reader);
        }
        id = tree.acls_.acquire(acl);
    }
    std::vector<uint64_t> acl_refs(acl_ids.size());

    uint32_t children = 0;
    tree.root_ = read_node(reader, tree, acl_ids, acl_refs, children);
    if (tree.root_ == nullptr || !tree.root_->name().empty()) {
        return std::nullopt;
    }
    std::string path; // of the node being read; the root's is "" so that children get "/name"
    std::vector<Frame> frames{{tree.root_, children, 0}};
    while (!frames.empty()) {
        Frame& frame = frames.back();
        if (frame.children_left == 0) {
            frames.pop_back();
            continue;
        }
        --frame.children_left;
        Node* parent = frame.node;
        const size_t parent_size = frame.path_size;
        Node* node = read_node(reader, tree, acl_ids, acl_refs, children);
        if (node == nullptr || node->name().empty() || parent->child(node->name()) != nullptr) {
            return std::nullopt;
        }
        parent->add_child(node);
        path.resize(parent_size);
        path += '/';
        path += node->name();
        index_node(tree, *node, path, parent_size);
        if (children != 0) {
            frames.push_back(Frame{node, children, path.size()});
        }
    }

    out.sessions.resize(size_t(reader.read_vector_size()));
    for (SessionRecord& session : out.sessions) {
        session.id = reader.read_long();
        session.timeout_ms = reader.read_int();
        for (uint8_t& byte : session.password) {
            byte = reader.read_byte();
        }
    }
    if (!reader.ok() || !reader.at_end() || node_total != int64_t(tree.node_count_)) {
        return std::nullopt;
    }
    for (size_t i = 0; i < acl_ids.size(); ++i) {
        if (acl_refs[i] == 0) {
            tree.acls_.release(acl_ids[i]);
        } else {
            tree.acls_.add_references(acl_ids[i], acl_refs[i] - 1);
        }
    }
    return out;
}

std::string encode_snapshot(const DataTree& tree, std::span<const SessionRecord> sessions) {
    return SnapshotCodec::encode(tree, sessions);
}

std::optional<Snapshot> decode_snapshot(std::string_view bytes) {
    return SnapshotCodec::decode(bytes);
}

} // namespace zs::tree
