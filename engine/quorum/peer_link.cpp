#include "quorum/peer_link.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <cstring>
#include <vector>

namespace zs::quorum {

namespace asio = boost::asio;
using asio::use_awaitable;

namespace {

// Frames written together in one call, so that a burst of PROPOSALs and COMMITs costs few
// system calls.
constexpr size_t kMaxFramesPerWrite = 256;
constexpr size_t kReadChunkBytes = 64 * 1024;

int32_t read_be32(const unsigned char* bytes) {
    return static_cast<int32_t>((uint32_t(bytes[0]) << 24) | (uint32_t(bytes[1]) << 16) |
                                (uint32_t(bytes[2]) << 8) | uint32_t(bytes[3]));
}

} // namespace

PeerLink::PeerLink(asio::ip::tcp::socket socket, FrameHandler on_frame, ClosedHandler on_closed)
    : socket_(std::move(socket)), on_frame_(std::move(on_frame)), on_closed_(std::move(on_closed)),
      write_signal_(socket_.get_executor()) {
    write_signal_.expires_at(asio::steady_timer::time_point::max());
}

// Each coroutine is spawned from a function object that owns the link: a coroutine starts
// later, and its owner may have let go of the link by then (a vote to a peer that is down).
void PeerLink::start() {
    boost::system::error_code ec;
    socket_.set_option(asio::ip::tcp::no_delay(true), ec);
    auto self = shared_from_this();
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->read_loop(); }, asio::detached);
    asio::co_spawn(
        socket_.get_executor(), [self] { return self->write_loop(); }, asio::detached);
}

void PeerLink::connect(std::string host, uint16_t port) {
    asio::co_spawn(
        socket_.get_executor(),
        [self = shared_from_this(), host = std::move(host), port] {
            return self->dial(host, port);
        },
        asio::detached);
}

asio::awaitable<void> PeerLink::dial(std::string host, uint16_t port) {
    boost::system::error_code ec;
    asio::ip::tcp::resolver resolver(socket_.get_executor());
    const auto endpoints = co_await resolver.async_resolve(host, std::to_string(port),
                                                           asio::redirect_error(use_awaitable, ec));
    if (!ec && !closed_) {
        co_await asio::async_connect(socket_, endpoints, asio::redirect_error(use_awaitable, ec));
    }
    if (closed_) {
        co_return;
    }
    if (ec) {
        fail();
        co_return;
    }
    start();
}

void PeerLink::send(std::string_view body) {
    if (closed_) {
        return;
    }
    queue_.push_back(frame(body));
    write_signal_.cancel();
}

void PeerLink::close() {
    if (closed_) {
        return;
    }
    closed_ = true;
    queue_.clear();
    boost::system::error_code ec;
    socket_.shutdown(asio::ip::tcp::socket::shutdown_both, ec);
    socket_.close(ec);
    write_signal_.cancel();
}

void PeerLink::fail() {
    if (closed_) {
        return;
    }
    close();
    if (on_closed_) {
        on_closed_(*this);
    }
}

asio::awaitable<void> PeerLink::read_loop() {
    // Frames are read in bulk and taken apart here: under load one read brings dozens.
    std::vector<char> buffer(kReadChunkBytes);
    size_t begin = 0;
    size_t end = 0;
    while (!closed_) {
        while (end - begin >= 4) {
            const int32_t length =
                read_be32(reinterpret_cast<const unsigned char*>(buffer.data() + begin));
            if (length < 0 || length > kMaxFrameBytes) {
                fail(); // not a zoonode, or a damaged stream: nothing after it can be trusted
                co_return;
            }
            if (end - begin - 4 < size_t(length)) {
                break;
            }
            on_frame_(*this, std::string_view(buffer.data() + begin + 4, size_t(length)));
            begin += 4 + size_t(length);
            if (closed_) {
                co_return;
            }
        }
        // Keep the partial frame at the front, with room for the rest of it.
        if (begin > 0) {
            std::memmove(buffer.data(), buffer.data() + begin, end - begin);
            end -= begin;
            begin = 0;
        }
        if (end >= 4) {
            const size_t needed =
                4 + size_t(read_be32(reinterpret_cast<const unsigned char*>(buffer.data())));
            if (buffer.size() < needed) {
                buffer.resize(needed);
            }
        }
        if (buffer.size() > kReadChunkBytes && end == 0) {
            buffer = std::vector<char>(kReadChunkBytes); // a SNAP went by: give the memory back
        }
        boost::system::error_code ec;
        const size_t got =
            co_await socket_.async_read_some(asio::buffer(buffer.data() + end, buffer.size() - end),
                                             asio::redirect_error(use_awaitable, ec));
        if (ec) {
            break;
        }
        end += got;
    }
    fail();
}

asio::awaitable<void> PeerLink::write_loop() {
    std::vector<std::string> batch;
    std::vector<asio::const_buffer> buffers;
    while (!closed_) {
        if (queue_.empty()) {
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
        co_await asio::async_write(socket_, buffers, asio::redirect_error(use_awaitable, ec));
        if (ec) {
            fail();
            break;
        }
    }
}

} // namespace zs::quorum
