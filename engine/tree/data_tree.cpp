#include "tree/data_tree.h"

#include "tree/path.h"
#include "tree/snapshot.h"

#include <algorithm>
#include <cassert>
#include <utility>

namespace zs::tree {
namespace {

using proto::EventType;

const std::vector<proto::Acl> kOpenAclUnsafe{{proto::perm::all, {"world", "anyone"}}};
const std::vector<proto::Acl> kReadAclUnsafe{{proto::perm::read, {"world", "anyone"}}};

WatchDelivery delivery(WatcherId watcher, EventType type, const std::string& path) {
    return WatchDelivery{
        watcher,
        proto::WatcherEvent{int32_t(type), int32_t(proto::KeeperState::sync_connected), path}};
}

} // namespace

DataTree::DataTree() {
    root_ = allocate_node();
    root_->set_name_and_data("", std::string_view{}); // the root holds empty, not null, data
    root_->acl_id_ = acls_.acquire(kOpenAclUnsafe);
    node_count_ = 1;
    data_size_ = utf16_length("/"); // the root is counted under "/" and under "" (length 0)
    Node* zookeeper = add_builtin(*root_, "/zookeeper", acls_.acquire(kOpenAclUnsafe));
    add_builtin(*zookeeper, "/zookeeper/quota", acls_.acquire(kOpenAclUnsafe));
    Node* config = add_builtin(*zookeeper, kConfigPath, acls_.acquire(kReadAclUnsafe));
    // ZooKeeper installs the config node's ACL with setACL(..., version -1), which leaves -1 as
    // its aversion.
    config->aversion_ = -1;
}

Node* DataTree::add_builtin(Node& parent, std::string_view path, uint32_t acl_id) {
    Node* node = allocate_node();
    node->set_name_and_data(basename_of(path), std::string_view{});
    node->acl_id_ = acl_id;
    parent.add_child(node);
    ++node_count_;
    data_size_ += utf16_length(path);
    return node;
}

Node* DataTree::allocate_node() {
    Node* node = nullptr;
    if (free_nodes_.empty()) {
        node = &pool_.emplace_back();
    } else {
        node = free_nodes_.back();
        free_nodes_.pop_back();
    }
    node->snapshot_mark_ = snapshot_mark_;
    return node;
}

void DataTree::free_node(Node* node) {
    before_change(*node);
    node->reset();
    // A running snapshot may still hold the address of the node it kept: the current mark
    // tells it to look there (SnapshotEncoder::advance).
    node->snapshot_mark_ = snapshot_mark_;
    free_nodes_.push_back(node);
}

const Node* DataTree::find(std::string_view path) const {
    if (path.empty() || path == "/") {
        return root_;
    }
    if (path.front() != '/') {
        return nullptr;
    }
    const Node* node = root_;
    size_t start = 1;
    while (node != nullptr) {
        const size_t slash = path.find('/', start);
        node = node->child(path.substr(start, slash - start));
        if (slash == std::string_view::npos) {
            return node;
        }
        start = slash + 1;
    }
    return nullptr;
}

Node* DataTree::find_mutable(std::string_view path) {
    Node* node = const_cast<Node*>(std::as_const(*this).find(path));
    if (node != nullptr) {
        before_change(*node);
    }
    return node;
}

void DataTree::before_change(Node& node) {
    if (snapshot_ != nullptr && node.snapshot_mark_ != snapshot_mark_) {
        snapshot_->keep(node);
    }
}

proto::Stat DataTree::stat_of(const Node& node) const {
    proto::Stat stat;
    stat.czxid = node.czxid_;
    stat.mzxid = node.mzxid_;
    stat.ctime = node.ctime_ms_;
    stat.mtime = node.mtime_ms_;
    stat.version = node.version_;
    // Every create is eventually matched by a delete except for the children still present.
    stat.cversion =
        static_cast<int32_t>(2 * static_cast<uint32_t>(node.cversion_) - node.child_count_);
    stat.aversion = node.aversion_;
    stat.ephemeral_owner = node.kind_ == NodeKind::ephemeral ? node.ephemeral_owner_ : 0;
    stat.data_length = static_cast<int32_t>(node.data_size_);
    stat.num_children = static_cast<int32_t>(node.child_count_);
    stat.pzxid = node.pzxid_;
    return stat;
}

std::optional<std::string> DataTree::data_of(const Node& node) const {
    const auto data = node.data();
    if (!data) {
        return std::nullopt;
    }
    return std::string(*data);
}

const std::vector<proto::Acl>& DataTree::acl_of(const Node& node) const {
    return acls_.get(node.acl_id_);
}

const std::shared_ptr<const std::vector<proto::Acl>>&
DataTree::shared_acl_of(const Node& node) const {
    return acls_.share(node.acl_id_);
}

std::vector<std::string> DataTree::children_of(const Node& node) const {
    std::vector<std::string> names;
    names.reserve(node.child_count());
    node.for_each_child([&](const Node& child) { names.emplace_back(child.name()); });
    std::sort(names.begin(), names.end());
    return names;
}

int32_t DataTree::descendant_count(std::string_view path) const {
    const Node* node = find(path);
    if (node == nullptr) {
        return 0;
    }
    if (node == root_) {
        return static_cast<int32_t>(node_count_ - 1);
    }
    // An explicit stack: a chain of nodes can be far deeper than the call stack.
    int64_t count = 0;
    std::vector<const Node*> pending{node};
    while (!pending.empty()) {
        const Node* current = pending.back();
        pending.pop_back();
        current->for_each_child([&](const Node& child) {
            ++count;
            if (child.child_count() != 0) {
                pending.push_back(&child);
            }
        });
    }
    return static_cast<int32_t>(count);
}

std::vector<std::string> DataTree::ephemerals_of(int64_t session_id) const {
    const auto it = ephemerals_.find(session_id);
    if (it == ephemerals_.end()) {
        return {};
    }
    return {it->second.begin(), it->second.end()};
}

std::map<int64_t, std::vector<std::string>> DataTree::all_ephemerals() const {
    std::map<int64_t, std::vector<std::string>> out;
    for (const auto& [session, paths] : ephemerals_) {
        out.emplace(session, std::vector<std::string>(paths.begin(), paths.end()));
    }
    return out;
}

std::vector<std::string> DataTree::expired_containers(int64_t now_ms, size_t limit) const {
    std::vector<std::string> out;
    for (const std::string& path : containers_) {
        if (out.size() >= limit) {
            return out;
        }
        const Node* node = find(path);
        // A container that never had a child is kept, or it could vanish right after creation.
        if (node != nullptr && node->child_count() == 0 && node->stored_cversion() > 0) {
            out.push_back(path);
        }
    }
    for (const std::string& path : ttls_) {
        if (out.size() >= limit) {
            return out;
        }
        const Node* node = find(path);
        if (node == nullptr || node->child_count() != 0) {
            continue;
        }
        const int64_t ttl_ms = node->ephemeral_owner() & kMaxTtlMs;
        if (ttl_ms != 0 && now_ms - node->mtime_ms() > ttl_ms) {
            out.push_back(path);
        }
    }
    return out;
}

void DataTree::set_config_data(std::string data, int64_t config_version, int64_t now_ms) {
    Node* config = find_mutable(kConfigPath);
    assert(config != nullptr);
    data_size_ += int64_t(data.size()) - int64_t(config->data_size_);
    config->set_data(std::string_view(data));
    config->mzxid_ = config_version;
    config->version_ = -1;
    config->mtime_ms_ = now_ms;
}

void DataTree::set_watches(int64_t relative_zxid, const proto::SetWatches2& watches,
                           WatcherId watcher, std::vector<WatchDelivery>& out) {
    for (const std::string& path : watches.data_watches) {
        const Node* node = find(path);
        if (node == nullptr) {
            out.push_back(delivery(watcher, EventType::node_deleted, path));
        } else if (node->mzxid_ > relative_zxid) {
            out.push_back(delivery(watcher, EventType::node_data_changed, path));
        } else {
            watches_.add(path, watcher, WatchKind::data);
        }
    }
    for (const std::string& path : watches.exist_watches) {
        if (find(path) != nullptr) {
            out.push_back(delivery(watcher, EventType::node_created, path));
        } else {
            watches_.add(path, watcher, WatchKind::data);
        }
    }
    for (const std::string& path : watches.child_watches) {
        const Node* node = find(path);
        if (node == nullptr) {
            out.push_back(delivery(watcher, EventType::node_deleted, path));
        } else if (node->pzxid_ > relative_zxid) {
            out.push_back(delivery(watcher, EventType::node_children_changed, path));
        } else {
            watches_.add(path, watcher, WatchKind::child);
        }
    }
    for (const std::string& path : watches.persistent_watches) {
        watches_.add(path, watcher, WatchKind::persistent);
    }
    for (const std::string& path : watches.persistent_recursive_watches) {
        watches_.add(path, watcher, WatchKind::persistent_recursive);
    }
}

} // namespace zs::tree
