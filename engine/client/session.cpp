// Connecting, the handshake, the socket and the session's clock (pings, read timeout, request
// deadlines), as ZooKeeper's Java client (ClientCnxn) does them.
#include "client/client_impl.h"

#include <algorithm>
#include <boost/asio/connect.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/write.hpp>
#include <spdlog/spdlog.h>

namespace zs::client {
namespace {

namespace asio = boost::asio;
using namespace std::chrono_literals;

// Replies larger than this close the connection. Far above jute.maxbuffer, because a server
// lets getChildren replies of wide nodes grow past it, and a browser must still list them.
constexpr int32_t kMaxFrameBytes = 256 << 20;
// After every server has been tried, wait up to this long before the next round.
constexpr auto kMaxRoundPause = 1000ms;

// As Java's ClientCnxn: the watches to restore go in batches of about this many bytes of
// paths. A server drops a frame over its jute.maxbuffer (1 MiB by default), so a client holding
// many watches would otherwise fail every reconnect.
constexpr size_t kSetWatchesBatchBytes = 128 * 1024;

// `all` split into frames of about `limit` bytes of paths each, in Java's order (data, exist,
// child, persistent, persistent-recursive); a batch may pass the limit by its last path.
std::vector<proto::SetWatches2> batches(const proto::SetWatches2& all, size_t limit) {
    std::vector<std::string> proto::SetWatches2::*const lists[] = {
        &proto::SetWatches2::data_watches, &proto::SetWatches2::exist_watches,
        &proto::SetWatches2::child_watches, &proto::SetWatches2::persistent_watches,
        &proto::SetWatches2::persistent_recursive_watches};
    std::vector<proto::SetWatches2> out;
    size_t bytes = limit; // starts a batch at the first path
    for (const auto list : lists) {
        for (const std::string& path : all.*list) {
            if (bytes >= limit) {
                out.emplace_back().relative_zxid = all.relative_zxid;
                bytes = 0;
            }
            (out.back().*list).push_back(path);
            bytes += path.size();
        }
    }
    return out;
}

int32_t read_length(const char* bytes) {
    uint32_t value = 0;
    for (int i = 0; i < 4; ++i) {
        value = (value << 8) | uint8_t(bytes[i]);
    }
    return int32_t(value);
}

} // namespace

Client::Impl::Impl(asio::any_io_executor executor, ClientOptions client_options,
                   ConnectString connect)
    : strand(asio::make_strand(executor)), options(std::move(client_options)),
      target(std::move(connect)), chroot(target.chroot), resolver(strand), socket(strand),
      timer(strand), request_timer(strand), rw_probe_timer(strand) {
    std::shuffle(target.hosts.begin(), target.hosts.end(), random);
    session_id = options.session_id;
    // A session handed in was made by a read-write server (Java assumes so too).
    seen_rw_server = options.session_id != 0;
    password = options.session_password;
}

bool Client::Impl::final_state() const {
    const SessionState now = state;
    return now == SessionState::expired || now == SessionState::auth_failed ||
           now == SessionState::closed;
}

void Client::Impl::set_state(SessionState next) {
    if (state.exchange(next) != next && options.on_state) {
        options.on_state(next);
    }
}

void Client::Impl::connect_next() {
    if (final_state()) {
        return;
    }
    if (attempts_in_round < target.hosts.size()) {
        connect_next_now();
        return;
    }
    // Every server was tried: pause a little (randomly, so clients spread out) first.
    attempts_in_round = 0;
    const uint64_t pause = ++generation;
    timer.expires_after(std::chrono::milliseconds(random() % kMaxRoundPause.count()));
    timer.async_wait([self = shared_from_this(), pause](boost::system::error_code ec) {
        if (!ec && pause == self->generation) {
            self->connect_next_now();
        }
    });
}

void Client::Impl::connect_next_now() {
    const uint64_t attempt = ++generation;
    const HostPort& host = target.hosts[next_host];
    next_host = (next_host + 1) % target.hosts.size();
    ++attempts_in_round;
    {
        std::lock_guard lock(shared_mutex);
        server_name = "";
    }
    // Java's connect timeout: the session timeout shared among the servers.
    const auto connect_timeout =
        std::max<std::chrono::milliseconds>(options.session_timeout / target.hosts.size(), 100ms);
    timer.expires_after(connect_timeout);
    timer.async_wait([self = shared_from_this(), attempt](boost::system::error_code ec) {
        if (!ec && attempt == self->generation && !self->handshake_done) {
            self->drop("no connection within the connect timeout");
        }
    });
    const std::string name = host.host + ":" + std::to_string(host.port);
    resolver.async_resolve(
        host.host, std::to_string(host.port),
        [self = shared_from_this(), attempt, name](boost::system::error_code ec,
                                                   asio::ip::tcp::resolver::results_type found) {
            if (attempt != self->generation) {
                return;
            }
            if (ec) {
                self->drop("cannot resolve " + name + ": " + ec.message());
                return;
            }
            asio::async_connect(self->socket, found,
                                [self, attempt, name](boost::system::error_code connected,
                                                      const asio::ip::tcp::endpoint&) {
                                    if (attempt != self->generation) {
                                        return;
                                    }
                                    if (connected) {
                                        self->drop("cannot connect to " + name + ": " +
                                                   connected.message());
                                        return;
                                    }
                                    {
                                        std::lock_guard lock(self->shared_mutex);
                                        self->server_name = name;
                                    }
                                    self->on_connected(attempt);
                                });
        });
}

void Client::Impl::on_connected(uint64_t attempt) {
    boost::system::error_code ignored;
    socket.set_option(asio::ip::tcp::no_delay(true), ignored);
    proto::ConnectRequest request;
    request.last_zxid_seen = last_zxid;
    request.timeout_ms = int32_t(options.session_timeout.count());
    request.session_id = seen_rw_server ? session_id.load() : 0;
    {
        std::lock_guard lock(shared_mutex);
        request.passwd.assign(password.begin(), password.end());
    }
    request.read_only = options.can_be_read_only;
    proto::Writer writer;
    writer.begin_frame();
    request.write(writer);
    writer.end_frame();
    last_receive = Clock::now();
    send_frame(writer.take());
    start_read(attempt);
    schedule_tick(attempt);
}

void Client::Impl::on_handshake(std::string_view frame) {
    proto::Reader reader(frame);
    const proto::ConnectResponse response = proto::ConnectResponse::read(reader);
    if (!reader.ok()) {
        drop("the server's handshake reply does not decode");
        return;
    }
    if (response.timeout_ms <= 0) {
        // The server no longer knows the session: it expired while we were away.
        set_state(SessionState::expired);
        fail_all(proto::ErrorCode::session_expired);
        drop("the session has expired");
        return;
    }
    handshake_done = true;
    attempts_in_round = 0;
    session_id = response.session_id;
    negotiated_ms = response.timeout_ms;
    // The clock ran on the requested timeout until now; a server that granted less (its
    // maxSessionTimeout) expires the session unless the pings follow the granted one at once.
    schedule_tick(generation);
    {
        std::lock_guard lock(shared_mutex);
        std::copy_n(response.passwd.begin(), std::min<size_t>(response.passwd.size(), 16),
                    password.begin());
    }
    set_state(response.read_only ? SessionState::connected_read_only : SessionState::connected);
    if (response.read_only) {
        schedule_rw_probe(generation);
    } else {
        seen_rw_server = true;
        rw_probe_interval = std::chrono::milliseconds(0);
    }

    // What the session held before: its identities, then its watches, then the requests that
    // waited for the connection.
    std::deque<Completion> pending_auth = std::move(auth_waiting);
    auth_waiting.clear();
    const size_t first_new = auths.size() - auth_before_connect.size();
    for (size_t i = 0; i < auths.size(); ++i) {
        proto::Writer writer;
        writer.begin_frame();
        proto::RequestHeader{proto::xid::auth, proto::op::auth}.write(writer);
        auths[i].write(writer);
        writer.end_frame();
        send_frame(writer.take());
        // Identities added before this connection hear the server's answer; the others were
        // answered on an earlier connection.
        auth_waiting.push_back(i < first_new ? Completion()
                                             : std::move(auth_before_connect[i - first_new]));
    }
    auth_before_connect.clear();
    for (Completion& done : pending_auth) {
        if (done) {
            done(proto::ErrorCode::connection_loss, nullptr);
        }
    }
    if (!watches.empty()) {
        for (const proto::SetWatches2& set :
             batches(watches.to_set_watches(last_zxid), kSetWatchesBatchBytes)) {
            proto::Writer writer;
            writer.begin_frame();
            if (set.persistent_watches.empty() && set.persistent_recursive_watches.empty()) {
                // Servers before 3.6 know only setWatches.
                proto::RequestHeader{proto::xid::set_watches, proto::op::set_watches}.write(writer);
                proto::SetWatches{set.relative_zxid, set.data_watches, set.exist_watches,
                                  set.child_watches}
                    .write(writer);
            } else {
                proto::RequestHeader{proto::xid::set_watches, proto::op::set_watches2}.write(
                    writer);
                set.write(writer);
            }
            writer.end_frame();
            send_frame(writer.take());
        }
    }
    std::deque<Request> queued = std::move(waiting);
    waiting.clear();
    for (Request& request : queued) {
        send_request(request);
    }
}

void Client::Impl::start_read(uint64_t attempt) {
    if (input.size() - input_used < 64 * 1024) {
        input.resize(std::max<size_t>(input.size() * 2, 128 * 1024));
    }
    socket.async_read_some(
        asio::buffer(input.data() + input_used, input.size() - input_used),
        [self = shared_from_this(), attempt](boost::system::error_code ec, size_t bytes) {
            if (attempt != self->generation) {
                return;
            }
            if (ec) {
                self->drop(ec == asio::error::eof ? "the server closed the connection"
                                                  : "read failed: " + ec.message());
                return;
            }
            self->last_receive = Clock::now();
            self->input_used += bytes;
            size_t start = 0;
            while (self->input_used - start >= 4 && attempt == self->generation) {
                const int32_t length = read_length(self->input.data() + start);
                if (length < 0 || length > kMaxFrameBytes) {
                    self->drop("the server sent a frame of " + std::to_string(length) + " bytes");
                    return;
                }
                if (self->input_used - start - 4 < size_t(length)) {
                    if (size_t(length) + 4 > self->input.size()) {
                        self->input.resize(size_t(length) + 4);
                    }
                    break;
                }
                const std::string_view frame(self->input.data() + start + 4, size_t(length));
                start += 4 + size_t(length);
                if (self->handshake_done) {
                    self->on_frame(frame);
                } else {
                    self->on_handshake(frame);
                }
            }
            if (attempt != self->generation) {
                return;
            }
            std::copy(self->input.begin() + long(start),
                      self->input.begin() + long(self->input_used), self->input.begin());
            self->input_used -= start;
            self->start_read(attempt);
        });
}

void Client::Impl::send_frame(std::string frame) {
    output += frame;
    last_send = Clock::now();
    if (!write_busy) {
        flush_output(generation);
    }
}

void Client::Impl::flush_output(uint64_t attempt) {
    writing.swap(output);
    output.clear();
    write_busy = true;
    asio::async_write(socket, asio::buffer(writing),
                      [self = shared_from_this(), attempt](boost::system::error_code ec, size_t) {
                          if (attempt != self->generation) {
                              return;
                          }
                          self->write_busy = false;
                          if (ec) {
                              self->drop("write failed: " + ec.message());
                          } else if (!self->output.empty()) {
                              self->flush_output(attempt);
                          }
                      });
}

void Client::Impl::schedule_tick(uint64_t attempt) {
    // Java's read timeout: two thirds of the session timeout; a ping after half of it idle.
    const auto session =
        handshake_done ? std::chrono::milliseconds(negotiated_ms.load()) : options.session_timeout;
    const auto read_timeout = session * 2 / 3;
    timer.expires_after(std::max<std::chrono::milliseconds>(read_timeout / 4, 10ms));
    timer.async_wait(
        [self = shared_from_this(), attempt, read_timeout](boost::system::error_code ec) {
            if (ec || attempt != self->generation) {
                return;
            }
            const Clock::time_point now = Clock::now();
            if (now - self->last_receive > read_timeout) {
                self->drop("no reply from the server in " +
                           std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(
                                              now - self->last_receive)
                                              .count()) +
                           " ms");
                return;
            }
            if (self->handshake_done && now - self->last_send >= read_timeout / 2) {
                proto::Writer writer;
                writer.begin_frame();
                proto::RequestHeader{proto::xid::ping, proto::op::ping}.write(writer);
                writer.end_frame();
                self->send_frame(writer.take());
            }
            self->schedule_tick(attempt);
        });
}

