#pragma once

#include "storage/snapshot_store.h"
#include "tree/data_tree.h"
#include "tree/snapshot.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/thread_pool.hpp>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <utility> // before Boost.Asio: its headers need it with g++ 12
#include <vector>

namespace zs::server {

// Takes a snapshot of the tree every snapCount txns, as ZooKeeper does, with the threshold drawn
// between snapCount/2 and snapCount so that the members of an ensemble do not all pause at once.
//
// A snapshot is the tree as of one zxid, encoded a piece at a time on the network thread (a
// tree::SnapshotEncoder, which keeps the state of nodes that change before it reaches them), so
// requests run between pieces and the longest pause is one piece. The pieces are saved in order
// on a thread of the snapshotter's own; when saving falls behind, encoding waits rather than
// holding the snapshot in memory. A snapshot that comes due while one is in progress waits for
// the next txn.
//
// Everything but the saving runs on the io_context's thread; the owner stops the snapshotter and
// the io_context before destroying it, as for the server's timers.
class Snapshotter {
  public:
    using SessionSource = std::function<std::vector<tree::SessionRecord>()>;

    Snapshotter(boost::asio::io_context& io, storage::SnapshotStore& store, int64_t snap_count);
    ~Snapshotter();
    Snapshotter(const Snapshotter&) = delete;
    Snapshotter& operator=(const Snapshotter&) = delete;

    // Called after each applied txn. `tree` must outlive the snapshotter.
    void applied(tree::DataTree& tree, const SessionSource& sessions);
    // autopurge: keeps only the newest `count` snapshots (on the saving thread, when no
    // snapshot is in progress), then calls `purged` with the zxid of the oldest one kept: the
    // log before it is no longer needed. `purged` runs on the saving thread.
    void retain(size_t count, std::function<void(int64_t oldest_kept_zxid)> purged);
    // Abandons a snapshot in progress (it is never listed) and waits for the saving thread.
    void stop();

  private:
    // What the log line of a finished snapshot reports.
    struct Progress {
        int64_t zxid = 0;
        size_t znodes = 0;
        size_t bytes = 0;
        size_t pieces = 0;
        int64_t started_ms = 0;
        int64_t encoding_us = 0; // all pieces together: the network thread's share
        int64_t longest_piece_us = 0;
    };

    void draw_threshold();
    // Encodes the next piece and hands it to the saving thread.
    void encode_next();
    // The saving thread's side.
    void begin_save(int64_t zxid);
    void save_piece(const std::string& piece);
    void finish_save(const Progress& progress);

    boost::asio::io_context& io_;
    storage::SnapshotStore& store_;
    int64_t snap_count_;
    int64_t threshold_ = 0;
    int64_t since_last_ = 0;
    std::mt19937_64 random_;
    bool busy_ = false; // a snapshot or purge is in progress
    std::unique_ptr<tree::SnapshotEncoder> encoder_;
    Progress progress_;
    boost::asio::steady_timer backoff_timer_;
    std::atomic<size_t> queued_bytes_{0}; // pieces handed over but not saved yet
    std::atomic<bool> stopping_{false};
    // Used by the saving thread only.
    std::unique_ptr<storage::SnapshotWriter> writer_;
    std::optional<storage::StorageError> save_error_;
    boost::asio::thread_pool saver_{1}; // last: its thread stops before the state above goes
};

} // namespace zs::server
