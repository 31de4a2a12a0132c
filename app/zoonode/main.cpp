// zoonode: one ZooKeeper-protocol server, configured by an Apache ZooKeeper zoo.cfg.
#include "admin_commands.h"
#include "ensemble/zoo_config.h"
#include "quorum/peer.h"
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

// Exit codes: 0 clean shutdown, 2 bad configuration, unusable data directory or busy port,
// 3 a member of an ensemble that could no longer write its log.
constexpr int kExitConfig = 2;
constexpr int kExitStorage = 3;
// Txns kept in memory for learners that fall behind; further behind, they get a snapshot.
constexpr size_t kLogWindowTxns = 100000;

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
    if (!config.is_standalone() && !config.my_id) {
        fmt::print(stderr,
                   "zoonode: {}: {}/myid is missing: a member of an ensemble must know "
                   "which server.N it is\n",
                   config_path, config.data_dir.string());
        return kExitConfig;
    }

    auto storage = zs::server::open_durable_storage(config);
    if (auto* error = std::get_if<std::string>(&storage)) {
        fmt::print(stderr, "zoonode: {}\n", *error);
        return kExitConfig;
    }
    auto& stores = std::get<zs::server::ServerStorage>(storage);
    const zs::zab::DurableState epochs{stores.log->accepted_epoch(), stores.log->current_epoch()};
    auto window = std::make_unique<zs::quorum::LogWindow>(kLogWindowTxns);
    if (!config.is_standalone()) {
        window->load(*stores.log);
    }
    boost::asio::io_context io(1);
    zs::server::Server server(io, config, std::move(stores));
    int exit_code = 0;
    std::unique_ptr<zs::quorum::Peer> peer;
    if (!config.is_standalone()) {
        peer = std::make_unique<zs::quorum::Peer>(io, config, server, epochs, std::move(window),
                                                  [&](const std::string&) {
                                                      exit_code = kExitStorage;
                                                      server.stop();
                                                      io.stop();
                                                  });
        server.set_replication(peer.get());
    }
    if (auto error = server.start()) {
        fmt::print(stderr, "zoonode: {}\n", *error);
        return kExitConfig;
    }
    zs::zoonode::Pauser pauser;
    std::unique_ptr<zs::admin::AdminServer> admin;
    if (config.admin_enable_server) {
        admin = std::make_unique<zs::admin::AdminServer>(
            config.admin_server_address, config.admin_server_port, config.admin_command_url);
        zs::zoonode::add_admin_commands(*admin, io, server, peer.get(), pauser);
        if (peer) {
            zs::zoonode::stream_trace(*admin, *peer);
        }
        if (auto error = admin->start()) {
            // As ZooKeeper does: the server runs on without its admin server.
            spdlog::error("{}; running without it", *error);
            admin.reset();
        }
    }
    if (peer) {
        if (auto error = peer->start()) {
            fmt::print(stderr, "zoonode: {}\n", *error);
            return kExitConfig;
        }
    }
    boost::asio::signal_set signals(io, SIGTERM, SIGINT);
    signals.async_wait([&](const boost::system::error_code& ec, int signal) {
        if (!ec) {
            spdlog::info("received signal {}, shutting down", signal);
            pauser.resume();
            if (peer) {
                peer->stop();
            }
            server.stop();
            io.stop();
        }
    });
    io.run();
    return exit_code;
}
