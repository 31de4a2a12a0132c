#include "quorum/peer_network.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace zs::quorum {

namespace asio = boost::asio;
using zab::ServerId;

PeerNetwork::PeerNetwork(asio::io_context& io, ServerId self, std::vector<PeerAddress> members,
                         Listener listener)
    : io_(io), self_(self), members_(std::move(members)), listener_(std::move(listener)),
      quorum_acceptor_(io), election_acceptor_(io) {}

PeerNetwork::~PeerNetwork() {
    stop();
}

const PeerAddress* PeerNetwork::address_of(ServerId id) const {
    for (const PeerAddress& member : members_) {
        if (member.id == id) {
            return &member;
        }
    }
    const auto learned = learned_.find(id);
    return learned != learned_.end() ? &learned->second : nullptr;
}

std::optional<std::string> PeerNetwork::listen(asio::ip::tcp::acceptor& acceptor,
                                               const std::string& host, uint16_t port) {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(host, ec);
    if (ec) {
        return fmt::format("'{}' is not an IP address to listen on: {}", host, ec.message());
    }
    const asio::ip::tcp::endpoint endpoint(address, port);
    acceptor.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
        acceptor.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return fmt::format("cannot listen on {}:{}: {}", host, port, ec.message());
    }
    return std::nullopt;
}

std::optional<std::string> PeerNetwork::start() {
    const PeerAddress* me = address_of(self_);
    if (me == nullptr) {
        return fmt::format("server.{} is not in the server list", self_);
    }
    self_address_ = *me;
    if (auto error = listen(quorum_acceptor_, me->host, me->quorum_port)) {
        return fmt::format("quorum port: {}", *error);
    }
    if (auto error = listen(election_acceptor_, me->host, me->election_port)) {
        return fmt::format("election port: {}", *error);
    }
    asio::co_spawn(io_, accept_loop(quorum_acceptor_), asio::detached);
    asio::co_spawn(io_, accept_loop(election_acceptor_), asio::detached);
    spdlog::info("server.{}: quorum port {}:{}, election port {}:{}", self_, me->host,
                 me->quorum_port, me->host, me->election_port);
    return std::nullopt;
}

void PeerNetwork::stop() {
    if (stopped_) {
        return;
    }
    stopped_ = true;
    boost::system::error_code ec;
    quorum_acceptor_.close(ec);
    election_acceptor_.close(ec);
    for (auto& [peer, held] : held_) {
        if (held.timer) {
            held.timer->cancel();
        }
    }
    for (auto* links : {&unidentified_, &election_in_}) {
        for (auto& [id, link] : *links) {
            link->close();
        }
        links->clear();
    }
    for (auto* links : {&election_out_, &learner_links_}) {
        for (auto& [id, link] : *links) {
            link->close();
        }
        links->clear();
    }
}

asio::awaitable<void> PeerNetwork::accept_loop(asio::ip::tcp::acceptor& acceptor) {
    while (!stopped_) {
        boost::system::error_code ec;
        asio::ip::tcp::socket socket =
            co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
            if (stopped_ || ec == asio::error::operation_aborted) {
                co_return;
            }
            continue;
        }
        auto link = make_link(std::move(socket));
        unidentified_.emplace(link->id, link);
        link->start();
    }
}

std::shared_ptr<PeerLink> PeerNetwork::make_link(asio::ip::tcp::socket socket) {
    auto link = std::make_shared<PeerLink>(
        std::move(socket), [this](PeerLink& l, std::string_view body) { on_frame(l, body); },
        [this](PeerLink& l) { on_closed(l); });
    link->id = next_link_id_++;
    return link;
}

void PeerNetwork::on_frame(PeerLink& link, std::string_view body) {
    if (auto pending = unidentified_.find(link.id); pending != unidentified_.end()) {
        std::shared_ptr<PeerLink> owned = pending->second;
        unidentified_.erase(pending);
        const std::optional<Hello> hello = decode_hello(body);
        if (!hello || hello->from == self_ || dropped_.contains(hello->from)) {
            if (!hello) {
                spdlog::warn("closing a peer connection whose first frame is no hello");
            }
            owned->close();
            return;
        }
        if (address_of(hello->from) == nullptr) {
            spdlog::info("server.{} is not a member here; answering it at {}:{}", hello->from,
                         hello->host, hello->election_port);
            learned_[hello->from] =
                PeerAddress{hello->from, hello->host, hello->quorum_port, hello->election_port};
        }
        owned->peer = hello->from;
        if (hello->channel == Channel::election) {
            election_in_.emplace(owned->id, owned);
            return;
        }
        spdlog::debug("server.{}: learner link {} from server.{}", self_, owned->id, hello->from);
        if (auto old = learner_links_.find(hello->from); old != learner_links_.end()) {
            // The peer dialled again: its old connection is gone, whether we noticed or not.
            old->second->close();
            learner_links_.erase(old);
            listener_.link_lost(hello->from);
        }
        learner_links_[hello->from] = owned;
        return;
    }
    std::optional<zab::Body> decoded = decode_body(body);
    const bool on_election = election_in_.contains(link.id);
    if (!decoded || on_election != std::holds_alternative<zab::Notification>(*decoded)) {
        spdlog::warn("closing the connection from server.{}: a malformed or misplaced message",
                     link.peer);
        auto keep = link.shared_from_this();
        link.close();
        on_closed(link);
        return;
    }
    after_delay(link.peer, [this, from = link.peer, message = std::move(*decoded)]() mutable {
        if (!dropped_.contains(from)) {
            listener_.received(from, std::move(message));
        }
    });
}

