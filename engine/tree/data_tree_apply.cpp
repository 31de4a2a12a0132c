// DataTree::apply and the mutations it is made of (ZooKeeper's DataTree.processTxn).
#include "tree/data_tree.h"
#include "tree/path.h"

#include <algorithm>
#include <cassert>

namespace zs::tree {
namespace {

using proto::ErrorCode;
using proto::EventType;

NodeKind kind_of(const CreateTxn& txn) {
    if (txn.opcode == proto::op::create_container) {
        return NodeKind::container;
    }
    if (txn.opcode == proto::op::create_ttl) {
        return NodeKind::ttl;
    }
    return txn.ephemeral_owner != 0 ? NodeKind::ephemeral : NodeKind::persistent;
}

std::optional<std::string_view> view_of(const std::optional<std::string>& data) {
    if (!data) {
        return std::nullopt;
    }
    return std::string_view(*data);
}

} // namespace

// ZooKeeper moves a parent's cversion (and with it pzxid) only forward, so replaying a create
// over a snapshot that already contains its effects cannot move them back.
void DataTree::advance_cversion(Node& parent, int32_t new_cversion, int64_t zxid) {
    if (new_cversion > parent.cversion_) {
        parent.cversion_ = new_cversion;
        parent.pzxid_ = zxid;
    }
}

ApplyResult DataTree::apply(const TxnHeader& header, const Txn& txn) {
    ApplyResult result;
    if (const auto* create = std::get_if<CreateTxn>(&txn)) {
        result.path = create->path;
        result.err = create_node(header, *create, result.stat, result.events);
    } else if (const auto* remove = std::get_if<DeleteTxn>(&txn)) {
        result.path = remove->path;
        result.err = delete_node(remove->path, header.zxid, result.events);
    } else if (const auto* set = std::get_if<SetDataTxn>(&txn)) {
        result.path = set->path;
        result.err = set_data(header, *set, result.stat, result.events);
    } else if (const auto* set_acl_txn = std::get_if<SetAclTxn>(&txn)) {
        result.path = set_acl_txn->path;
        result.err = set_acl(*set_acl_txn, result.stat);
    } else if (const auto* check = std::get_if<CheckTxn>(&txn)) {
        result.path = check->path;
    } else if (const auto* error = std::get_if<ErrorTxn>(&txn)) {
        result.err = error->err;
    } else if (const auto* close = std::get_if<CloseSessionTxn>(&txn)) {
        close_session(header.session_id, header.zxid, *close, result.events);
    } else if (const auto* multi = std::get_if<MultiTxn>(&txn)) {
        apply_multi(header, *multi, result);
    } else if (const auto* reconfig = std::get_if<ReconfigTxn>(&txn)) {
        result.path = kConfigPath;
        result.err = set_data(header, SetDataTxn{result.path, reconfig->data, -1}, result.stat,
                              result.events);
    }
    // CreateSessionTxn changes nothing here: sessions live in the server's session tracker.
    last_processed_zxid_ = std::max(last_processed_zxid_, header.zxid);
    return result;
}

ErrorCode DataTree::create_node(const TxnHeader& header, const CreateTxn& txn, proto::Stat& stat,
                                std::vector<WatchDelivery>& events) {
    const std::string_view parent_path = parent_of(txn.path);
    const std::string_view name = basename_of(txn.path);
    Node* parent = find_mutable(parent_path);
    if (parent == nullptr) {
        return ErrorCode::no_node;
    }
    if (name.empty()) {
        return ErrorCode::bad_arguments;
    }
    const int32_t parent_cversion = txn.parent_cversion == -1
                                        ? static_cast<int32_t>(uint32_t(parent->cversion_) + 1)
                                        : txn.parent_cversion;
    if (parent->child(name) != nullptr) {
        // A replayed create of a node that was deleted and re-created by another session inside
        // a fuzzy snapshot's range: ZooKeeper still brings the parent's cversion forward.
        if (txn.opcode == proto::op::create) {
            advance_cversion(*parent, parent_cversion, header.zxid);
        }
        return ErrorCode::node_exists;
    }
    advance_cversion(*parent, parent_cversion, header.zxid);

    Node* node = allocate_node();
    node->set_name_and_data(name, view_of(txn.data));
    node->czxid_ = node->mzxid_ = node->pzxid_ = header.zxid;
    node->ctime_ms_ = node->mtime_ms_ = header.time_ms;
    node->ephemeral_owner_ = txn.ephemeral_owner;
    node->kind_ = kind_of(txn);
    node->acl_id_ = acls_.acquire(txn.acl);
    parent->add_child(node);
    ++node_count_;
    data_size_ += utf16_length(txn.path) + node->data_size_;
    switch (node->kind_) {
    case NodeKind::ephemeral:
        ephemerals_[txn.ephemeral_owner].insert(txn.path);
        ++ephemeral_count_;
        break;
    case NodeKind::container:
        containers_.insert(txn.path);
        break;
    case NodeKind::ttl:
        ttls_.insert(txn.path);
        break;
    case NodeKind::persistent:
        break;
    }
    // The reply's stat is taken before the quota update, which may rewrite this very node.
    stat = stat_of(*node);
    quota_after_create(txn.path, node->data_size_);
    watches_.trigger(txn.path, EventType::node_created, events);
    watches_.trigger(parent_path, EventType::node_children_changed, events);
    return ErrorCode::ok;
}

ErrorCode DataTree::delete_node(std::string_view path, int64_t zxid,
                                std::vector<WatchDelivery>& events) {
    const std::string_view parent_path = parent_of(path);
    const std::string_view name = basename_of(path);
    Node* parent = find_mutable(parent_path);
    if (parent == nullptr) {
        return ErrorCode::no_node;
    }
    Node* node = name.empty() ? nullptr : parent->remove_child(name);
    // Like ZooKeeper, move pzxid even when the child is already gone (replay over a fuzzy
    // snapshot), but never backwards.
    parent->pzxid_ = std::max(parent->pzxid_, zxid);
    if (node == nullptr) {
        return ErrorCode::no_node;
    }
    assert(node->child_count() == 0);
    switch (node->kind_) {
    case NodeKind::ephemeral:
        // A closing session's index entry is already gone (close_session took it).
        if (const auto it = ephemerals_.find(node->ephemeral_owner_); it != ephemerals_.end()) {
            ephemeral_count_ -= it->second.erase(std::string(path));
            if (it->second.empty()) {
                ephemerals_.erase(it);
            }
        }
        break;
    case NodeKind::container:
        containers_.erase(std::string(path));
        break;
    case NodeKind::ttl:
        ttls_.erase(std::string(path));
        break;
    case NodeKind::persistent:
        break;
    }
    acls_.release(node->acl_id_);
    --node_count_;
    const int64_t data_bytes = node->data_size_;
    data_size_ -= utf16_length(path) + data_bytes;
    free_node(node);
    quota_after_delete(path, data_bytes);
    watches_.trigger(path, EventType::node_deleted, events);
    watches_.trigger(parent_path, EventType::node_children_changed, events);
    return ErrorCode::ok;
}

ErrorCode DataTree::set_data(const TxnHeader& header, const SetDataTxn& txn, proto::Stat& stat,
                             std::vector<WatchDelivery>& events) {
    Node* node = find_mutable(txn.path);
    if (node == nullptr) {
        return ErrorCode::no_node;
    }
    const int64_t old_bytes = node->data_size_;
    node->set_data(view_of(txn.data));
    data_size_ += node->data_size_ - old_bytes;
    node->mtime_ms_ = header.time_ms;
    node->mzxid_ = header.zxid;
    node->version_ = txn.version;
    stat = stat_of(*node);
    // ZooKeeper rewrites the stats even when the size is unchanged.
    update_quota_stat(txn.path, node->data_size_ - old_bytes, 0);
    watches_.trigger(txn.path, EventType::node_data_changed, events);
    return ErrorCode::ok;
}

ErrorCode DataTree::set_acl(const SetAclTxn& txn, proto::Stat& stat) {
    Node* node = find_mutable(txn.path);
    if (node == nullptr) {
        return ErrorCode::no_node;
    }
    const uint32_t old_acl = node->acl_id_;
    node->acl_id_ = acls_.acquire(txn.acl);
    acls_.release(old_acl);
    node->aversion_ = txn.version;
    stat = stat_of(*node);
    return ErrorCode::ok;
}

void DataTree::close_session(int64_t session_id, int64_t zxid, const CloseSessionTxn& txn,
                             std::vector<WatchDelivery>& events) {
    std::set<std::string> owned;
    if (const auto it = ephemerals_.find(session_id); it != ephemerals_.end()) {
        owned = std::move(it->second);
        ephemeral_count_ -= owned.size();
        ephemerals_.erase(it);
    }
    // The txn's list first (paths already gone are skipped), then anything the session still
    // owns that the list missed, as ZooKeeper's killSession does.
    for (const std::string& path : txn.paths_to_delete) {
        delete_node(path, zxid, events);
        owned.erase(path);
    }
    for (const std::string& path : owned) {
        delete_node(path, zxid, events);
    }
}

void DataTree::apply_multi(const TxnHeader& header, const MultiTxn& txn, ApplyResult& result) {
    const bool failed = std::any_of(txn.ops.begin(), txn.ops.end(), [](const SubTxn& op) {
        return std::holds_alternative<ErrorTxn>(op);
    });
    bool after_failure = false;
    for (const SubTxn& op : txn.ops) {
        OpResult op_result;
        if (const auto* error = std::get_if<ErrorTxn>(&op)) {
            after_failure = true;
            op_result.err = error->err;
            op_result.opcode = proto::op::error;
        } else if (failed) {
            // Nothing of a failed multi is applied; the other ops report ok before the failure
            // and runtime_inconsistency after it.
            op_result.err = after_failure ? ErrorCode::runtime_inconsistency : ErrorCode::ok;
            op_result.opcode = proto::op::error;
        } else {
            op_result = apply_sub(header, op, result.events);
        }
        if (op_result.err != ErrorCode::ok && result.err == ErrorCode::ok) {
            result.err = op_result.err;
        }
        result.multi.push_back(std::move(op_result));
    }
}

OpResult DataTree::apply_sub(const TxnHeader& header, const SubTxn& txn,
                             std::vector<WatchDelivery>& events) {
    OpResult result;
    if (const auto* create = std::get_if<CreateTxn>(&txn)) {
        result.opcode = create->opcode;
        result.path = create->path;
        result.err = create_node(header, *create, result.stat, events);
    } else if (const auto* remove = std::get_if<DeleteTxn>(&txn)) {
        result.opcode = remove->opcode;
        result.path = remove->path;
        result.err = delete_node(remove->path, header.zxid, events);
    } else if (const auto* set = std::get_if<SetDataTxn>(&txn)) {
        result.opcode = proto::op::set_data;
        result.path = set->path;
        result.err = set_data(header, *set, result.stat, events);
    } else if (const auto* check = std::get_if<CheckTxn>(&txn)) {
        result.opcode = proto::op::check;
        result.path = check->path;
    }
    return result;
}

} // namespace zs::tree
