#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

namespace zs::tree {

class DataTree;

// What a znode is, fixed when it is created.
enum class NodeKind : uint8_t { persistent, ephemeral, container, ttl };

// One znode. Kept small because a tree holds millions of them: the name and the data share one
// heap block, the ACL is an index into the tree's ACL cache, and the children live in an
// open-addressing table of pointers (empty for leaves) instead of a per-node hash set.
class Node {
  public:
    std::string_view name() const { return {block_.get(), name_size_}; }
    // nullopt for a node whose data is null (a client sent a -1 length).
    std::optional<std::string_view> data() const;
    NodeKind kind() const { return kind_; }
    int32_t version() const { return version_; }
    // The stored child version: how many children were ever created here. Clients see
    // 2 * stored - numChildren (DataTree::stat_of).
    int32_t stored_cversion() const { return cversion_; }
    int32_t aversion() const { return aversion_; }
    // The raw owner: a session id, kContainerOwner or kTtlOwnerMask | ttl.
    int64_t ephemeral_owner() const { return ephemeral_owner_; }
    int64_t mtime_ms() const { return mtime_ms_; }
    uint32_t child_count() const { return child_count_; }

    const Node* child(std::string_view name) const;
    // Calls f(const Node&) for every child, in no particular order.
    template <class F> void for_each_child(F&& f) const {
        const size_t slots = slot_count();
        for (size_t i = 0; i < slots; ++i) {
            if (slots_[i] != 0) {
                f(*slot_node(i));
            }
        }
    }

  private:
    friend class DataTree;
    friend class SnapshotEncoder; // writes every field (tree/snapshot_encoder.cpp)
    friend class SnapshotDecoder; // rebuilds every field (tree/snapshot_decoder.cpp)

    size_t slot_count() const { return slot_bits_ == 0 ? 0 : size_t(1) << slot_bits_; }
    Node* slot_node(size_t slot) const;
    // The slot holding `name` (whose hash is `hash`), or the empty slot where its probe
    // sequence ends.
    size_t find_slot(std::string_view name, uint64_t hash) const;
    void set_name_and_data(std::string_view name, std::optional<std::string_view> data);
    // set_name_and_data with the same name; data of the same size is written in place, which
    // is what most setData calls need.
    void set_data(std::optional<std::string_view> data);
    void add_child(Node* child);
    Node* remove_child(std::string_view name);
    void resize_slots(uint8_t bits);
    // Back to a default-constructed node, releasing its memory.
    void reset();

    int64_t czxid_ = 0;
    int64_t mzxid_ = 0;
    int64_t pzxid_ = 0;
    int64_t ctime_ms_ = 0;
    int64_t mtime_ms_ = 0;
    int64_t ephemeral_owner_ = 0;
    int32_t version_ = 0;
    int32_t cversion_ = 0;
    int32_t aversion_ = 0;
    uint32_t acl_id_ = 0;
    std::unique_ptr<char[]> block_; // name bytes, then data bytes
    uint32_t name_size_ = 0;
    uint32_t data_size_ = 0;
    // Linear probing; capacity 2^slot_bits_ (0 = no table). A slot holds a child's address in its
    // low 48 bits and the top 16 bits of its name's hash above them (0: empty), so a probe
    // passes other children without reading them.
    std::unique_ptr<uintptr_t[]> slots_;
    uint32_t child_count_ = 0;
    uint8_t slot_bits_ = 0;
    NodeKind kind_ = NodeKind::persistent;
    bool has_data_ = false;
    // Equal to the tree's snapshot mark once the running snapshot has this node's state (or the
    // node is newer than the snapshot): see DataTree::before_change.
    bool snapshot_mark_ = false;
};

} // namespace zs::tree
