#pragma once

#include "quorum/wire.h"
#include "server/awaitable.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace zs::quorum {

// One TCP connection between two zoonodes: frames out in the order they were queued, frames in
// handed to `on_frame` in the order they arrived. Either end may have dialled. When it breaks or
// is closed, `on_closed` runs once (not after close()).
class PeerLink : public std::enable_shared_from_this<PeerLink> {
  public:
    using FrameHandler = std::function<void(PeerLink& link, std::string_view body)>;
    using ClosedHandler = std::function<void(PeerLink& link)>;

    PeerLink(boost::asio::ip::tcp::socket socket, FrameHandler on_frame, ClosedHandler on_closed);

    // Starts reading and writing an open socket.
    void start();
    // Dials `host:port` first; frames queued meanwhile leave once connected. A failed dial
    // counts as a break.
    void connect(std::string host, uint16_t port);
    // Queues one frame body.
    void send(std::string_view body);
    // Closes at once; what is queued is dropped and on_closed does not run.
    void close();
    bool closed() const { return closed_; }

    // Set by the owner once it knows who is at the other end.
    zab::ServerId peer = 0;
    uint64_t id = 0;

  private:
    boost::asio::awaitable<void> dial(std::string host, uint16_t port);
    boost::asio::awaitable<void> read_loop();
    boost::asio::awaitable<void> write_loop();
    void fail();

    boost::asio::ip::tcp::socket socket_;
    FrameHandler on_frame_;
    ClosedHandler on_closed_;
    std::deque<std::string> queue_;
    boost::asio::steady_timer write_signal_;
    bool closed_ = false;
};

} // namespace zs::quorum
