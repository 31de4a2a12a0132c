// zooctl: ZooKeeper from the command line, for zoonode and Apache ZooKeeper alike.
#include "bench.h"
#include "simulate.h"
#include "zooctl.h"

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <exception>

namespace {

// One line on stderr, as every zooctl error is.
void print_error(std::string message) {
    std::replace(message.begin(), message.end(), '\n', ' ');
    std::fprintf(stderr, "zooctl: %s\n", message.c_str());
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"zooctl: inspect and change ZooKeeper ensembles (zoonode or Apache ZooKeeper)",
                 "zooctl"};
    app.require_subcommand(1);
    // Global options may also come after the command: `zooctl get /a --json`.
    app.fallthrough();
    zs::zooctl::Globals globals;
    app.add_option("-s,--server", globals.servers,
                   "connect string: host[:port][,host[:port]...][/chroot]")
        ->capture_default_str();
    app.add_flag("--json", globals.json, "print one JSON document per command (watch: per event)");
    app.add_option("--timeout", globals.timeout_seconds,
                   "seconds to wait for a connection (and to reconnect while watching)")
        ->capture_default_str()
        ->check(CLI::Validator(
            [](std::string& value) {
                char* end = nullptr;
                const double seconds = std::strtod(value.c_str(), &end);
                return *end == '\0' && seconds > 0 ? std::string()
                                                   : std::string("expected seconds above 0");
            },
            "SECONDS"));
    app.add_flag("-r,--read-only", globals.read_only,
                 "accept a server cut off from its quorum, which answers reads only");
    app.add_option("--auth", globals.auths,
                   "SCHEME:AUTH, e.g. digest:user:password: an identity added to the session "
                   "before the command (repeatable)")
        ->allow_extra_args(false);

    zs::zooctl::Commands commands;
    zs::zooctl::add_read_commands(app, commands);
    zs::zooctl::add_write_commands(app, commands);
    zs::zooctl::add_acl_commands(app, commands);
    zs::zooctl::add_watch_command(app, commands);
    zs::zooctl::add_four_letter_command(app, commands);
    zs::zooctl::add_transfer_commands(app, commands);

    zs::zooctl::BenchOptions bench;
    CLI::App* bench_command =
        app.add_subcommand("bench", "a pipelined load generator: ops/s and latency percentiles");
    bench_command->add_option("workload", bench.workload)
        ->check(CLI::IsMember({"populate", "read", "write", "mixed", "create-delete"}))
        ->capture_default_str();
    bench_command->add_option("--parent", bench.parent, "where the benchmark znodes live")
        ->capture_default_str();
    bench_command
        ->add_option("--count", bench.count,
                     "znodes to use (populate: to create); 0: the parent's children")
        ->capture_default_str();
    bench_command->add_option("--size", bench.size_bytes, "bytes written per znode")
        ->capture_default_str()
        ->check(CLI::Range(0, 1 << 20));
    bench_command->add_option("--sessions", bench.sessions)
        ->capture_default_str()
        ->check(CLI::Range(1, 10000));
    bench_command->add_option("--window", bench.window, "outstanding requests per session")
        ->capture_default_str()
        ->check(CLI::Range(1, 100000));
    bench_command->add_option("--seconds", bench.seconds, "measured time")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    bench_command->add_option("--warmup", bench.warmup_seconds, "time before measuring")
        ->capture_default_str()
        ->check(CLI::NonNegativeNumber);
    bench_command->add_option("--read-ratio", bench.read_ratio, "share of reads in mixed")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 1.0));
    bench_command->add_option("--threads", bench.threads, "client I/O threads")
        ->capture_default_str()
        ->check(CLI::Range(1, 64));

    zs::zooctl::SimulateOptions simulate;
    CLI::App* simulate_command = app.add_subcommand(
        "simulate", "seeded random runs of the replication core under faults, checked "
                    "(no server involved)");
    simulate_command->add_option("--seeds", simulate.seeds, "how many runs")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);
    simulate_command
        ->add_option("--first", simulate.first, "the first seed (a failing seed replays)")
        ->capture_default_str();
    simulate_command->add_option("--participants", simulate.participants)
        ->capture_default_str()
        ->check(CLI::Range(1, 15));
    simulate_command->add_option("--observers", simulate.observers)
        ->capture_default_str()
        ->check(CLI::Range(0, 15));
    simulate_command->add_flag("--trace", simulate.trace,
                               "print every event of every run, one NDJSON line each");
    simulate_command
        ->add_option("--chaos-ticks", simulate.chaos_ticks,
                     "how long faults are injected before everything is healed")
        ->capture_default_str()
        ->check(CLI::PositiveNumber);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        if (e.get_exit_code() == int(CLI::ExitCodes::Success)) {
            return app.exit(e); // --help
        }
        // Name the command whose arguments are wrong, if one was recognised.
        std::string command;
        for (const CLI::App* sub : app.get_subcommands()) {
            command = sub->get_name();
        }
        if (command.empty() && !app.remaining().empty()) {
            const std::string first = app.remaining().front();
            print_error((first.starts_with('-') ? "unknown option '" : "unknown command '") +
                        first + "' (see zooctl --help)");
        } else if (command.empty()) {
            const bool no_command = dynamic_cast<const CLI::RequiredError*>(&e) != nullptr &&
                                    app.get_subcommands().empty();
            print_error((no_command ? std::string("a command is required") : e.what()) +
                        std::string(" (see zooctl --help)"));
        } else {
            print_error(command + ": " + e.what() + " (see zooctl " + command + " --help)");
        }
        return zs::zooctl::kExitUsage;
    }

    if (simulate_command->parsed()) {
        return zs::zooctl::run_simulate(simulate);
    }
    if (bench_command->parsed()) {
        bench.servers = globals.servers;
        return zs::zooctl::run_bench(bench);
    }
    for (const zs::zooctl::Command& command : commands) {
        if (!command.app->parsed()) {
            continue;
        }
        try {
            return command.run(globals);
        } catch (const zs::zooctl::Failure& failure) {
            print_error(failure.what());
            return failure.exit_code();
        } catch (const std::exception& e) {
            print_error(std::string("unexpected error: ") + e.what());
            return zs::zooctl::kExitZooKeeper;
        }
    }
    return zs::zooctl::kExitUsage;
}
