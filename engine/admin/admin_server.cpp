#include "admin/admin_server.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http.hpp>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace zs::admin {

namespace asio = boost::asio;
namespace http = boost::beast::http;
using asio::use_awaitable;

namespace {

// Trace lines kept for a client that subscribes later (a few seconds of an election).
constexpr size_t kRecentLines = 10000;
// A subscriber this far behind is dropped rather than let memory grow.
constexpr size_t kMaxQueuedLines = 100000;
// Requests are a line and a few headers; anything larger is not for us.
constexpr size_t kMaxRequestBytes = 8192;

std::string url_decode(std::string_view text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
        if (text[i] == '%' && i + 2 < text.size()) {
            const std::string hex(text.substr(i + 1, 2));
            char* end = nullptr;
            const long value = std::strtol(hex.c_str(), &end, 16);
            if (end == hex.c_str() + 2) {
                out.push_back(static_cast<char>(value));
                i += 2;
                continue;
            }
        }
        out.push_back(text[i] == '+' ? ' ' : text[i]);
    }
    return out;
}

Params parse_query(std::string_view query) {
    Params params;
    while (!query.empty()) {
        const size_t amp = query.find('&');
        const std::string_view pair = query.substr(0, amp);
        const size_t eq = pair.find('=');
        params[url_decode(pair.substr(0, eq))] =
            eq == std::string_view::npos ? "" : url_decode(pair.substr(eq + 1));
        query = amp == std::string_view::npos ? "" : query.substr(amp + 1);
    }
    return params;
}

} // namespace

class AdminServer::Subscriber {
  public:
    explicit Subscriber(asio::io_context& io) : signal(io) {
        signal.expires_at(asio::steady_timer::time_point::max());
    }
    std::deque<std::shared_ptr<const std::string>> queue;
    asio::steady_timer signal;
    bool dropped = false;
};

AdminServer::AdminServer(std::string address, uint16_t port, std::string command_url)
    : address_(std::move(address)), port_(port), command_url_(std::move(command_url)) {}

AdminServer::~AdminServer() {
    stop();
}

void AdminServer::add_command(Command command) {
    std::string name = command.name;
    commands_.emplace(std::move(name), std::move(command));
}

std::optional<std::string> AdminServer::start() {
    boost::system::error_code ec;
    const auto address = asio::ip::make_address(address_, ec);
    if (ec) {
        return fmt::format("admin.serverAddress '{}' is not an IP address", address_);
    }
    const asio::ip::tcp::endpoint endpoint(address, port_);
    acceptor_.open(endpoint.protocol(), ec);
    if (!ec) {
        acceptor_.set_option(asio::ip::tcp::acceptor::reuse_address(true), ec);
        acceptor_.bind(endpoint, ec);
    }
    if (!ec) {
        acceptor_.listen(asio::socket_base::max_listen_connections, ec);
    }
    if (ec) {
        return fmt::format("admin server: cannot listen on {}:{}: {}", address_, port_,
                           ec.message());
    }
    port_ = acceptor_.local_endpoint().port();
    asio::co_spawn(io_, accept_loop(), asio::detached);
    thread_ = std::thread([this] { io_.run(); });
    spdlog::info("admin server on http://{}:{}{}", address_, port_, command_url_);
    return std::nullopt;
}

void AdminServer::stop() {
    if (!thread_.joinable()) {
        return;
    }
    asio::post(io_, [this] {
        stopped_ = true;
        boost::system::error_code ec;
        acceptor_.close(ec);
        io_.stop();
    });
    thread_.join();
}

void AdminServer::publish_trace(std::string line) {
    line.push_back('\n');
    asio::post(io_, [this, shared = std::make_shared<const std::string>(std::move(line))] {
        recent_.push_back(shared);
        if (recent_.size() > kRecentLines) {
            recent_.pop_front();
        }
        for (const auto& subscriber : subscribers_) {
            if (subscriber->queue.size() >= kMaxQueuedLines) {
                subscriber->dropped = true;
            } else {
                subscriber->queue.push_back(shared);
            }
            subscriber->signal.cancel();
        }
    });
}

asio::awaitable<void> AdminServer::accept_loop() {
    while (!stopped_) {
        boost::system::error_code ec;
        asio::ip::tcp::socket socket =
            co_await acceptor_.async_accept(asio::redirect_error(use_awaitable, ec));
        if (ec) {
            if (stopped_ || ec == asio::error::operation_aborted) {
                co_return;
            }
            continue;
        }
        asio::co_spawn(io_, serve(std::move(socket)), asio::detached);
    }
}

