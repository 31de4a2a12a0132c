#pragma once

#include "storage/snapshot_store.h"
#include "tree/data_tree.h"
#include "tree/snapshot.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <random>
#include <span>
#include <utility> // before Boost.Asio: its headers need it with g++ 12
#include <vector>

namespace zs::server {

// Takes a snapshot of the tree every snapCount txns, as ZooKeeper does, with the threshold drawn
// between snapCount/2 and snapCount so that the members of an ensemble do not all pause at once.
//
// A snapshot is the tree as of one zxid (a tree::SnapshotEncoder, which keeps the state of nodes
// that change before it reaches them). The snapshotter's own thread encodes it a step at a time
// and saves the pieces in order, so the network thread only pays for the nodes it changes before
// the encoder reaches them. The tree is shared between the two threads through one rule: whoever
// changes the tree holds tree_lock(), and the encoder runs only while holding it; the network
// thread's reads need no lock, as nothing else writes. A change waits for at most one encoding
// step. A snapshot that comes due while one is in progress waits for the next txn.
//
// The owner stops the snapshotter and the io_context before destroying it, as for the server's
// timers.
class Snapshotter {
  public:
    using SessionSource = std::function<std::vector<tree::SessionRecord>()>;

    Snapshotter(boost::asio::io_context& io, storage::SnapshotStore& store, int64_t snap_count);
    ~Snapshotter();
    Snapshotter(const Snapshotter&) = delete;
    Snapshotter& operator=(const Snapshotter&) = delete;

    // Held by whoever changes the tree, for the whole change.
    [[nodiscard]] std::unique_lock<std::mutex> tree_lock() { return std::unique_lock(tree_mutex_); }
    // Called after each applied txn, with tree_lock() held. `tree` must outlive the snapshotter.
    void applied(tree::DataTree& tree, const SessionSource& sessions);
    // autopurge: keeps only the newest `count` snapshots (on the saving thread, when no
    // snapshot is in progress), then calls `purged` with the zxid of the oldest one kept: the
    // log before it is no longer needed. `purged` runs on the saving thread.
    void retain(size_t count, std::function<void(int64_t oldest_kept_zxid)> purged);
    // Abandons a snapshot in progress (it is never listed) and waits for the saving thread.
    void stop();
    // The whole tree as one encoded snapshot, now (a leader sending SNAP). A periodic snapshot
    // in progress is abandoned, as a tree has one encoder at a time; the next one comes due
    // snapCount txns later.
    std::string encode_whole(tree::DataTree& tree, std::span<const tree::SessionRecord> sessions);
    // Abandons a snapshot in progress, as the tree is about to be replaced (a follower
    // synchronizing with its leader), then runs `use` with the store on the saving thread and
    // waits for it. Called on the io_context's thread.
    void run_exclusive(const std::function<void(storage::SnapshotStore& store)>& use);

  private:
    // What the log line of a finished snapshot reports.
    struct Progress {
        int64_t zxid = 0;
        size_t znodes = 0;
        size_t bytes = 0;
        size_t pieces = 0;
        int64_t started_ms = 0;
        int64_t encoding_us = 0;     // all steps together
        int64_t longest_step_us = 0; // the longest a change of the tree could wait
    };

    void draw_threshold();
    // The snapshotter's thread: opens the snapshot in the store, then encodes and saves one
    // piece per call until the encoder is done.
    void begin_save(int64_t zxid);
    void save_next_piece();
    // The next piece, encoded in steps that each hold the tree lock briefly; sets `done` after
    // the last one (and drops the encoder, which lets go of the tree).
    std::string encode_piece(bool& done);
    void finish_save();

    boost::asio::io_context& io_;
    storage::SnapshotStore& store_;
    int64_t snap_count_;
    int64_t threshold_ = 0;
    int64_t since_last_ = 0;
    std::mt19937_64 random_;
    bool busy_ = false; // a snapshot or purge is in progress (network thread)
    std::atomic<bool> stopping_{false};
    std::mutex tree_mutex_;
    // Created by the network thread, then used by the snapshotter's thread; both under
    // tree_mutex_.
    std::unique_ptr<tree::SnapshotEncoder> encoder_;
    // Used by the snapshotter's thread only, once applied() has handed the snapshot over.
    Progress progress_;
    std::unique_ptr<storage::SnapshotWriter> writer_;
    std::optional<storage::StorageError> save_error_;
    boost::asio::thread_pool saver_{1}; // last: its thread stops before the state above goes
};

} // namespace zs::server
