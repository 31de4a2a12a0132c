// zoonode: one ZooKeeper-protocol server, configured by an Apache ZooKeeper zoo.cfg.
#include "ensemble/zoo_config.h"
#include "server/durable_storage.h"
#include "server/server.h"
#include "server/version.h"

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <spdlog/spdlog.h>

namespace {

// Exit codes: 0 clean shutdown, 2 bad configuration, unusable data directory or busy port.
constexpr int kExitConfig = 2;

void print_messages(const zs::ensemble::ConfigResult& result) {
    for (const auto& warning : result.warnings) {
        spdlog::warn("{}", warning.text);
    }
    for (const auto& error : result.errors) {
        fmt::print(stderr, "zoonode: {}\n", error.text);
    }
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"zoonode: a ZooKeeper-compatible server that reads Apache ZooKeeper's zoo.cfg"};
    std::string config_path;
    std::string log_level = "info";
    app.add_option("config", config_path, "zoo.cfg to run with")->required();
    app.add_option("--log-level", log_level, "trace, debug, info, warn or error")
        ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error"}));
    app.set_version_flag("--version", zs::server::full_version());
    CLI11_PARSE(app, argc, argv);

    spdlog::set_level(spdlog::level::from_str(log_level));
    std::signal(SIGPIPE, SIG_IGN);

    const zs::ensemble::ConfigResult loaded = zs::ensemble::load_zoo_config(config_path);
    print_messages(loaded);
    if (!loaded.config) {
        return kExitConfig;
    }
    const zs::ensemble::ZooConfig& config = *loaded.config;
    if (!config.is_standalone()) {
        fmt::print(stderr,
                   "zoonode: {}: {} server.N lines describe an ensemble; zoonode runs standalone "
                   "only in this version (remove the server.N lines, or keep just one)\n",
                   config_path, config.servers.size());
        return kExitConfig;
    }

    auto storage = zs::server::open_durable_storage(config);
    if (auto* error = std::get_if<std::string>(&storage)) {
        fmt::print(stderr, "zoonode: {}\n", *error);
        return kExitConfig;
    }
    boost::asio::io_context io(1);
    zs::server::Server server(io, config, std::move(std::get<zs::server::ServerStorage>(storage)));
    if (auto error = server.start()) {
        fmt::print(stderr, "zoonode: {}\n", *error);
        return kExitConfig;
    }
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (!ec) {
            spdlog::info("received signal {}, shutting down", signal);
            server.stop();
            io.stop();
        }
    });
    io.run();
    return 0;
}
