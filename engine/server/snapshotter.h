#pragma once

#include "storage/snapshot_store.h"
#include "tree/data_tree.h"
#include "tree/snapshot.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <random>
#include <thread>
#include <vector>

namespace zs::server {

// Takes a snapshot of the tree every snapCount txns, as ZooKeeper does, with the threshold drawn
// between snapCount/2 and snapCount so that the members of an ensemble do not all pause at once.
// The tree is encoded on the calling (network) thread, which is the pause clients see; the bytes
// are saved on a thread of the snapshotter's own. A snapshot that comes due while the previous
// one is still being saved waits for the next txn.
class Snapshotter {
  public:
    using SessionSource = std::function<std::vector<tree::SessionRecord>()>;

    Snapshotter(storage::SnapshotStore& store, int64_t snap_count);
    ~Snapshotter();
    Snapshotter(const Snapshotter&) = delete;
    Snapshotter& operator=(const Snapshotter&) = delete;

    // Called after each applied txn.
    void applied(const tree::DataTree& tree, const SessionSource& sessions);
    // autopurge: keeps only the newest `count` snapshots (on the saving thread, when no save is
    // running), then calls `purged` with the zxid of the oldest one kept: the log before it is no
    // longer needed. `purged` runs on the saving thread.
    void retain(size_t count, std::function<void(int64_t oldest_kept_zxid)> purged);
    // Waits for a save or purge in progress.
    void stop();

  private:
    bool saving() const;
    void join();
    void draw_threshold();

    storage::SnapshotStore& store_;
    int64_t snap_count_;
    int64_t threshold_ = 0;
    int64_t since_last_ = 0;
    std::mt19937_64 random_;
    std::thread worker_;
    std::atomic<bool> worker_done_{true};
};

} // namespace zs::server
