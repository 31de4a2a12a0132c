#include "server/snapshotter.h"

#include "server/clock.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace zs::server {

Snapshotter::Snapshotter(storage::SnapshotStore& store, int64_t snap_count)
    : store_(store), snap_count_(std::max<int64_t>(snap_count, 2)),
      random_(std::random_device{}()) {
    draw_threshold();
}

Snapshotter::~Snapshotter() {
    join();
}

void Snapshotter::draw_threshold() {
    std::uniform_int_distribution<int64_t> half(0, snap_count_ / 2);
    threshold_ = snap_count_ / 2 + half(random_);
}

bool Snapshotter::saving() const {
    return !worker_done_.load();
}

void Snapshotter::join() {
    if (worker_.joinable()) {
        worker_.join();
    }
}

void Snapshotter::applied(const tree::DataTree& tree, const SessionSource& sessions) {
    if (++since_last_ < threshold_ || saving()) {
        return;
    }
    join();
    const int64_t started_ms = steady_ms();
    std::string bytes = tree::encode_snapshot(tree, sessions());
    const int64_t zxid = tree.last_processed_zxid();
    spdlog::info("snapshot at zxid 0x{:x}: {} znodes, {} bytes, encoded in {} ms", zxid,
                 tree.node_count(), bytes.size(), steady_ms() - started_ms);
    since_last_ = 0;
    draw_threshold();
    worker_done_ = false;
    worker_ = std::thread([this, zxid, bytes = std::move(bytes)] {
        if (auto error = store_.save(zxid, bytes)) {
            // The log still holds every txn, so recovery is only slower, never wrong.
            spdlog::error("could not save the snapshot at zxid 0x{:x}: {}", zxid, error->message);
        }
        worker_done_ = true;
    });
}

void Snapshotter::retain(size_t count, std::function<void(int64_t oldest_kept_zxid)> purged) {
    if (saving()) {
        return; // the next purge interval catches up
    }
    join();
    worker_done_ = false;
    worker_ = std::thread([this, count, purged = std::move(purged)] {
        if (auto error = store_.retain(count)) {
            spdlog::error("could not purge old snapshots: {}", error->message);
        } else if (const auto kept = store_.list(); !kept.empty()) {
            purged(kept.back().zxid); // list() is newest first
        }
        worker_done_ = true;
    });
}

void Snapshotter::stop() {
    join();
}

} // namespace zs::server
