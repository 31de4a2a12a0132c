// fourletter (4lw): a four-letter word to the first server of -s, over a plain TCP connection
// (no session), and the server's reply as it is.
#include "client/connect_string.h"
#include "output.h"
#include "zooctl.h"

#include <CLI/CLI.hpp>
#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read.hpp>
#include <boost/asio/write.hpp>
#include <fmt/format.h>
#include <unistd.h>

namespace zs::zooctl {
namespace {

namespace asio = boost::asio;
using asio::ip::tcp;

struct Exchange {
    std::string reply;
    std::string error; // why the connection failed, "" when it did not
    bool finished = false;
};

// Connects, sends `word` and reads until the server closes, all within `timeout`.
Exchange exchange(const client::HostPort& host, const std::string& word,
                  std::chrono::milliseconds timeout) {
    asio::io_context io;
    tcp::resolver resolver(io);
    tcp::socket socket(io);
    Exchange result;
    std::array<char, 4096> buffer{};
    std::function<void()> read_more = [&] {
        socket.async_read_some(
            asio::buffer(buffer), [&](boost::system::error_code ec, size_t bytes) {
                result.reply.append(buffer.data(), bytes);
                if (ec) {
                    // The server closes the connection after its reply: eof (or a reset) ends it.
                    if (ec != asio::error::eof && ec != asio::error::connection_reset &&
                        result.reply.empty()) {
                        result.error = ec.message();
                    }
                    result.finished = true;
                    return;
                }
                read_more();
            });
    };
    resolver.async_resolve(
        host.host, std::to_string(host.port),
        [&](boost::system::error_code resolved, const tcp::resolver::results_type& found) {
            if (resolved) {
                result.error = "cannot resolve: " + resolved.message();
                result.finished = true;
                return;
            }
            asio::async_connect(
                socket, found, [&](boost::system::error_code connected, const tcp::endpoint&) {
                    if (connected) {
                        result.error = connected.message();
                        result.finished = true;
                        return;
                    }
                    asio::async_write(socket, asio::buffer(word),
                                      [&](boost::system::error_code written, size_t) {
                                          if (written) {
                                              result.error = written.message();
                                              result.finished = true;
                                              return;
                                          }
                                          read_more();
                                      });
                });
        });
    io.run_for(timeout);
    return result;
}

int run_four_letter(const Globals& globals, const std::string& word) {
    if (word.size() != 4 ||
        !std::all_of(word.begin(), word.end(), [](char c) { return c >= 'a' && c <= 'z'; })) {
        throw usage_failure(fmt::format(
            "fourletter: '{}' is not a four-letter word (ruok, srvr, stat, mntr, conf, ...)",
            word));
    }
    auto parsed = client::ConnectString::parse(globals.servers);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        throw usage_failure("-s: " + *error);
    }
    const client::HostPort host = std::get<client::ConnectString>(parsed).hosts.front();
    const std::string server = fmt::format("{}:{}", host.host, host.port);
    const Exchange result = exchange(host, word, globals.timeout());
    if (!result.finished) {
        throw Failure(kExitUsage, fmt::format("{}: no reply to {} within {:g} s (--timeout)",
                                              server, word, globals.timeout_seconds));
    }
    if (!result.error.empty()) {
        throw Failure(kExitUsage, fmt::format("cannot connect to {}: {}", server, result.error));
    }
    if (result.reply.empty()) {
        throw Failure(
            kExitZooKeeper,
            fmt::format("{}: the server closed the connection without answering {}", server, word));
    }
    if (result.reply.find("is not executed because it is not in the whitelist") !=
        std::string::npos) {
        throw Failure(
            kExitZooKeeper,
            fmt::format("{}: {} is not in the server's 4lw.commands.whitelist", server, word));
    }
    if (globals.json) {
        print_json({{"server", server}, {"command", word}, {"reply", result.reply}});
        return kExitOk;
    }
    std::string text = result.reply;
    if (isatty(STDOUT_FILENO) == 1 && text.back() != '\n') {
        text += '\n';
    }
    write_out(text);
    return kExitOk;
}

} // namespace

void add_four_letter_command(CLI::App& app, Commands& commands) {
    auto word = std::make_shared<std::string>();
    CLI::App* command = app.add_subcommand(
        "fourletter", "send a four-letter word (ruok, srvr, mntr, conf, cons, envi, stat, ...) "
                      "to the first server of -s and print its reply");
    command->alias("4lw");
    command->add_option("word", *word, "the command")->required();
    commands.push_back(
        {command, [word](const Globals& globals) { return run_four_letter(globals, *word); }});
}

} // namespace zs::zooctl
