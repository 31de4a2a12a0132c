#include "server/snapshotter.h"

#include "server/clock.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <future>
#include <spdlog/spdlog.h>

namespace zs::server {
namespace {

namespace asio = boost::asio;

// What one call to the encoder produces while holding the tree lock: about a quarter of a
// millisecond of work, the longest a change of the tree waits for a snapshot.
constexpr size_t kStepBytes = size_t(64) << 10;
// What one row of the snapshot store holds.
constexpr size_t kPieceBytes = size_t(256) << 10;

int64_t micros_since(std::chrono::steady_clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                 start)
        .count();
}

} // namespace

Snapshotter::Snapshotter(asio::io_context& io, storage::SnapshotStore& store, int64_t snap_count)
    : io_(io), store_(store), snap_count_(std::max<int64_t>(snap_count, 2)),
      random_(std::random_device{}()) {
    draw_threshold();
}

Snapshotter::~Snapshotter() {
    stop();
}

void Snapshotter::draw_threshold() {
    std::uniform_int_distribution<int64_t> half(0, snap_count_ / 2);
    threshold_ = snap_count_ / 2 + half(random_);
}

void Snapshotter::applied(tree::DataTree& tree, const SessionSource& sessions) {
    if (++since_last_ < threshold_ || busy_ || stopping_) {
        return;
    }
    busy_ = true;
    since_last_ = 0;
    draw_threshold();
    encoder_ = std::make_unique<tree::SnapshotEncoder>(tree, sessions());
    progress_ = Progress{encoder_->zxid(), tree.node_count(), 0, 0, steady_ms(), 0, 0};
    asio::post(saver_, [this, zxid = encoder_->zxid()] {
        begin_save(zxid);
        save_next_piece();
    });
}

void Snapshotter::begin_save(int64_t zxid) {
    save_error_.reset();
    auto begun = store_.begin(zxid);
    if (auto* error = std::get_if<storage::StorageError>(&begun)) {
        save_error_ = *error;
    } else {
        writer_ = std::move(std::get<std::unique_ptr<storage::SnapshotWriter>>(begun));
    }
}

std::string Snapshotter::encode_piece(bool& done) {
    std::string piece;
    done = false;
    while (!done && piece.size() < kPieceBytes) {
        std::lock_guard lock(tree_mutex_);
        if (encoder_ == nullptr) {
            // Stopped, or abandoned by run_exclusive(): this snapshot is never committed.
            done = true;
            save_error_ = storage::StorageError{"abandoned, the tree was replaced"};
            return piece;
        }
        const auto started = std::chrono::steady_clock::now();
        piece += encoder_->next_chunk(kStepBytes);
        done = encoder_->done();
        if (done) {
            encoder_.reset();
        }
        const int64_t took_us = micros_since(started);
        progress_.encoding_us += took_us;
        progress_.longest_step_us = std::max(progress_.longest_step_us, took_us);
    }
    return piece;
}

void Snapshotter::save_next_piece() {
    if (stopping_) {
        return;
    }
    bool done = false;
    const std::string piece = encode_piece(done);
    progress_.bytes += piece.size();
    ++progress_.pieces;
    // After a failed write the encoder still runs to its end, so that the tree's marks agree
    // again without one long walk under the lock.
    if (!save_error_ && writer_ != nullptr) {
        save_error_ = writer_->append(piece);
    }
    if (done) {
        finish_save();
    } else {
        asio::post(saver_, [this] { save_next_piece(); });
    }
}

void Snapshotter::finish_save() {
    if (!stopping_ && !save_error_ && writer_ != nullptr) {
        save_error_ = writer_->commit();
    }
    writer_.reset(); // discards an uncommitted snapshot
    if (save_error_) {
        // The log still holds every txn, so recovery is only slower, never wrong.
        spdlog::error("could not save the snapshot at zxid 0x{:x}: {}", progress_.zxid,
                      save_error_->message);
    } else if (!stopping_) {
        spdlog::info("snapshot at zxid 0x{:x}: {} znodes, {} bytes in {} pieces, saved in {} ms; "
                     "encoding took {:.1f} ms, changes waited at most {:.2f} ms",
                     progress_.zxid, progress_.znodes, progress_.bytes, progress_.pieces,
                     steady_ms() - progress_.started_ms, double(progress_.encoding_us) / 1000.0,
                     double(progress_.longest_step_us) / 1000.0);
    }
    if (!stopping_) {
        asio::post(io_, [this] { busy_ = false; });
    }
}

void Snapshotter::retain(size_t count, std::function<void(int64_t oldest_kept_zxid)> purged) {
    if (busy_ || stopping_) {
        return; // the next purge interval catches up
    }
    busy_ = true;
    asio::post(saver_, [this, count, purged = std::move(purged)] {
        if (stopping_) {
            return;
        }
        if (auto error = store_.retain(count)) {
            spdlog::error("could not purge old snapshots: {}", error->message);
        } else if (const auto kept = store_.list(); !kept.empty()) {
            purged(kept.back().zxid); // list() is newest first
        }
        asio::post(io_, [this] { busy_ = false; });
    });
}

std::string Snapshotter::encode_whole(tree::DataTree& tree,
                                      std::span<const tree::SessionRecord> sessions) {
    std::lock_guard lock(tree_mutex_);
    encoder_.reset();
    return tree::encode_snapshot(tree, sessions);
}

void Snapshotter::run_exclusive(const std::function<void(storage::SnapshotStore& store)>& use) {
    {
        std::lock_guard lock(tree_mutex_);
        encoder_.reset();
    }
    std::promise<void> finished;
    asio::post(saver_, [this, &use, &finished] {
        writer_.reset(); // a save cut short between two pieces
        use(store_);
        finished.set_value();
    });
    finished.get_future().wait();
}

void Snapshotter::stop() {
    if (stopping_.exchange(true)) {
        return;
    }
    {
        std::lock_guard lock(tree_mutex_);
        encoder_.reset();
    }
    saver_.join();
    writer_.reset();
}

} // namespace zs::server
