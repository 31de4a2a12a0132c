#include "tree/node.h"

#include <cassert>
#include <cstring>
#include <functional>

namespace zs::tree {
namespace {

static_assert(sizeof(uintptr_t) == 8, "slots keep a hash tag above 48-bit addresses");
constexpr int kTagShift = 48;
constexpr uintptr_t kAddressMask = (uintptr_t(1) << kTagShift) - 1;

uint64_t name_hash(std::string_view name) {
    return std::hash<std::string_view>{}(name);
}

uintptr_t tag_of(uint64_t hash) {
    return uintptr_t(hash >> kTagShift) << kTagShift;
}

uintptr_t slot_value(Node* node, uint64_t hash) {
    const auto address = reinterpret_cast<uintptr_t>(node);
    assert((address & ~kAddressMask) == 0); // user-space addresses fit in 48 bits
    return address | tag_of(hash);
}

} // namespace

std::optional<std::string_view> Node::data() const {
    if (!has_data_) {
        return std::nullopt;
    }
    return std::string_view(block_.get() + name_size_, data_size_);
}

Node* Node::slot_node(size_t slot) const {
    return reinterpret_cast<Node*>(slots_[slot] & kAddressMask);
}

size_t Node::find_slot(std::string_view name, uint64_t hash) const {
    const size_t mask = slot_count() - 1;
    const uintptr_t tag = tag_of(hash);
    size_t slot = hash & mask;
    while (slots_[slot] != 0 &&
           ((slots_[slot] & ~kAddressMask) != tag || slot_node(slot)->name() != name)) {
        slot = (slot + 1) & mask;
    }
    return slot;
}

const Node* Node::child(std::string_view name) const {
    if (child_count_ == 0) {
        return nullptr;
    }
    return slot_node(find_slot(name, name_hash(name)));
}

void Node::set_name_and_data(std::string_view name, std::optional<std::string_view> data) {
    const size_t data_size = data ? data->size() : 0;
    std::unique_ptr<char[]> block;
    if (name.size() + data_size != 0) {
        block = std::make_unique_for_overwrite<char[]>(name.size() + data_size);
        std::memcpy(block.get(), name.data(), name.size());
        if (data_size != 0) {
            std::memcpy(block.get() + name.size(), data->data(), data_size);
        }
    }
    block_ = std::move(block);
    name_size_ = uint32_t(name.size());
    data_size_ = uint32_t(data_size);
    has_data_ = data.has_value();
}

void Node::set_data(std::optional<std::string_view> data) {
    if (data && data->size() == data_size_ && !data->empty()) {
        std::memcpy(block_.get() + name_size_, data->data(), data->size());
        has_data_ = true;
        return;
    }
    set_name_and_data(name(), data);
}

void Node::resize_slots(uint8_t bits) {
    const size_t old_count = slot_count();
    std::unique_ptr<uintptr_t[]> old = std::move(slots_);
    slot_bits_ = bits;
    slots_ = bits == 0 ? nullptr : std::make_unique<uintptr_t[]>(slot_count());
    for (size_t i = 0; i < old_count; ++i) {
        if (old[i] != 0) {
            Node* child = reinterpret_cast<Node*>(old[i] & kAddressMask);
            const uint64_t hash = name_hash(child->name());
            slots_[find_slot(child->name(), hash)] = slot_value(child, hash);
        }
    }
}

void Node::add_child(Node* child) {
    // Grow at 3/4 load so probe sequences stay short.
    if ((size_t(child_count_) + 1) * 4 > slot_count() * 3) {
        resize_slots(slot_bits_ == 0 ? 1 : uint8_t(slot_bits_ + 1));
    }
    const uint64_t hash = name_hash(child->name());
    const size_t slot = find_slot(child->name(), hash);
    assert(slots_[slot] == 0);
    slots_[slot] = slot_value(child, hash);
    ++child_count_;
}

Node* Node::remove_child(std::string_view name) {
    if (child_count_ == 0) {
        return nullptr;
    }
    size_t hole = find_slot(name, name_hash(name));
    Node* removed = slot_node(hole);
    if (removed == nullptr) {
        return nullptr;
    }
    // Backward-shift deletion: move later members of the probe run into the hole so lookups
    // never need tombstones.
    const size_t mask = slot_count() - 1;
    slots_[hole] = 0;
    for (size_t next = (hole + 1) & mask; slots_[next] != 0; next = (next + 1) & mask) {
        const size_t home = name_hash(slot_node(next)->name()) & mask;
        // The entry may move to the hole only if its home is not inside (hole, next].
        const bool home_in_range =
            hole <= next ? (home > hole && home <= next) : (home > hole || home <= next);
        if (!home_in_range) {
            slots_[hole] = slots_[next];
            slots_[next] = 0;
            hole = next;
        }
    }
    --child_count_;
    // Shrink after mass deletions so a once-huge directory does not keep its table.
    if (child_count_ == 0) {
        resize_slots(0);
    } else if (slot_bits_ > 3 && size_t(child_count_) * 8 < slot_count()) {
        resize_slots(uint8_t(slot_bits_ - 1));
    }
    return removed;
}

void Node::reset() {
    *this = Node();
}

} // namespace zs::tree
