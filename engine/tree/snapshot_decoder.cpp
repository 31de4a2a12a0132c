#include "tree/path.h"
#include "tree/snapshot.h"
#include "tree/snapshot_format.h"

#include <bit>
#include <limits>

namespace zs::tree {

using namespace snapshot_format;

SnapshotDecoder::SnapshotDecoder(size_t total_bytes) : total_bytes_(total_bytes) {
    DataTree& tree = out_.tree;
    tree.pool_.clear();
    tree.free_nodes_.clear();
    tree.acls_ = AclCache();
    tree.node_count_ = 0;
    tree.root_ = nullptr;
}

bool SnapshotDecoder::feed(std::string_view chunk) {
    if (failed_) {
        return false;
    }
    proto::Reader reader(chunk, std::numeric_limits<int32_t>::max());
    bool ok = header_read_ || read_header(reader);
    while (ok && reader.ok() && !reader.at_end()) {
        if (out_.tree.root_ == nullptr) {
            ok = read_root(reader);
        } else if (!frames_.empty()) {
            ok = read_child(reader);
        } else if (!sessions_read_) {
            ok = read_sessions(reader);
        } else {
            ok = false; // bytes after the end
        }
    }
    failed_ = !ok || !reader.ok();
    return !failed_;
}

bool SnapshotDecoder::read_header(proto::Reader& reader) {
    if (reader.read_int() != kMagic || reader.read_int() != kVersion) {
        return false;
    }
    DataTree& tree = out_.tree;
    tree.last_processed_zxid_ = reader.read_long();
    tree.data_size_ = reader.read_long();
    node_total_ = reader.read_long();
    if (node_total_ < 1 || uint64_t(node_total_) > total_bytes_ / kMinNodeBytes) {
        return false;
    }
    acl_ids_.resize(size_t(reader.read_vector_size()));
    for (uint32_t& id : acl_ids_) {
        std::vector<proto::Acl> acl(size_t(reader.read_vector_size()));
        for (proto::Acl& entry : acl) {
            entry = proto::Acl::read(reader);
        }
        id = tree.acls_.acquire(acl);
    }
    acl_refs_.assign(acl_ids_.size(), 0);
    header_read_ = true;
    return reader.ok();
}

bool SnapshotDecoder::read_root(proto::Reader& reader) {
    DataTree& tree = out_.tree;
    uint32_t children = 0;
    tree.root_ = read_node(reader, children);
    if (tree.root_ == nullptr || !tree.root_->name().empty()) {
        return false;
    }
    path_.clear(); // the root's path is "" so that its children get "/name"
    if (children != 0) {
        frames_.push_back(Frame{tree.root_, children, 0});
    }
    return true;
}

Node* SnapshotDecoder::read_node(proto::Reader& reader, uint32_t& children) {
    DataTree& tree = out_.tree;
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
    ++tree.node_count_;
    const int64_t undeclared = node_total_ - int64_t(tree.node_count_) - nodes_promised_;
    if (!reader.ok() || !name || name->find('/') != std::string::npos || acl_index < 0 ||
        size_t(acl_index) >= acl_ids_.size() || kind > uint8_t(NodeKind::ttl) || child_count < 0 ||
        child_count > undeclared) {
        return nullptr;
    }
    node->set_name_and_data(*name, data ? std::optional<std::string_view>(*data) : std::nullopt);
    node->acl_id_ = acl_ids_[size_t(acl_index)];
    ++acl_refs_[size_t(acl_index)];
    node->kind_ = NodeKind(kind);
    children = uint32_t(child_count);
    nodes_promised_ += child_count;
    if (children != 0) {
        // Sized once, so that adding the children never rehashes (add_child grows at 3/4 load).
        const size_t slots = std::bit_ceil((size_t(children) * 4 + 2) / 3);
        node->resize_slots(uint8_t(std::countr_zero(slots)));
    }
    return node;
}

bool SnapshotDecoder::read_child(proto::Reader& reader) {
    Frame& frame = frames_.back();
    --frame.children_left;
    --nodes_promised_;
    Node* parent = frame.node;
    const size_t parent_size = frame.path_size;
    uint32_t children = 0;
    Node* node = read_node(reader, children);
    if (node == nullptr || node->name().empty() || parent->child(node->name()) != nullptr) {
        return false;
    }
    parent->add_child(node);
    path_.resize(parent_size);
    path_ += '/';
    path_ += node->name();
    index_node(*node, parent_size);
    if (children != 0) {
        frames_.push_back(Frame{node, children, path_.size()});
    }
    // Done with every subtree that this node completes.
    while (!frames_.empty() && frames_.back().children_left == 0) {
        frames_.pop_back();
    }
    return true;
}

void SnapshotDecoder::index_node(const Node& node, size_t parent_size) {
    DataTree& tree = out_.tree;
    switch (node.kind_) {
    case NodeKind::ephemeral:
        tree.ephemerals_[node.ephemeral_owner_].insert(path_);
        ++tree.ephemeral_count_;
        break;
    case NodeKind::container:
        tree.containers_.insert(path_);
        break;
    case NodeKind::ttl:
        tree.ttls_.insert(path_);
        break;
    case NodeKind::persistent:
        break;
    }
    const std::string_view parent_path = std::string_view(path_).substr(0, parent_size);
    if (node.name() == kQuotaLimitNode && parent_path.starts_with(kQuotaRoot)) {
        tree.quotas_.add(parent_path.substr(kQuotaRoot.size()));
    }
}

bool SnapshotDecoder::read_sessions(proto::Reader& reader) {
    out_.sessions.resize(size_t(reader.read_vector_size()));
    for (SessionRecord& session : out_.sessions) {
        session.id = reader.read_long();
        session.timeout_ms = reader.read_int();
        for (uint8_t& byte : session.password) {
            byte = reader.read_byte();
        }
    }
    sessions_read_ = true;
    return reader.ok();
}

std::optional<Snapshot> SnapshotDecoder::finish() {
    DataTree& tree = out_.tree;
    if (failed_ || tree.root_ == nullptr || !sessions_read_ ||
        node_total_ != int64_t(tree.node_count_)) {
        return std::nullopt;
    }
    for (size_t i = 0; i < acl_ids_.size(); ++i) {
        if (acl_refs_[i] == 0) {
            tree.acls_.release(acl_ids_[i]);
        } else {
            tree.acls_.add_references(acl_ids_[i], acl_refs_[i] - 1);
        }
    }
    failed_ = true; // the result is handed over once
    return std::move(out_);
}

std::optional<Snapshot> decode_snapshot(std::string_view bytes) {
    SnapshotDecoder decoder(bytes.size());
    decoder.feed(bytes);
    return decoder.finish();
}

} // namespace zs::tree
