#include "server/connection.h"

#include "server/four_letter.h"
#include "server/server.h"

#include <algorithm>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cassert>
#include <cstring>
#include <spdlog/spdlog.h>

namespace zs::server {

namespace asio = boost::asio;
using asio::awaitable;
using asio::use_awaitable;

namespace {

// A client that stops reading while it keeps sending would make its replies pile up here without
// bound; past this many queued bytes the server stops reading from it until the queue drains.
constexpr size_t kQueueHighWaterBytes = 8 * 1024 * 1024;
constexpr size_t kQueueLowWaterBytes = 1024 * 1024;
// Reads ask the socket for this much at a time, so that a pipelining client's requests arrive
// many per system call.
constexpr size_t kReadChunkBytes = 16 * 1024;
// Writes are gathered so that a pipelining client costs one syscall per batch, not per reply.
constexpr size_t kMaxFramesPerWrite = 64;
// ZooKeeper closes a connection that has not completed its handshake within this time
// (zookeeper.nio.sessionlessCnxnTimeout).
constexpr auto kHandshakeTimeout = std::chrono::seconds(10);

int32_t read_be32(std::string_view bytes) {
    return static_cast<int32_t>((uint32_t(uint8_t(bytes[0])) << 24) |
                                (uint32_t(uint8_t(bytes[1])) << 16) |
                                (uint32_t(uint8_t(bytes[2])) << 8) | uint32_t(uint8_t(bytes[3])));
}

} // namespace

Connection::Connection(Server& server, asio::ip::tcp::socket socket, uint64_t id)
    : server_(server), socket_(std::move(socket)), write_signal_(socket_.get_executor()),
      reader_signal_(socket_.get_executor()), deadline_(socket_.get_executor()), id_(id) {
    boost::system::error_code ec;
    auto endpoint = socket_.remote_endpoint(ec);
    if (!ec) {
        remote_ip_ = endpoint.address().to_string();
        remote_port_ = endpoint.port();
    }
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    socket_.non_blocking(true, ec); // flush_replies() must never block the io thread
    auth_.remote_ip = remote_ip_;
    write_signal_.expires_at(asio::steady_timer::time_point::max());
    reader_signal_.expires_at(asio::steady_timer::time_point::max());
    deadline_.expires_after(kHandshakeTimeout);
}

void Connection::start() {
    auto self = shared_from_this();
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->read_loop(); }, asio::detached);
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->write_loop(); }, asio::detached);
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->watchdog(); }, asio::detached);
}

void Connection::bind_session(int64_t session_id, int32_t timeout_ms) {
    session_id_ = session_id;
    session_timeout_ms_ = timeout_ms;
    handshaken_ = true;
    // From now on the session's expiry decides the connection's fate.
    deadline_.expires_at(asio::steady_timer::time_point::max());
}

void Connection::push_in_flight(int64_t received_ms, bool at_head, int32_t xid, int32_t type) {
    PendingRequest request{true, {}, received_ms, xid, type};
    if (at_head) {
        pending_.push_front(std::move(request));
    } else {
        pending_.push_back(std::move(request));
    }
}

void Connection::defer(std::string_view payload, int64_t received_ms) {
    pending_.push_back(PendingRequest{false, std::string(payload), received_ms});
}

PendingRequest Connection::pop_in_flight() {
    assert(!pending_.empty() && pending_.front().in_flight);
    PendingRequest request = std::move(pending_.front());
    pending_.pop_front();
    return request;
}

std::optional<PendingRequest> Connection::pop_deferred() {
    if (pending_.empty() || pending_.front().in_flight) {
        return std::nullopt;
    }
    PendingRequest request = std::move(pending_.front());
    pending_.pop_front();
    return request;
}

void Connection::release_reads() {
    reads_held_ = false;
    reader_signal_.cancel();
}

void Connection::send(std::string frame) {
    if (closed_ || close_after_flush_) {
        return;
    }
    ++stats_.packets_sent;
    server_.stats().packets_sent++;
    server_.stats().record_response(static_cast<int64_t>(frame.size()));
    enqueue(std::move(frame));
}

void Connection::enqueue(std::string frame) {
    queued_bytes_ += frame.size();
    queue_.push_back(std::move(frame));
    write_signal_.cancel_one();
}

void Connection::close_after_flush() {
    close_after_flush_ = true;
    write_signal_.cancel_one();
}

void Connection::abort() {
    if (closed_) {
        return;
    }
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    on_closed();
}

void Connection::on_closed() {
    closed_ = true;
    queue_.clear();
    pending_.clear();
    queued_bytes_ = 0;
    write_signal_.cancel();
    reader_signal_.cancel();
    deadline_.cancel();
    server_.on_connection_closed(*this);
}

void Connection::flush_replies() {
    if (writing_ || closed_ || queue_.empty()) {
        return;
    }
    flush_buffers_.clear();
    for (const std::string& frame : queue_) {
        if (flush_buffers_.size() == kMaxFramesPerWrite) {
            break;
        }
        flush_buffers_.emplace_back(asio::buffer(frame));
    }
    boost::system::error_code ec;
    size_t written = socket_.write_some(flush_buffers_, ec);
    if (ec) {
        return; // would_block or a failure: the write loop carries on and reports it
    }
    queued_bytes_ -= std::min(queued_bytes_, written);
    while (written > 0) {
        std::string& front = queue_.front();
        if (written < front.size()) {
            front.erase(0, written);
            break;
        }
        written -= front.size();
        queue_.pop_front();
    }
}

