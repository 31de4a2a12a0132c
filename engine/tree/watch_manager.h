#pragma once

#include "proto/constants.h"
#include "proto/records.h"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>
#include <vector>

namespace zs::tree {

// Identifies whoever receives notifications: one per client connection.
using WatcherId = uint64_t;

// How a watch was set: getData/exists set data watches, getChildren child watches, addWatch the
// two persistent kinds.
enum class WatchKind { data, child, persistent, persistent_recursive };

// One notification for one watcher; event.state is always SyncConnected.
struct WatchDelivery {
    WatcherId watcher;
    proto::WatcherEvent event;
};

// The server's watch registry (ZooKeeper's two WatchManagers for data and child watches, merged).
// A watcher holds any combination of the four kinds on a path, as in ZooKeeper 3.9 (3.8 kept a
// single mode per watcher and path, so a later one-shot watch downgraded a persistent one).
class WatchManager {
  public:
    // Adding a kind the watcher already holds on `path` changes nothing.
    void add(std::string_view path, WatcherId watcher, WatchKind kind);
    // checkWatches: whether `watcher` holds a watch of `type` on exactly `path`. As in ZooKeeper
    // 3.8, children also means a persistent watch and data also either persistent kind; any
    // means any kind.
    bool contains(std::string_view path, WatcherId watcher, proto::WatcherType type) const;
    // removeWatches: drops the matching watches; false when there was none (NOWATCHER).
    bool remove(std::string_view path, WatcherId watcher, proto::WatcherType type);
    // The connection closed: forget all of its watches.
    void remove_watcher(WatcherId watcher);

    // Appends one delivery per watcher (deduplicated, ascending watcher id) for an event on
    // `path`, removing the one-shot watches that fire. created/dataChanged fire data watches,
    // deleted fires data and child watches, childrenChanged fires child watches; persistent
    // watches on exactly `path` fire for all four types and stay; persistent-recursive watches on
    // `path` or an ancestor fire for created, deleted and dataChanged and stay.
    void trigger(std::string_view path, proto::EventType type, std::vector<WatchDelivery>& out);

    // mntr's zk_watch_count: entries of ZooKeeper's data table plus entries of its child table
    // (a persistent watch sits in both).
    size_t watch_count() const { return table_entries_; }
    // The four-letter words below only look at ZooKeeper's data table: data, exists, persistent
    // and persistent-recursive watches, never one-shot child watches.
    // wchs: "<watcher_count> connections watching <watched_path_count> paths",
    // "Total watches:<data_watch_count>".
    size_t watched_path_count() const;
    size_t watcher_count() const;
    size_t data_watch_count() const;
    // wchc and wchp, sorted.
    std::map<WatcherId, std::vector<std::string>> by_watcher() const;
    std::map<std::string, std::vector<WatcherId>> by_path() const;

  private:
    struct Watch {
        WatcherId watcher;
        uint8_t kinds; // bit set of kind_bit(WatchKind)
    };
    // Lets the maps be searched with a string_view without building a std::string.
    struct PathHash {
        using is_transparent = void;
        size_t operator()(std::string_view path) const {
            return std::hash<std::string_view>{}(path);
        }
    };
    using PathSet = std::unordered_set<std::string, PathHash, std::equal_to<>>;

    // Replaces the kinds of `watches[index]` (on `path`), keeping every index and counter right;
    // with new_kinds == 0 the watch is erased.
    void set_kinds(const std::string& path, std::vector<Watch>& watches, size_t index,
                   uint8_t new_kinds);

    std::unordered_map<std::string, std::vector<Watch>, PathHash, std::equal_to<>> watches_;
    std::unordered_map<WatcherId, PathSet> paths_of_;
    size_t table_entries_ = 0;
    // Persistent-recursive watches registered; while zero, events skip the ancestor walk.
    size_t recursive_count_ = 0;
};

} // namespace zs::tree
