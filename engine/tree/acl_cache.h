#pragma once

#include "proto/records.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

namespace zs::tree {

// Stores each distinct ACL list once with a reference count (ZooKeeper's
// ReferenceCountedACLCache): most znodes share one of a handful of lists, so a node only keeps a
// 32-bit id.
class AclCache {
  public:
    // The id of `acl`, adding one reference.
    uint32_t acquire(const std::vector<proto::Acl>& acl);
    // Drops one reference; the list is forgotten when none is left.
    void release(uint32_t id);
    // Valid until the list is released.
    const std::vector<proto::Acl>& get(uint32_t id) const;
    // The list itself, shared: it outlives a release (a write in flight keeps the ACL it read).
    const std::shared_ptr<const std::vector<proto::Acl>>& share(uint32_t id) const;
    // Distinct lists in use.
    size_t size() const { return by_key_.size(); }
    // Adds `count` references to a list in use at once (restoring a snapshot, where acquiring
    // per node would re-encode the list for every node).
    void add_references(uint32_t id, uint64_t count);
    // Calls f(id, acl) for every list in use, in id order.
    template <class F> void for_each(F&& f) const {
        for (size_t id = 0; id < entries_.size(); ++id) {
            if (entries_[id].references != 0) {
                f(uint32_t(id), *entries_[id].acl);
            }
        }
    }

  private:
    struct Entry {
        std::shared_ptr<const std::vector<proto::Acl>> acl;
        uint64_t references = 0;
    };
    static std::string key_of(const std::vector<proto::Acl>& acl);

    std::deque<Entry> entries_; // a deque, so get() references survive later acquires
    std::vector<uint32_t> free_ids_;
    std::unordered_map<std::string, uint32_t> by_key_;
};

} // namespace zs::tree
