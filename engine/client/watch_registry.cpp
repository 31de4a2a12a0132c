#include "client/watch_registry.h"

#include "tree/path.h"

#include <utility>

namespace zs::client {

using proto::EventType;
using proto::WatcherType;

WatchRegistry::Table& WatchRegistry::table(WatchKind kind) {
    return const_cast<Table&>(std::as_const(*this).table(kind));
}

const WatchRegistry::Table& WatchRegistry::table(WatchKind kind) const {
    switch (kind) {
    case WatchKind::data:
        return data_;
    case WatchKind::exist:
        return exist_;
    case WatchKind::child:
        return child_;
    case WatchKind::persistent:
        return persistent_;
    case WatchKind::persistent_recursive:
        break;
    }
    return recursive_;
}

void WatchRegistry::add(WatchKind kind, const std::string& path, WatchCallback callback) {
    table(kind)[path].push_back(std::move(callback));
}

void WatchRegistry::take(Table& table, const std::string& path, std::vector<WatchCallback>& out) {
    if (const auto it = table.find(path); it != table.end()) {
        for (WatchCallback& callback : it->second) {
            out.push_back(std::move(callback));
        }
        table.erase(it);
    }
}

void WatchRegistry::copy(const Table& table, const std::string& path,
                         std::vector<WatchCallback>& out) {
    if (const auto it = table.find(path); it != table.end()) {
        out.insert(out.end(), it->second.begin(), it->second.end());
    }
}

std::vector<WatchCallback> WatchRegistry::fire(EventType type, const std::string& path) {
    std::vector<WatchCallback> out;
    switch (type) {
    case EventType::node_created:
    case EventType::node_data_changed:
        take(data_, path, out);
        take(exist_, path, out);
        break;
    case EventType::node_children_changed:
        take(child_, path, out);
        break;
    case EventType::node_deleted:
        take(data_, path, out);
        take(exist_, path, out);
        take(child_, path, out);
        break;
    default:
        return out;
    }
    copy(persistent_, path, out);
    // A recursive watch never hears of child-list changes. The server sends none for it, but it
    // does send NodeChildrenChanged for a child watch this client holds on the path or below,
    // and that one must not reach the recursive watcher too (the Java client filters it alike).
    if (type == EventType::node_children_changed) {
        return out;
    }
    for (std::string_view at = path; !at.empty(); at = tree::parent_of(at)) {
        copy(recursive_, std::string(at), out);
    }
    return out;
}

bool WatchRegistry::has(WatcherType type, const std::string& path) const {
    const auto held = [&](const Table& table) { return table.contains(path); };
    switch (type) {
    case WatcherType::children:
        return held(child_);
    case WatcherType::data:
        return held(data_) || held(exist_);
    case WatcherType::any:
        return held(child_) || held(data_) || held(exist_) || held(persistent_) || held(recursive_);
    case WatcherType::persistent:
        return held(persistent_);
    case WatcherType::persistent_recursive:
        return held(recursive_);
    }
    return false;
}

std::vector<std::pair<WatchKind, WatchCallback>> WatchRegistry::remove(WatcherType type,
                                                                       const std::string& path) {
    std::vector<std::pair<WatchKind, WatchCallback>> out;
    const auto drop = [&](WatchKind kind) {
        std::vector<WatchCallback> callbacks;
        take(table(kind), path, callbacks);
        for (WatchCallback& callback : callbacks) {
            out.emplace_back(kind, std::move(callback));
        }
    };
    switch (type) {
    case WatcherType::children:
        drop(WatchKind::child);
        break;
    case WatcherType::data:
        drop(WatchKind::data);
        drop(WatchKind::exist);
        break;
    case WatcherType::any:
        for (WatchKind kind : {WatchKind::data, WatchKind::exist, WatchKind::child,
                               WatchKind::persistent, WatchKind::persistent_recursive}) {
            drop(kind);
        }
        break;
    case WatcherType::persistent:
        drop(WatchKind::persistent);
        break;
    case WatcherType::persistent_recursive:
        drop(WatchKind::persistent_recursive);
        break;
    }
    return out;
}

proto::SetWatches2 WatchRegistry::to_set_watches(int64_t last_zxid) const {
    proto::SetWatches2 out;
    out.relative_zxid = last_zxid;
    const auto paths = [](const Table& table) {
        std::vector<std::string> held;
        for (const auto& [path, callbacks] : table) {
            held.push_back(path);
        }
        return held;
    };
    out.data_watches = paths(data_);
    out.exist_watches = paths(exist_);
    out.child_watches = paths(child_);
    out.persistent_watches = paths(persistent_);
    out.persistent_recursive_watches = paths(recursive_);
    return out;
}

bool WatchRegistry::empty() const {
    return data_.empty() && exist_.empty() && child_.empty() && persistent_.empty() &&
           recursive_.empty();
}

} // namespace zs::client