awaitable<bool> Connection::fill(size_t n) {
    if (input_end_ - input_begin_ < n) {
        flush_replies();
    }
    while (input_end_ - input_begin_ < n) {
        if (input_begin_ > 0) {
            std::memmove(input_.data(), input_.data() + input_begin_, input_end_ - input_begin_);
            input_end_ -= input_begin_;
            input_begin_ = 0;
        }
        if (input_.size() < std::max(n, kReadChunkBytes)) {
            input_.resize(std::max(n, kReadChunkBytes));
        }
        boost::system::error_code ec;
        const size_t got = co_await socket_.async_read_some(
            asio::buffer(input_.data() + input_end_, input_.size() - input_end_),
            asio::redirect_error(use_awaitable, ec));
        if (ec) {
            co_return false;
        }
        input_end_ += got;
    }
    co_return true;
}

std::string_view Connection::take(size_t n) {
    const std::string_view bytes(input_.data() + input_begin_, n);
    input_begin_ += n;
    return bytes;
}

void Connection::release_large_buffer() {
    // A frame near jute.maxbuffer grew the buffer to a megabyte; an idle connection should not
    // keep that.
    if (input_begin_ == input_end_ && input_.size() > kReadChunkBytes) {
        input_ = std::vector<char>(kReadChunkBytes);
        input_begin_ = input_end_ = 0;
    }
}

awaitable<void> Connection::read_loop() {
    auto self = shared_from_this();
    bool first_frame = true;
    while (!closed_ && !close_after_flush_) {
        if (!co_await fill(4)) {
            break;
        }
        const int32_t length = read_be32(take(4));
        if (first_frame) {
            first_frame = false;
            if (auto command = four_letter_command(length)) {
                // The answer is plain text, not a frame, and closes the connection.
                ++stats_.packets_received;
                ++server_.stats().packets_received;
                enqueue(server_.four_letter(*command));
                close_after_flush();
                co_return;
            }
        }
        if (length < 0 || length > server_.max_buffer_bytes()) {
            spdlog::warn("closing connection from {}:{}: frame length {} outside 0..{}", remote_ip_,
                         remote_port_, length, server_.max_buffer_bytes());
            break;
        }
        if (!co_await fill(static_cast<size_t>(length))) {
            break;
        }
        const std::string_view frame = take(static_cast<size_t>(length));
        ++stats_.packets_received;
        ++server_.stats().packets_received;
        if (!handshaken_) {
            server_.on_connect_request(*this, frame);
        } else {
            server_.on_request(*this, frame);
        }
        release_large_buffer();
        // Stop reading rather than let replies or txns in flight pile up without bound.
        while (!closed_ && (queued_bytes_ > kQueueHighWaterBytes || reads_held_ ||
                            server_.writes_backlogged())) {
            boost::system::error_code ec;
            co_await reader_signal_.async_wait(asio::redirect_error(use_awaitable, ec));
        }
    }
    if (!close_after_flush_) {
        abort();
    }
}

awaitable<void> Connection::write_loop() {
    auto self = shared_from_this();
    std::vector<std::string> batch;
    std::vector<asio::const_buffer> buffers;
    while (!closed_) {
        if (queue_.empty()) {
            if (close_after_flush_) {
                boost::system::error_code ec;
                socket_.shutdown(asio::ip::tcp::socket::shutdown_send, ec);
                abort();
                break;
            }
            boost::system::error_code ec;
            co_await write_signal_.async_wait(asio::redirect_error(use_awaitable, ec));
            continue;
        }
        batch.clear();
        buffers.clear();
        while (!queue_.empty() && batch.size() < kMaxFramesPerWrite) {
            batch.push_back(std::move(queue_.front()));
            queue_.pop_front();
        }
        for (const auto& frame : batch) {
            buffers.emplace_back(asio::buffer(frame));
        }
        boost::system::error_code ec;
        writing_ = true;
        co_await asio::async_write(socket_, buffers, asio::redirect_error(use_awaitable, ec));
        writing_ = false;
        if (ec) {
            abort();
            break;
        }
        for (const auto& frame : batch) {
            queued_bytes_ -= std::min(queued_bytes_, frame.size());
        }
        if (queued_bytes_ < kQueueLowWaterBytes) {
            reader_signal_.cancel();
        }
    }
}

awaitable<void> Connection::watchdog() {
    auto self = shared_from_this();
    while (!closed_) {
        boost::system::error_code ec;
        co_await deadline_.async_wait(asio::redirect_error(use_awaitable, ec));
        if (!closed_ && deadline_.expiry() <= asio::steady_timer::clock_type::now()) {
            spdlog::info("closing connection from {}:{}: no handshake within {} s", remote_ip_,
                         remote_port_, kHandshakeTimeout.count());
            abort();
        }
    }
}

} // namespace zs::server