std::pair<int, std::string> AdminServer::run_command(const std::string& target) {
    const size_t question = target.find('?');
    const std::string path = target.substr(0, question);
    const Params params =
        question == std::string::npos ? Params{} : parse_query(target.substr(question + 1));
    nlohmann::ordered_json answer;
    if (path == command_url_ || path == command_url_ + "/") {
        for (const auto& [name, command] : commands_) {
            answer["commands"][name] = command.help;
        }
        return {200, answer.dump(2)};
    }
    const std::string prefix = command_url_ + "/";
    const auto found =
        path.starts_with(prefix) ? commands_.find(path.substr(prefix.size())) : commands_.end();
    if (found == commands_.end()) {
        answer["error"] = fmt::format("no such command: {} (see {})", path, command_url_);
        return {404, answer.dump(2)};
    }
    CommandResult result = found->second.run(params);
    answer["command"] = found->first;
    if (result.error) {
        answer["error"] = *result.error;
        return {400, answer.dump(2)};
    }
    for (auto& [key, value] : result.body.items()) {
        answer[key] = value;
    }
    answer["error"] = nullptr;
    return {200, answer.dump(2)};
}

asio::awaitable<void> AdminServer::serve(asio::ip::tcp::socket socket) {
    boost::beast::flat_buffer buffer(kMaxRequestBytes);
    for (;;) {
        http::request_parser<http::empty_body> parser;
        parser.header_limit(kMaxRequestBytes);
        boost::system::error_code ec;
        co_await http::async_read(socket, buffer, parser, asio::redirect_error(use_awaitable, ec));
        if (ec) {
            co_return; // closed, or not HTTP: nothing to answer
        }
        const auto& request = parser.get();
        const std::string target(request.target());
        if (request.method() != http::verb::get && request.method() != http::verb::post) {
            http::response<http::string_body> response(http::status::method_not_allowed,
                                                       request.version());
            response.set(http::field::content_type, "application/json");
            response.body() = R"({"error": "use GET"})";
            response.prepare_payload();
            co_await http::async_write(socket, response, asio::redirect_error(use_awaitable, ec));
            co_return;
        }
        if (target == "/trace" || target.starts_with("/trace?")) {
            co_await stream_trace(std::move(socket));
            co_return;
        }
        const auto [status, body] = run_command(target);
        http::response<http::string_body> response(static_cast<http::status>(status),
                                                   request.version());
        response.set(http::field::content_type, "application/json");
        response.keep_alive(request.keep_alive());
        response.body() = body + "\n";
        response.prepare_payload();
        co_await http::async_write(socket, response, asio::redirect_error(use_awaitable, ec));
        if (ec || !request.keep_alive()) {
            co_return;
        }
    }
}

asio::awaitable<void> AdminServer::stream_trace(asio::ip::tcp::socket socket) {
    // The body ends when the connection does: no length, no chunks, for the simplest clients
    // (curl, a socket reading lines).
    static const std::string header = "HTTP/1.1 200 OK\r\n"
                                      "Content-Type: application/x-ndjson\r\n"
                                      "Cache-Control: no-cache\r\n"
                                      "Connection: close\r\n\r\n";
    auto subscriber = std::make_shared<Subscriber>(io_);
    subscriber->queue.assign(recent_.begin(), recent_.end());
    subscribers_.insert(subscriber);
    ++trace_clients_;
    boost::system::error_code ec;
    co_await asio::async_write(socket, asio::buffer(header),
                               asio::redirect_error(use_awaitable, ec));
    std::vector<std::shared_ptr<const std::string>> batch;
    std::vector<asio::const_buffer> buffers;
    while (!ec && !stopped_ && !subscriber->dropped) {
        if (subscriber->queue.empty()) {
            boost::system::error_code wait_ec;
            co_await subscriber->signal.async_wait(asio::redirect_error(use_awaitable, wait_ec));
            continue;
        }
        batch.assign(subscriber->queue.begin(), subscriber->queue.end());
        subscriber->queue.clear();
        buffers.clear();
        for (const auto& line : batch) {
            buffers.emplace_back(asio::buffer(*line));
        }
        co_await asio::async_write(socket, buffers, asio::redirect_error(use_awaitable, ec));
    }
    if (subscriber->dropped) {
        spdlog::warn("dropped a /trace client that fell {} lines behind", kMaxQueuedLines);
    }
    subscribers_.erase(subscriber);
    --trace_clients_;
}

} // namespace zs::admin
