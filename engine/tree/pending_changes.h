#pragma once

#include "proto/records.h"
#include "tree/node.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <string_view>
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
    std::vector<proto::Acl> acl;
    int64_t data_bytes = 0;      // the quota check of a setData compares against it
    int64_t ephemeral_owner = 0; // raw owner, as Node::ephemeral_owner()
};

using RecordMap = std::map<std::string, Record, std::less<>>;

// ZooKeeper's outstandingChanges: what txns that are prepared but not yet applied do to the
// nodes they touch, so that the next write is prepared against the state it will be applied to.
// The server owns one; prepare() reads through it and records each txn's effects, and the server
// reports each txn once it is applied to the tree.
class PendingChanges {
  public:
    // The newest pending record of `path` ("" is the root), or nullptr when no txn in flight
    // touched it.
    const Record* find(std::string_view path) const;
    // Records the effects of txn `zxid`; zxids arrive in increasing order.
    void record(int64_t zxid, RecordMap records);
    // Txn `zxid` and every txn before it are applied to the tree: their records go, except where
    // a later txn recorded the same path.
    void applied_through(int64_t zxid);
    // Every txn in flight was abandoned (the log refused them): the tree is the truth again.
    void clear();

    // Pending records, newest per path.
    const RecordMap& records() const { return records_; }
    bool empty() const { return records_.empty(); }

  private:
    RecordMap records_;
    std::map<std::string, int64_t, std::less<>> owner_zxid_; // which txn wrote each record
    std::deque<std::pair<int64_t, std::vector<std::string>>> by_zxid_;
};

} // namespace zs::tree
