#pragma once

#include "proto/constants.h"
#include "proto/records.h"

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace zs::client {

// A change notification as the application sees it: the path is relative to the chroot.
struct WatchEvent {
    proto::EventType type = proto::EventType::none;
    std::string path;
};

using WatchCallback = std::function<void(const WatchEvent&)>;

// The kinds of watch a client can hold on a path. One-time: data (getData, or exists on an
// existing node), exist (exists on a missing node), child (getChildren). Permanent until removed:
// persistent and persistent_recursive (addWatch).
enum class WatchKind { data, exist, child, persistent, persistent_recursive };

// The client's side of its watches, as ZooKeeper's Java client keeps them (ZKWatchManager): who
// to call for each notification, what to re-register after a reconnect, what removeWatches may
// remove. Paths are the server's (chroot included). Not thread-safe; the client uses it from its
// strand.
class WatchRegistry {
  public:
    void add(WatchKind kind, const std::string& path, WatchCallback callback);

    // The callbacks a notification reaches; the one-time watches it fires are removed. As in
    // the Java client: creation and data changes reach data and exist watches, child-list
    // changes child watches, deletion all three; every event also reaches the persistent
    // watches on the path, and every event but NodeChildrenChanged the persistent_recursive
    // ones on the path or an ancestor.
    std::vector<WatchCallback> fire(proto::EventType type, const std::string& path);

    // Whether any watch of `type` (removeWatches' WatcherType) is held on `path`.
    bool has(proto::WatcherType type, const std::string& path) const;
    // Drops every watch of `type` on `path` and returns their callbacks (to tell them with a
    // *_watch_removed event).
    std::vector<std::pair<WatchKind, WatchCallback>> remove(proto::WatcherType type,
                                                            const std::string& path);

    // Everything to re-register after a reconnect (SetWatches2), relative to `last_zxid`.
    proto::SetWatches2 to_set_watches(int64_t last_zxid) const;
    bool empty() const;

  private:
    using Table = std::map<std::string, std::vector<WatchCallback>>;

    Table& table(WatchKind kind);
    const Table& table(WatchKind kind) const;
    static void take(Table& table, const std::string& path, std::vector<WatchCallback>& out);
    static void copy(const Table& table, const std::string& path, std::vector<WatchCallback>& out);

    Table data_;
    Table exist_;
    Table child_;
    Table persistent_;
    Table recursive_;
};

} // namespace zs::client
