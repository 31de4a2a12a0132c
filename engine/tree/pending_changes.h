#pragma once

#include "proto/records.h"
#include "tree/node.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace zs::tree {

// A znode as a write being prepared sees it: the applied tree's state with the changes of txns
// still in flight (and of earlier sub-ops of the same multi) laid over it, like ZooKeeper's
// ChangeRecord.
struct Record {
    bool exists = true;
    int32_t version = 0;
    int32_t cversion = 0; // stored (count of child creations)
    int32_t aversion = 0;
    NodeKind kind = NodeKind::persistent;
    int64_t child_count = 0;
    // Shared with the tree's ACL cache or with the txn's record before it: reading a record
    // through copies no list.
    std::shared_ptr<const std::vector<proto::Acl>> acl;
    int64_t data_bytes = 0;      // the quota check of a setData compares against it
    int64_t ephemeral_owner = 0; // raw owner, as Node::ephemeral_owner()
    // PendingChanges' bookkeeping: the txn in flight that wrote this record.
    int64_t pending_zxid = 0;
};

// Hashes paths and string_views alike, so lookups by string_view build no string.
struct PathHash {
    using is_transparent = void;
    size_t operator()(std::string_view path) const noexcept {
        return std::hash<std::string_view>{}(path);
    }
};

using RecordMap = std::unordered_map<std::string, Record, PathHash, std::equal_to<>>;

// ZooKeeper's outstandingChanges: what txns that are prepared but not yet applied do to the
// nodes they touch, so that the next write is prepared against the state it will be applied to.
// The server owns one; prepare() reads through it and records each txn's effects, and the server
// reports each txn once it is applied to the tree.
class PendingChanges {
  public:
    // The newest pending record of `path` ("" is the root), or nullptr when no txn in flight
    // touched it.
    const Record* find(std::string_view path) const;
    // Records the effects of txn `zxid`; zxids arrive in increasing order. The records' map
    // nodes move over as they are, so recording allocates nothing.
    void record(int64_t zxid, RecordMap records);
    // Txn `zxid` and every txn before it are applied to the tree: their records go, except where
    // a later txn recorded the same path.
    void applied_through(int64_t zxid);
    // Every txn in flight was abandoned (the log refused them): the tree is the truth again.
    void clear();

    // An empty map for the next prepare to fill, and its return once emptied or unused: reusing
    // one map saves allocating a bucket array for every write.
    RecordMap take_spare() { return std::move(spare_); }
    void recycle(RecordMap records);

    // Pending records, newest per path.
    const RecordMap& records() const { return records_; }
    bool empty() const { return records_.empty(); }

  private:
    RecordMap records_;
    RecordMap spare_;
    // Each txn's records in zxid order (elements of an unordered_map keep their address). An
    // entry whose record a later txn overwrote (its pending_zxid moved on) leaves the record
    // alone, so no entry is used after its record is erased: only the entry with the record's
    // own zxid erases it, and it comes last.
    std::deque<std::pair<int64_t, RecordMap::value_type*>> by_zxid_;
};

} // namespace zs::tree
