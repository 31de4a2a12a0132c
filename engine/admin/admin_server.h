#pragma once

#include "server/awaitable.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace zs::admin {

// A command's query parameters (?server=2&traffic=drop).
using Params = std::map<std::string, std::string>;

// What a command answers: a JSON object, or an error for the caller (HTTP 400 with the message).
struct CommandResult {
    nlohmann::ordered_json body;
    std::optional<std::string> error;
};

struct Command {
    std::string name;
    std::string help;
    // Runs on the admin server's thread; it may wait for the server's own thread.
    std::function<CommandResult(const Params& params)> run;
};

// zoonode's admin server, as ZooKeeper's AdminServer: HTTP on admin.serverAddress and
// admin.serverPort, commands under admin.commandURL ("/commands/<name>", answered in JSON;
// "/commands" lists them), plus "/trace": the replication core's trace events as NDJSON, the
// recent ones first, then live until the client hangs up. It runs on a thread of its own, so
// that it answers while the server's thread is busy or paused.
class AdminServer {
  public:
    AdminServer(std::string address, uint16_t port, std::string command_url);
    ~AdminServer();
    AdminServer(const AdminServer&) = delete;
    AdminServer& operator=(const AdminServer&) = delete;

    // Before start().
    void add_command(Command command);
    // Listens and starts the thread; a message saying why on failure.
    std::optional<std::string> start();
    void stop();
    uint16_t port() const { return port_; }

    // Any thread: one NDJSON line (no newline) for /trace.
    void publish_trace(std::string line);
    // Any thread: whether a client follows /trace now.
    bool has_trace_clients() const { return trace_clients_ > 0; }

  private:
    class Subscriber;

    boost::asio::awaitable<void> accept_loop();
    boost::asio::awaitable<void> serve(boost::asio::ip::tcp::socket socket);
    boost::asio::awaitable<void> stream_trace(boost::asio::ip::tcp::socket socket);
    std::pair<int, std::string> run_command(const std::string& target);

    std::string address_;
    uint16_t port_;
    std::string command_url_;
    std::map<std::string, Command> commands_;
    boost::asio::io_context io_{1};
    boost::asio::ip::tcp::acceptor acceptor_{io_};
    std::thread thread_;
    // Admin thread only.
    std::deque<std::shared_ptr<const std::string>> recent_;
    std::set<std::shared_ptr<Subscriber>> subscribers_;
    std::atomic<size_t> trace_clients_{0};
    bool stopped_ = false;
};

} // namespace zs::admin
