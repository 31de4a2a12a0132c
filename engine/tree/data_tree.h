#pragma once

#include "proto/constants.h"
#include "proto/records.h"
#include "tree/acl_cache.h"
#include "tree/node.h"
#include "tree/quota.h"
#include "tree/txn.h"
#include "tree/watch_manager.h"

#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zs::tree {

class SnapshotEncoder;

// The outcome of one sub-op of a multi.
struct OpResult {
    proto::ErrorCode err = proto::ErrorCode::ok;
    int32_t opcode = 0; // the sub-op's request opcode, or op::error
    std::string path;
    proto::Stat stat;
};

// What applying a txn did: the result for the reply and the watch notifications it fired.
struct ApplyResult {
    // For a multi: the first non-zero sub-op error, as ZooKeeper records it (the reply header of
    // a multi still says ok; clients read the per-op results).
    proto::ErrorCode err = proto::ErrorCode::ok;
    std::string path;
    proto::Stat stat;
    std::vector<OpResult> multi;       // one per sub-op of a MultiTxn
    std::vector<WatchDelivery> events; // in firing order
};

// ZooKeeper's data model: the znode tree, its ACLs, ephemeral index and watches. It changes only
// through apply(), deterministically (time comes from the txn header), and is used from one
// thread.
class DataTree {
  public:
    // "/", "/zookeeper", "/zookeeper/quota" (world:anyone ALL) and "/zookeeper/config"
    // (world:anyone READ), with zero stats except the config node's aversion of -1.
    DataTree();
    DataTree(const DataTree&) = delete;
    DataTree& operator=(const DataTree&) = delete;
    DataTree(DataTree&&) = default;
    DataTree& operator=(DataTree&&) = default;

    // ZooKeeper's DataTree.processTxn. Apart from ErrorTxns (and failed multis), errors only
    // come from txns prepare() would not produce, e.g. when replaying over a fuzzy snapshot; they
    // leave the tree unchanged, except that a failed create (opcode 1) or delete still advances
    // the parent's cversion/pzxid as ZooKeeper does.
    ApplyResult apply(const TxnHeader& header, const Txn& txn);

    // nullptr when absent. "" also finds the root, because ZooKeeper indexes it under both.
    const Node* find(std::string_view path) const;
    proto::Stat stat_of(const Node& node) const;
    std::optional<std::string> data_of(const Node& node) const;
    const std::vector<proto::Acl>& acl_of(const Node& node) const;
    // The same list, shared with the ACL cache (prep keeps it without copying it).
    const std::shared_ptr<const std::vector<proto::Acl>>& shared_acl_of(const Node& node) const;
    // Child names, sorted (ZooKeeper's order is arbitrary; sorting keeps replies reproducible).
    std::vector<std::string> children_of(const Node& node) const;

    // getAllChildrenNumber: every node below `path` (for "/", all nodes except the root).
    int32_t descendant_count(std::string_view path) const;
    // getEphemerals / closeSession: the session's ephemeral nodes, sorted full paths.
    std::vector<std::string> ephemerals_of(int64_t session_id) const;
    // `dump`: every session's ephemerals.
    std::map<int64_t, std::vector<std::string>> all_ephemerals() const;
    // ContainerManager's candidates, at most `limit`: childless containers that once had a child
    // (stored cversion > 0) and childless TTL nodes not modified for longer than their ttl.
    std::vector<std::string> expired_containers(int64_t now_ms, size_t limit) const;

    // The contents of /zookeeper/config (written by the server at start, not a txn; no events).
    // Its Stat as ZooKeeper's members leave it (ZKDatabase.initConfigInZKDatabase): mzxid the
    // config's version, dataVersion -1, mtime the moment it was set.
    void set_config_data(std::string data, int64_t config_version, int64_t now_ms);

    // As ZooKeeper counts them (mntr zk_znode_count, srvr "Node count"): its node map holds the
    // root twice, under "/" and "", so a fresh tree reports 5.
    size_t node_count() const { return node_count_ + 1; }
    size_t ephemeral_count() const { return ephemeral_count_; }
    // mntr zk_approximate_data_size: sum of path lengths (UTF-16 units) and data lengths.
    int64_t approximate_data_size() const { return data_size_; }
    int64_t last_processed_zxid() const { return last_processed_zxid_; }
    // Distinct ACL lists in use.
    size_t acl_count() const { return acls_.size(); }

