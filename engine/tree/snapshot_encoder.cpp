#include "tree/snapshot.h"
#include "tree/snapshot_format.h"

#include <cassert>
#include <type_traits>

namespace zs::tree {

using namespace snapshot_format;

SnapshotEncoder::SnapshotEncoder(DataTree& tree, std::vector<SessionRecord> sessions)
    : tree_(&tree), sessions_(std::move(sessions)), zxid_(tree.last_processed_zxid_) {
    assert(tree.snapshot_ == nullptr);
    tree.snapshot_ = this;
    // Every node now differs from the tree's mark: none has been written yet.
    tree.snapshot_mark_ = !tree.snapshot_mark_;

    buffer_.write_int(kMagic);
    buffer_.write_int(kVersion);
    buffer_.write_long(tree.last_processed_zxid_);
    buffer_.write_long(tree.data_size_);
    buffer_.write_long(int64_t(tree.node_count_));
    // Cache ids have gaps once lists are released; the snapshot numbers them densely.
    buffer_.write_vector_size(int32_t(tree.acls_.size()));
    uint32_t next_index = 0;
    tree.acls_.for_each([&](uint32_t id, const std::vector<proto::Acl>& acl) {
        acl_index_.resize(id + 1);
        acl_index_[id] = next_index++;
        buffer_.write_vector_size(int32_t(acl.size()));
        for (const proto::Acl& entry : acl) {
            entry.write(buffer_);
        }
    });
    pending_.push_back(tree.root_);
}

SnapshotEncoder::~SnapshotEncoder() {
    if (done_) {
        return;
    }
    // Marks the nodes still due, so that every node agrees with the tree's mark again.
    while (!pending_.empty()) {
        advance(nullptr);
    }
    tree_->snapshot_ = nullptr;
}

std::string SnapshotEncoder::next_chunk(size_t target_bytes) {
    // Room for the last record too, so the piece never grows by copying itself.
    buffer_.reserve(target_bytes + (size_t(64) << 10));
    while (!done_ && buffer_.size() < target_bytes) {
        if (pending_.empty()) {
            finish(buffer_);
        } else {
            advance(&buffer_);
        }
    }
    return buffer_.take();
}

void SnapshotEncoder::advance(proto::Writer* out) {
    const Node* node = pending_.back();
    pending_.pop_back();
    // A node still due has the old mark; one with the current mark was kept (its memory may
    // since have been freed, and reused by a newer node), so only those need a lookup.
    if (node->snapshot_mark_ == tree_->snapshot_mark_) {
        const auto kept = kept_.find(node);
        assert(kept != kept_.end());
        if (out != nullptr) {
            out->write_encoded(kept->second.record);
        }
        pending_.insert(pending_.end(), kept->second.children.begin(), kept->second.children.end());
        kept_.erase(kept);
        return;
    }
    // Unchanged since the start: its live state is the snapshot's.
    Node& live = const_cast<Node&>(*node); // the encoder holds the tree non-const
    live.snapshot_mark_ = tree_->snapshot_mark_;
    if (out != nullptr) {
        write_node(*out, live);
    }
    live.for_each_child([&](const Node& child) { pending_.push_back(&child); });
}

void SnapshotEncoder::keep(Node& node) {
    node.snapshot_mark_ = tree_->snapshot_mark_;
    Kept kept;
    proto::Writer record;
    write_node(record, node);
    kept.record = record.take();
    kept.children.reserve(node.child_count());
    node.for_each_child([&](const Node& child) { kept.children.push_back(&child); });
    [[maybe_unused]] const bool inserted = kept_.emplace(&node, std::move(kept)).second;
    assert(inserted); // a node is kept once; its memory is reused only by newer nodes
}

void SnapshotEncoder::write_node(proto::Writer& out, const Node& node) const {
    out.write_string(node.name());
    if (const std::optional<std::string_view> data = node.data()) {
        out.write_buffer(*data);
    } else {
        out.write_int(-1);
    }
    // The fixed-size fields, big-endian like every jute field, packed here and appended at once:
    // this is the hot loop of a snapshot.
    char fixed[kFixedNodeBytes];
    char* at = fixed;
    const auto put = [&at](auto value) {
        const auto bits = std::make_unsigned_t<decltype(value)>(value);
        for (int shift = int(sizeof(bits)) * 8 - 8; shift >= 0; shift -= 8) {
            *at++ = char(bits >> shift);
        }
    };
    put(node.czxid_);
    put(node.mzxid_);
    put(node.pzxid_);
    put(node.ctime_ms_);
    put(node.mtime_ms_);
    put(node.ephemeral_owner_);
    put(node.version_);
    put(node.cversion_);
    put(node.aversion_);
    put(int32_t(acl_index_[node.acl_id_]));
    *at++ = char(node.kind_);
    put(int32_t(node.child_count_));
    out.write_encoded(std::string_view(fixed, kFixedNodeBytes));
}

void SnapshotEncoder::finish(proto::Writer& out) {
    assert(kept_.empty());
    out.write_vector_size(int32_t(sessions_.size()));
    for (const SessionRecord& session : sessions_) {
        out.write_long(session.id);
        out.write_int(session.timeout_ms);
        for (uint8_t byte : session.password) {
            out.write_byte(byte);
        }
    }
    done_ = true;
    tree_->snapshot_ = nullptr;
}

std::string encode_snapshot(DataTree& tree, std::span<const SessionRecord> sessions) {
    SnapshotEncoder encoder(tree, {sessions.begin(), sessions.end()});
    std::string bytes;
    // Path names and data dominate; the fixed part of a node is under 96 bytes.
    bytes.reserve(size_t(tree.approximate_data_size()) + tree.node_count() * 96);
    while (!encoder.done()) {
        bytes += encoder.next_chunk(size_t(1) << 20);
    }
    return bytes;
}

} // namespace zs::tree
