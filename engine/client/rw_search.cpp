// Finding a read-write server while connected to a read-only one, as Java's ClientCnxn does
// (pingRwServer): the other servers are asked in turn with the "isro" four-letter word.
#include "client/client_impl.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>

namespace zs::client {

namespace asio = boost::asio;
using namespace std::chrono_literals;

namespace {

// Java's minPingRwTimeout and maxPingRwTimeout.
constexpr auto kFirstProbeDelay = 100ms;
constexpr auto kMaxProbeDelay = 60000ms;
// An answer is "rw" or "ro"; a server that takes longer than this is skipped this time.
constexpr auto kProbeTimeout = 1000ms;

} // namespace

struct RwProbe {
    explicit RwProbe(asio::strand<asio::any_io_executor>& strand)
        : resolver(strand), socket(strand), deadline(strand) {}
    asio::ip::tcp::resolver resolver;
    asio::ip::tcp::socket socket;
    asio::steady_timer deadline;
    size_t host = 0;
    std::string answer = std::string(2, '\0');
};

void Client::Impl::schedule_rw_probe(uint64_t connection) {
    rw_probe_interval = std::min<std::chrono::milliseconds>(
        std::max(rw_probe_interval * 2, kFirstProbeDelay), kMaxProbeDelay);
    rw_probe_timer.expires_after(rw_probe_interval);
    rw_probe_timer.async_wait(
        [self = shared_from_this(), connection](boost::system::error_code ec) {
            if (!ec && connection == self->generation) {
                self->probe_rw(connection);
            }
        });
}

void Client::Impl::cancel_rw_probe() {
    rw_probe_timer.cancel();
    if (rw_probe != nullptr) {
        boost::system::error_code ignored;
        rw_probe->resolver.cancel();
        rw_probe->socket.close(ignored);
        rw_probe->deadline.cancel();
        rw_probe.reset();
    }
}

void Client::Impl::probe_rw(uint64_t connection) {
    auto probe = std::make_shared<RwProbe>(strand);
    probe->host = next_host;
    next_host = (next_host + 1) % target.hosts.size();
    rw_probe = probe;
    // Whatever happens, the probe ends here: the next one is scheduled unless a server was found.
    auto finish = [self = shared_from_this(), probe, connection](bool read_write) {
        if (self->rw_probe != probe || connection != self->generation) {
            return; // superseded, or the connection it was for is gone
        }
        self->cancel_rw_probe();
        if (!read_write) {
            self->schedule_rw_probe(connection);
            return;
        }
        const HostPort& found = self->target.hosts[probe->host];
        self->next_host = probe->host;
        self->attempts_in_round = 0;
        self->drop("moving to the read-write server " + found.host + ":" +
                   std::to_string(found.port));
    };
    probe->deadline.expires_after(kProbeTimeout);
    probe->deadline.async_wait([finish](boost::system::error_code ec) {
        if (!ec) {
            finish(false);
        }
    });
    const HostPort& host = target.hosts[probe->host];
    probe->resolver.async_resolve(
        host.host, std::to_string(host.port),
        [probe, finish](boost::system::error_code ec, asio::ip::tcp::resolver::results_type found) {
            if (ec) {
                finish(false);
                return;
            }
            asio::async_connect(
                probe->socket, found,
                [probe, finish](boost::system::error_code connected,
                                const asio::ip::tcp::endpoint&) {
                    if (connected) {
                        finish(false);
                        return;
                    }
                    asio::async_write(
                        probe->socket, asio::buffer("isro", 4),
                        [probe, finish](boost::system::error_code written, size_t) {
                            if (written) {
                                finish(false);
                                return;
                            }
                            asio::async_read(
                                probe->socket, asio::buffer(probe->answer),
                                [probe, finish](boost::system::error_code, size_t got) {
                                    finish(got == 2 && probe->answer == "rw");
                                });
                        });
                });
        });
}

} // namespace zs::client
