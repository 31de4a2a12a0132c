#include "tree/acl_cache.h"

#include "proto/jute.h"

#include <cassert>

namespace zs::tree {

std::string AclCache::key_of(const std::vector<proto::Acl>& acl) {
    // The jute encoding is unambiguous (every string is length-prefixed), so it is a fine key.
    proto::Writer writer;
    writer.write_vector_size(int32_t(acl.size()));
    for (const proto::Acl& entry : acl) {
        entry.write(writer);
    }
    return writer.take();
}

uint32_t AclCache::acquire(const std::vector<proto::Acl>& acl) {
    std::string key = key_of(acl);
    if (const auto it = by_key_.find(key); it != by_key_.end()) {
        ++entries_[it->second].references;
        return it->second;
    }
    uint32_t id = 0;
    if (free_ids_.empty()) {
        id = uint32_t(entries_.size());
        entries_.emplace_back();
    } else {
        id = free_ids_.back();
        free_ids_.pop_back();
    }
    entries_[id] = Entry{std::make_shared<const std::vector<proto::Acl>>(acl), 1};
    by_key_.emplace(std::move(key), id);
    return id;
}

void AclCache::release(uint32_t id) {
    Entry& entry = entries_[id];
    assert(entry.references > 0);
    if (--entry.references != 0) {
        return;
    }
    by_key_.erase(key_of(*entry.acl));
    entry.acl.reset();
    free_ids_.push_back(id);
}

void AclCache::add_references(uint32_t id, uint64_t count) {
    assert(id < entries_.size() && entries_[id].references > 0);
    entries_[id].references += count;
}

const std::vector<proto::Acl>& AclCache::get(uint32_t id) const {
    return *share(id);
}

const std::shared_ptr<const std::vector<proto::Acl>>& AclCache::share(uint32_t id) const {
    assert(id < entries_.size() && entries_[id].references > 0);
    return entries_[id].acl;
}

} // namespace zs::tree