void Client::Impl::schedule_request_check() {
    // A quarter of the timeout: a request fails at most 25% late.
    request_timer.expires_after(
        std::max<std::chrono::milliseconds>(options.request_timeout / 4, 10ms));
    request_timer.async_wait([self = shared_from_this()](boost::system::error_code ec) {
        if (ec || self->final_state()) {
            return;
        }
        self->expire_requests(Clock::now());
        self->schedule_request_check();
    });
}

void Client::Impl::drop(const std::string& why) {
    const bool was_connected = handshake_done;
    ++generation;
    boost::system::error_code ignored;
    socket.close(ignored);
    timer.cancel();
    resolver.cancel();
    cancel_rw_probe();
    write_busy = false;
    output.clear();
    writing.clear();
    input_used = 0;
    handshake_done = false;
    {
        std::lock_guard lock(shared_mutex);
        server_name.clear();
        last_problem = why;
    }
    spdlog::debug("zookeeper client: session 0x{:x}: {}", session_id.load(), why);
    std::deque<Completion> pending_auth = std::move(auth_waiting);
    auth_waiting.clear();
    for (Completion& done : pending_auth) {
        if (done) {
            done(proto::ErrorCode::connection_loss, nullptr);
        }
    }
    const auto final_error = [this] {
        return state == SessionState::auth_failed ? proto::ErrorCode::auth_failed
                                                  : proto::ErrorCode::session_expired;
    };
    if (final_state()) {
        fail_all(final_error());
        std::deque<Completion> unsent_auth = std::move(auth_before_connect);
        auth_before_connect.clear();
        for (Completion& done : unsent_auth) {
            done(final_error(), nullptr);
        }
        return;
    }
    // Only what was sent is lost; requests not sent yet wait for the next connection.
    fail_in_flight(proto::ErrorCode::connection_loss);
    if (final_state()) {
        // A completion ended the session (close() in flight completes this way): no reconnect,
        // and no going back from closed to suspended.
        fail_all(final_error());
        return;
    }
    if (was_connected) {
        set_state(SessionState::suspended);
    }
    asio::post(strand, [self = shared_from_this()] { self->connect_next(); });
}

void Client::Impl::shutdown() {
    options.on_state = nullptr; // the application is gone
    set_state(SessionState::closed);
    request_timer.cancel();
    drop("the client was destroyed");
}

} // namespace zs::client
