#include "server/snapshotter.h"

#include "server/clock.h"

#include <boost/asio/post.hpp>
#include <chrono>
#include <spdlog/spdlog.h>

namespace zs::server {
namespace {

namespace asio = boost::asio;

// About a millisecond of encoding: the longest a snapshot holds up requests.
constexpr size_t kPieceBytes = size_t(256) << 10;
// Encoded but unsaved bytes at which encoding waits for the saving thread.
constexpr size_t kMaxQueuedBytes = size_t(8) << 20;
constexpr auto kBackoff = std::chrono::milliseconds(2);

} // namespace

Snapshotter::Snapshotter(asio::io_context& io, storage::SnapshotStore& store, int64_t snap_count)
    : io_(io), store_(store), snap_count_(std::max<int64_t>(snap_count, 2)),
      random_(std::random_device{}()), backoff_timer_(io) {
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
    asio::post(saver_, [this, zxid = encoder_->zxid()] { begin_save(zxid); });
    asio::post(io_, [this] { encode_next(); });
}

void Snapshotter::encode_next() {
    if (encoder_ == nullptr) {
        return; // stopped
    }
    if (queued_bytes_ > kMaxQueuedBytes) {
        backoff_timer_.expires_after(kBackoff);
        backoff_timer_.async_wait([this](boost::system::error_code ec) {
            if (!ec) {
                encode_next();
            }
        });
        return;
    }
    const auto started = std::chrono::steady_clock::now();
    std::string piece = encoder_->next_chunk(kPieceBytes);
    const int64_t took_us = std::chrono::duration_cast<std::chrono::microseconds>(
                                std::chrono::steady_clock::now() - started)
                                .count();
    progress_.encoding_us += took_us;
    progress_.longest_piece_us = std::max(progress_.longest_piece_us, took_us);
    progress_.bytes += piece.size();
    ++progress_.pieces;
    queued_bytes_ += piece.size();
    asio::post(saver_, [this, piece = std::move(piece)] { save_piece(piece); });
    if (encoder_->done()) {
        encoder_.reset();
        asio::post(saver_, [this, progress = progress_] { finish_save(progress); });
    } else {
        // Behind the requests that arrived meanwhile.
        asio::post(io_, [this] { encode_next(); });
    }
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

void Snapshotter::save_piece(const std::string& piece) {
    queued_bytes_ -= piece.size();
    if (stopping_ || save_error_ || writer_ == nullptr) {
        return;
    }
    save_error_ = writer_->append(piece);
}

void Snapshotter::finish_save(const Progress& progress) {
    if (!stopping_ && !save_error_ && writer_ != nullptr) {
        save_error_ = writer_->commit();
    }
    writer_.reset(); // discards an uncommitted snapshot
    if (save_error_) {
        // The log still holds every txn, so recovery is only slower, never wrong.
        spdlog::error("could not save the snapshot at zxid 0x{:x}: {}", progress.zxid,
                      save_error_->message);
    } else if (!stopping_) {
        spdlog::info("snapshot at zxid 0x{:x}: {} znodes, {} bytes in {} pieces, saved in {} ms; "
                     "longest pause {:.1f} ms",
                     progress.zxid, progress.znodes, progress.bytes, progress.pieces,
                     steady_ms() - progress.started_ms, double(progress.longest_piece_us) / 1000.0);
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

void Snapshotter::stop() {
    if (stopping_.exchange(true)) {
        return;
    }
    backoff_timer_.cancel();
    encoder_.reset();
    saver_.join();
    writer_.reset();
}

} // namespace zs::server