void PeerNetwork::on_closed(PeerLink& link) {
    unidentified_.erase(link.id);
    election_in_.erase(link.id);
    if (auto out = election_out_.find(link.peer);
        out != election_out_.end() && out->second.get() == &link) {
        election_out_.erase(out);
    }
    if (auto learner = learner_links_.find(link.peer);
        learner != learner_links_.end() && learner->second.get() == &link) {
        learner_links_.erase(learner);
        spdlog::debug("server.{}: learner link {} with server.{} closed", self_, link.id,
                      link.peer);
        if (!stopped_) {
            // After the messages that were held before the link broke.
            after_delay(link.peer, [this, peer = link.peer] { listener_.link_lost(peer); });
        }
    }
}

void PeerNetwork::send(const zab::Message& message) {
    after_delay(message.to, [this, message] { send_now(message); });
}

void PeerNetwork::after_delay(ServerId peer, std::function<void()> step) {
    const auto delay = delays_.find(peer);
    Held& held = held_[peer];
    if ((delay == delays_.end() || delay->second.count() == 0) && held.steps.empty()) {
        step();
        return;
    }
    const auto amount = delay == delays_.end() ? std::chrono::milliseconds(0) : delay->second;
    held.steps.emplace_back(std::chrono::steady_clock::now() + amount, std::move(step));
    if (!held.timer) {
        held.timer = std::make_unique<asio::steady_timer>(io_);
    }
    if (held.steps.size() == 1) {
        held.timer->expires_at(held.steps.front().first);
        held.timer->async_wait([this, peer](boost::system::error_code ec) {
            if (!ec && !stopped_) {
                run_due(peer);
            }
        });
    }
}

void PeerNetwork::run_due(ServerId peer) {
    Held& held = held_[peer];
    const auto now = std::chrono::steady_clock::now();
    while (!held.steps.empty() && held.steps.front().first <= now) {
        auto step = std::move(held.steps.front().second);
        held.steps.pop_front();
        step();
    }
    if (!held.steps.empty()) {
        held.timer->expires_at(held.steps.front().first);
        held.timer->async_wait([this, peer](boost::system::error_code ec) {
            if (!ec && !stopped_) {
                run_due(peer);
            }
        });
    }
}

void PeerNetwork::delay_traffic(ServerId peer, std::chrono::milliseconds delay) {
    if (delay.count() <= 0) {
        delays_.erase(peer);
    } else {
        delays_[peer] = delay;
    }
}

void PeerNetwork::send_now(const zab::Message& message) {
    if (stopped_ || dropped_.contains(message.to)) {
        return;
    }
    const bool notification = std::holds_alternative<zab::Notification>(message.body);
    auto& links = notification ? election_out_ : learner_links_;
    auto found = links.find(message.to);
    if (found == links.end()) {
        // A link that exists is used even when a reconfig removed its peer from the members.
        const PeerAddress* to = address_of(message.to);
        if (to == nullptr) {
            return;
        }
        auto link = make_link(asio::ip::tcp::socket(io_));
        link->peer = message.to;
        link->send(encode_hello(Hello{self_, notification ? Channel::election : Channel::learner,
                                      self_address_.host, self_address_.quorum_port,
                                      self_address_.election_port}));
        link->connect(to->host, notification ? to->election_port : to->quorum_port);
        found = links.emplace(message.to, std::move(link)).first;
    }
    found->second->send(encode_body(message.body));
}

void PeerNetwork::set_members(std::vector<PeerAddress> members) {
    members_ = std::move(members);
}

void PeerNetwork::close_link(ServerId peer) {
    if (auto found = learner_links_.find(peer); found != learner_links_.end()) {
        found->second->close();
        learner_links_.erase(found);
    }
}

void PeerNetwork::drop_traffic(ServerId peer, bool drop) {
    if (!drop) {
        dropped_.erase(peer);
        return;
    }
    dropped_.insert(peer);
    if (auto out = election_out_.find(peer); out != election_out_.end()) {
        out->second->close();
        election_out_.erase(out);
    }
    for (auto it = election_in_.begin(); it != election_in_.end();) {
        if (it->second->peer == peer) {
            it->second->close();
            it = election_in_.erase(it);
        } else {
            ++it;
        }
    }
    if (auto learner = learner_links_.find(peer); learner != learner_links_.end()) {
        learner->second->close();
        learner_links_.erase(learner);
        listener_.link_lost(peer);
    }
}

} // namespace zs::quorum
