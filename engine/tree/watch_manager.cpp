#include "tree/watch_manager.h"

#include "tree/path.h"

#include <algorithm>

namespace zs::tree {
namespace {

using proto::EventType;
using proto::WatcherType;

constexpr uint8_t kData = 1;
constexpr uint8_t kChild = 2;
constexpr uint8_t kPersistent = 4;
constexpr uint8_t kRecursive = 8;
// Which of ZooKeeper's two tables a watch of these kinds would sit in.
constexpr uint8_t kDataTable = kData | kPersistent | kRecursive;
constexpr uint8_t kChildTable = kChild | kPersistent;

uint8_t kind_bit(WatchKind kind) {
    switch (kind) {
    case WatchKind::data:
        return kData;
    case WatchKind::child:
        return kChild;
    case WatchKind::persistent:
        return kPersistent;
    case WatchKind::persistent_recursive:
        return kRecursive;
    }
    return 0;
}

// The kinds a check/removeWatches type matches. As in ZooKeeper 3.8, whose child table also holds
// persistent watches and whose data table holds both persistent kinds, CHILDREN and DATA match the
// persistent watches that fire for them (3.8 would then drop only one table's half of a
// persistent watch; zoonode removes it whole).
uint8_t type_bits(WatcherType type) {
    switch (type) {
    case WatcherType::children:
        return kChild | kPersistent;
    case WatcherType::data:
        return kData | kPersistent | kRecursive;
    case WatcherType::any:
        return kData | kChild | kPersistent | kRecursive;
    case WatcherType::persistent:
        return kPersistent;
    case WatcherType::persistent_recursive:
        return kRecursive;
    }
    return 0;
}

size_t table_entries(uint8_t kinds) {
    return ((kinds & kDataTable) != 0 ? 1 : 0) + ((kinds & kChildTable) != 0 ? 1 : 0);
}

// What an event on the watched path itself fires, and which of those watches it consumes.
struct Firing {
    uint8_t fires = 0;
    uint8_t consumes = 0;
};

Firing firing_for(EventType type) {
    switch (type) {
    case EventType::node_created:
    case EventType::node_data_changed:
        return {kDataTable, kData};
    case EventType::node_deleted:
        return {kDataTable | kChildTable, kData | kChild};
    case EventType::node_children_changed:
        return {kChildTable, kChild};
    default:
        return {};
    }
}

} // namespace

void WatchManager::set_kinds(const std::string& path, std::vector<Watch>& watches, size_t index,
                             uint8_t new_kinds) {
    Watch& watch = watches[index];
    const uint8_t old_kinds = watch.kinds;
    table_entries_ += table_entries(new_kinds);
    table_entries_ -= table_entries(old_kinds);
    if ((old_kinds & kRecursive) != (new_kinds & kRecursive)) {
        (new_kinds & kRecursive) != 0 ? ++recursive_count_ : --recursive_count_;
    }
    if (new_kinds != 0) {
        watch.kinds = new_kinds;
        return;
    }
    const auto owner = paths_of_.find(watch.watcher);
    owner->second.erase(path);
    if (owner->second.empty()) {
        paths_of_.erase(owner);
    }
    watch = watches.back();
    watches.pop_back();
}

void WatchManager::add(std::string_view path, WatcherId watcher, WatchKind kind) {
    auto it = watches_.find(path);
    if (it == watches_.end()) {
        it = watches_.emplace(std::string(path), std::vector<Watch>{}).first;
    }
    std::vector<Watch>& watches = it->second;
    auto existing = std::find_if(watches.begin(), watches.end(),
                                 [&](const Watch& w) { return w.watcher == watcher; });
    if (existing == watches.end()) {
        paths_of_[watcher].insert(it->first);
        watches.push_back(Watch{watcher, 0});
        existing = watches.end() - 1;
    }
    const auto index = size_t(existing - watches.begin());
    set_kinds(it->first, watches, index, existing->kinds | kind_bit(kind));
}

bool WatchManager::contains(std::string_view path, WatcherId watcher, WatcherType type) const {
    const auto it = watches_.find(path);
    if (it == watches_.end()) {
        return false;
    }
    return std::any_of(it->second.begin(), it->second.end(), [&](const Watch& w) {
        return w.watcher == watcher && (w.kinds & type_bits(type)) != 0;
    });
}

bool WatchManager::remove(std::string_view path, WatcherId watcher, WatcherType type) {
    const auto it = watches_.find(path);
    if (it == watches_.end()) {
        return false;
    }
    std::vector<Watch>& watches = it->second;
    for (size_t i = 0; i < watches.size(); ++i) {
        if (watches[i].watcher != watcher) {
            continue;
        }
        const uint8_t removed = watches[i].kinds & type_bits(type);
        if (removed == 0) {
            return false;
        }
        set_kinds(it->first, watches, i, watches[i].kinds & ~removed);
        if (watches.empty()) {
            watches_.erase(it);
        }
        return true;
    }
    return false;
}

void WatchManager::remove_watcher(WatcherId watcher) {
    const auto owner = paths_of_.find(watcher);
    if (owner == paths_of_.end()) {
        return;
    }
    // set_kinds() edits paths_of_, so work on a copy of the path set.
    const PathSet paths = owner->second;
    for (const std::string& path : paths) {
        const auto it = watches_.find(path);
        std::vector<Watch>& watches = it->second;
        const auto found = std::find_if(watches.begin(), watches.end(),
                                        [&](const Watch& w) { return w.watcher == watcher; });
        set_kinds(it->first, watches, size_t(found - watches.begin()), 0);
        if (watches.empty()) {
            watches_.erase(it);
        }
    }
}

void WatchManager::trigger(std::string_view path, EventType type, std::vector<WatchDelivery>& out) {
    const Firing firing = firing_for(type);
    if (firing.fires == 0) {
        return;
    }
    std::vector<WatcherId> fired;
    if (const auto it = watches_.find(path); it != watches_.end()) {
        std::vector<Watch>& watches = it->second;
        for (size_t i = 0; i < watches.size();) {
            const uint8_t kinds = watches[i].kinds;
            if ((kinds & firing.fires) == 0) {
                ++i;
                continue;
            }
            fired.push_back(watches[i].watcher);
            const auto remaining = uint8_t(kinds & ~firing.consumes);
            set_kinds(it->first, watches, i, remaining);
            if (remaining != 0) {
                ++i;
            }
        }
        if (watches.empty()) {
            watches_.erase(it);
        }
    }
    if (recursive_count_ > 0 && type != EventType::node_children_changed) {
        for (auto ancestor = parent_of(path); !ancestor.empty(); ancestor = parent_of(ancestor)) {
            const auto it = watches_.find(ancestor);
            if (it == watches_.end()) {
                continue;
            }
            for (const Watch& watch : it->second) {
                if ((watch.kinds & kRecursive) != 0) {
                    fired.push_back(watch.watcher);
                }
            }
        }
    }
    std::sort(fired.begin(), fired.end());
    fired.erase(std::unique(fired.begin(), fired.end()), fired.end());
    for (const WatcherId watcher : fired) {
        out.push_back(WatchDelivery{
            watcher, proto::WatcherEvent{int32_t(type), int32_t(proto::KeeperState::sync_connected),
                                         std::string(path)}});
    }
}

size_t WatchManager::watched_path_count() const {
    return size_t(std::count_if(watches_.begin(), watches_.end(), [](const auto& entry) {
        return std::any_of(entry.second.begin(), entry.second.end(),
                           [](const Watch& w) { return (w.kinds & kDataTable) != 0; });
    }));
}

size_t WatchManager::watcher_count() const {
    return by_watcher().size();
}

size_t WatchManager::data_watch_count() const {
    size_t count = 0;
    for (const auto& [path, watches] : watches_) {
        count += size_t(std::count_if(watches.begin(), watches.end(),
                                      [](const Watch& w) { return (w.kinds & kDataTable) != 0; }));
    }
    return count;
}

std::map<WatcherId, std::vector<std::string>> WatchManager::by_watcher() const {
    std::map<WatcherId, std::vector<std::string>> out;
    for (const auto& [path, watches] : watches_) {
        for (const Watch& watch : watches) {
            if ((watch.kinds & kDataTable) != 0) {
                out[watch.watcher].push_back(path);
            }
        }
    }
    for (auto& [watcher, paths] : out) {
        std::sort(paths.begin(), paths.end());
    }
    return out;
}

std::map<std::string, std::vector<WatcherId>> WatchManager::by_path() const {
    std::map<std::string, std::vector<WatcherId>> out;
    for (const auto& [path, watches] : watches_) {
        for (const Watch& watch : watches) {
            if ((watch.kinds & kDataTable) != 0) {
                out[path].push_back(watch.watcher);
            }
        }
    }
    for (auto& [path, watchers] : out) {
        std::sort(watchers.begin(), watchers.end());
    }
    return out;
}

} // namespace zs::tree
