// watch: a persistent (optionally recursive) watch whose events are printed as they come.
#include "output.h"
#include "session.h"
#include "zooctl.h"

#include <CLI/CLI.hpp>
#include <atomic>
#include <csignal>
#include <cstdio>
#include <fmt/format.h>
#include <pthread.h>

namespace zs::zooctl {
namespace {

namespace asio = boost::asio;
using client::SessionState;
using Clock = std::chrono::steady_clock;

struct WatchOptions {
    std::string path;
    bool recursive = false;
    int64_t count = 0;
};

// What the watch callback (on the client's strand) tells the waiting main thread.
struct Progress {
    std::atomic<int64_t> seen{0};
    std::atomic<bool> done{false};
};

int run_watch(const Globals& globals, const WatchOptions& options) {
    check_path(options.path);
    Session session(globals);
    // SIGINT and SIGTERM end the watch cleanly (closing the session): from here on the main
    // thread takes them with sigtimedwait below; the session's I/O thread never does.
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    auto progress = std::make_shared<Progress>();
    const bool json = globals.json;
    const int64_t limit = options.count;
    client::WatchCallback print = [progress, json, limit](const client::WatchEvent& event) {
        if (progress->done) {
            return;
        }
        if (json) {
            print_json({{"type", event_name(event.type)}, {"path", event.path}});
        } else {
            write_out(fmt::format("{} {}\n", event_name(event.type), event.path));
        }
        if (++progress->seen >= limit && limit > 0) {
            progress->done = true;
        }
    };
    const auto mode = options.recursive ? proto::AddWatchMode::persistent_recursive
                                        : proto::AddWatchMode::persistent;
    Session::value(options.path, session.client().add_watch(options.path, mode, std::move(print),
                                                            asio::use_future));
    std::fprintf(stderr, "zooctl: watching %s%s; stop with Ctrl-C\n", options.path.c_str(),
                 options.recursive ? " and everything under it" : "");

    bool lost = false;
    Clock::time_point lost_since;
    while (!progress->done) {
        timespec pause{0, 50'000'000};
        if (sigtimedwait(&stop_signals, nullptr, &pause) > 0) {
            break;
        }
        const SessionState state = session.state();
        if (state == SessionState::expired || state == SessionState::auth_failed ||
            state == SessionState::closed) {
            throw Failure(kExitZooKeeper,
                          fmt::format("{}: the session is {}; events may have been missed",
                                      options.path, client::to_string(state)));
        }
        const bool connected =
            state == SessionState::connected || state == SessionState::connected_read_only;
        if (connected && lost) {
            std::fprintf(stderr, "zooctl: reconnected to %s\n", session.client().server().c_str());
            lost = false;
        } else if (!connected && !lost) {
            std::fprintf(stderr, "zooctl: lost the connection; reconnecting\n");
            lost = true;
            lost_since = Clock::now();
        } else if (!connected && Clock::now() - lost_since > globals.timeout()) {
            throw Failure(kExitUsage,
                          fmt::format("cannot reconnect to {} within {:g} s (--timeout)",
                                      globals.servers, globals.timeout_seconds));
        }
    }
    return kExitOk;
}

} // namespace

void add_watch_command(CLI::App& app, Commands& commands) {
    auto watch = std::make_shared<WatchOptions>();
    CLI::App* command = app.add_subcommand(
        "watch", "print the node's events, one a line, until Ctrl-C (a persistent watch)");
    command->add_option("path", watch->path, "the node (it need not exist)")->required();
    command->add_flag("-r,--recursive", watch->recursive,
                      "the events of every node under it too (persistent recursive)");
    command->add_option("--count", watch->count, "stop after N events")->check(CLI::PositiveNumber);
    commands.push_back(
        {command, [watch](const Globals& globals) { return run_watch(globals, *watch); }});
}

} // namespace zs::zooctl