    // The path whose quota governs writes to `path` (ZooKeeper's getMaxPrefixWithQuota): the
    // deepest of `path` and its ancestors with a zookeeper_limits node; nullopt when none.
    std::optional<std::string_view> quota_prefix_of(std::string_view path) const {
        return quotas_.governing(path);
    }
    // ZooKeeperServer.checkQuota, for zookeeper.enforceQuota: quota_exceeded when adding
    // count_diff nodes and bytes_diff data bytes under `path` would take the governing quota's
    // stats past its countHardLimit or byteHardLimit. Soft limits (count, bytes) never refuse a
    // write; ZooKeeper only logs them. Limits or stats text ZooKeeper cannot parse gives
    // marshalling_error, as the exception it throws does. It reads this tree, not the pending
    // ops of a multi, exactly like ZooKeeper.
    proto::ErrorCode check_quota(std::string_view path, int64_t bytes_diff,
                                 int32_t count_diff) const;

    WatchManager& watches() { return watches_; }
    const WatchManager& watches() const { return watches_; }

    // SetWatches/SetWatches2 after a reconnect (ZooKeeper's DataTree.setWatches): a data watch
    // fires NodeDeleted if the node is gone or NodeDataChanged if mzxid > relative_zxid, an exist
    // watch fires NodeCreated if the node now exists, a child watch fires NodeDeleted or
    // NodeChildrenChanged if pzxid > relative_zxid; every other watch is re-armed, the
    // persistent kinds always.
    void set_watches(int64_t relative_zxid, const proto::SetWatches2& watches, WatcherId watcher,
                     std::vector<WatchDelivery>& out);

  private:
    friend class SnapshotEncoder; // reads the whole tree while it changes (snapshot_encoder.cpp)
    friend class SnapshotDecoder; // rebuilds the whole tree (snapshot_decoder.cpp)

    // find() for a node about to change: every change to a node goes through here (or through
    // free_node), so that a running snapshot can keep the node's state first.
    Node* find_mutable(std::string_view path);
    // Hands a node that the running snapshot has not written yet to the snapshot, before it
    // changes. A node is written or kept once: its mark then equals snapshot_mark_.
    void before_change(Node& node);
    // New nodes carry the current mark: they are newer than any running snapshot.
    Node* allocate_node();
    void free_node(Node* node);
    Node* add_builtin(Node& parent, std::string_view path, uint32_t acl_id);

    static void advance_cversion(Node& parent, int32_t new_cversion, int64_t zxid);
    proto::ErrorCode create_node(const TxnHeader& header, const CreateTxn& txn, proto::Stat& stat,
                                 std::vector<WatchDelivery>& events);
    proto::ErrorCode delete_node(std::string_view path, int64_t zxid,
                                 std::vector<WatchDelivery>& events);
    proto::ErrorCode set_data(const TxnHeader& header, const SetDataTxn& txn, proto::Stat& stat,
                              std::vector<WatchDelivery>& events);
    proto::ErrorCode set_acl(const SetAclTxn& txn, proto::Stat& stat);
    // Quota bookkeeping, as ZooKeeper's createNode/deleteNode/setData do it after the change.
    void quota_after_create(std::string_view path, int64_t data_bytes);
    void quota_after_delete(std::string_view path, int64_t data_bytes);
    // updateQuotaStat: adds the differences to the stats node of the quota governing `path`.
    void update_quota_stat(std::string_view path, int64_t bytes_diff, int32_t count_diff);
    // updateQuotaForPath: sets the stats node of `quota_path` from a count of its subtree.
    void recount_quota(std::string_view quota_path);
    // Replaces a stats node's data without a txn of its own: version, mzxid and mtime stay, and
    // like ZooKeeper the approximate data size does not follow.
    static void rewrite_quota_data(Node& node, const StatsTrack& stats);

    void close_session(int64_t session_id, int64_t zxid, const CloseSessionTxn& txn,
                       std::vector<WatchDelivery>& events);
    void apply_multi(const TxnHeader& header, const MultiTxn& txn, ApplyResult& result);
    // One sub-op of a successful multi.
    OpResult apply_sub(const TxnHeader& header, const SubTxn& txn,
                       std::vector<WatchDelivery>& events);

    std::deque<Node> pool_; // every node lives here; a deque keeps their addresses stable
    std::vector<Node*> free_nodes_;
    Node* root_ = nullptr;
    AclCache acls_;
    std::map<int64_t, std::set<std::string>> ephemerals_;
    std::set<std::string> containers_;
    std::set<std::string> ttls_;
    WatchManager watches_;
    QuotaTrie quotas_;
    size_t node_count_ = 0;
    size_t ephemeral_count_ = 0;
    int64_t data_size_ = 0;
    int64_t last_processed_zxid_ = 0;
    // The running snapshot, if any (at most one); it flips snapshot_mark_ when it starts. A tree
    // must not be moved while a snapshot runs.
    SnapshotEncoder* snapshot_ = nullptr;
    bool snapshot_mark_ = false;
};

} // namespace zs::tree
