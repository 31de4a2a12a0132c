// zkbench: load generator for ZooKeeper-protocol servers, driven through Apache's C client so that
// Apache ZooKeeper and zoonode are measured by the same neutral client.
#include "latency_probe.h"
#include "pipeline.h"
#include "populate.h"
#include "session.h"

#include <CLI/CLI.hpp>
#include <csignal>
#include <cstdio>
#include <functional>

namespace {

using zs::bench::WorkloadOptions;

// Options of one subcommand; --size is kept apart because read and latency check it only when
// it is given.
struct Command {
    explicit Command(CLI::App* subcommand) : app(subcommand) {}

    CLI::App* app;
    WorkloadOptions options;
    int size_bytes = 100;
    CLI::Option* size_option = nullptr;
    std::function<zs::bench::RunResult(const WorkloadOptions&)> run;
};

void add_common_options(Command& command, const char* size_help) {
    CLI::App& app = *command.app;
    WorkloadOptions& options = command.options;
    app.add_option("--server", options.server, "host:port of the server")->capture_default_str();
    app.add_option("--parent", options.parent, "znode that holds the benchmark znodes")
        ->capture_default_str()
        ->check([](const std::string& path) {
            const bool valid =
                path == "/" || (path.size() > 1 && path.front() == '/' && path.back() != '/');
            return valid ? std::string() : "must be an absolute znode path";
        });
    command.size_option =
        app.add_option("--size", command.size_bytes, size_help)->check(CLI::Range(0, 1000 * 1000));
    app.add_option("--session-timeout-ms", options.session_timeout_ms,
                   "session timeout asked of the server")
        ->capture_default_str()
        ->check(CLI::Range(2000, 120000));
    app.add_option("--connect-timeout-ms", options.connect_timeout_ms,
                   "how long to wait for each session to connect")
        ->capture_default_str()
        ->check(CLI::Range(100, 120000));
}

void add_timed_options(Command& command) {
    CLI::App& app = *command.app;
    WorkloadOptions& options = command.options;
    app.add_option("--count", options.count,
                   "znodes to pick from (default: the parent's number of children)")
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
    app.add_option("--seconds", options.seconds, "length of the measured window")
        ->capture_default_str()
        ->check(CLI::Range(0.1, 3600.0));
    app.add_option("--warmup", options.warmup_seconds, "unmeasured seconds before the window")
        ->capture_default_str()
        ->check(CLI::Range(0.0, 600.0));
}

void add_pipeline_options(Command& command) {
    CLI::App& app = *command.app;
    WorkloadOptions& options = command.options;
    options.sessions = 4;
    options.window = 100;
    // Apache ZooKeeper allows 60 connections per client address by default.
    app.add_option("--sessions", options.sessions, "concurrent sessions")
        ->capture_default_str()
        ->check(CLI::Range(1, 50));
    app.add_option("--window", options.window, "requests each session keeps outstanding")
        ->capture_default_str()
        ->check(CLI::Range(1, 10000));
}

} // namespace

int main(int argc, char** argv) {
    CLI::App app{"zkbench: load generator for ZooKeeper-protocol servers (Apache C client)"};
    app.require_subcommand(1);
    bool verbose = false;
    app.add_flag("--verbose", verbose, "let the C client print its warnings");

    Command populate{app.add_subcommand("populate", "create --count znodes under --parent")};
    populate.options.count = 10000;
    populate.options.window = 1000;
    add_common_options(populate, "value size in bytes");
    populate.app->add_option("--count", populate.options.count, "znodes to create")
        ->capture_default_str()
        ->check(CLI::Range(std::int64_t{1}, std::int64_t{100'000'000}));
    populate.app->add_option("--window", populate.options.window, "creates kept outstanding")
        ->capture_default_str()
        ->check(CLI::Range(1, 10000));
    populate.app
        ->add_option("--timeout", populate.options.timeout_seconds,
                     "give up after this many seconds")
        ->capture_default_str()
        ->check(CLI::Range(1.0, 3600.0));
    populate.run = zs::bench::run_populate;

    Command read{app.add_subcommand("read", "pipelined getData throughput")};
    add_common_options(read, "expected value size, checked on every reply when given");
    add_timed_options(read);
    add_pipeline_options(read);
    read.run = [](const WorkloadOptions& options) {
        return zs::bench::run_pipelined(zs::bench::PipelineOp::get_data, options);
    };

    Command write{app.add_subcommand("write", "pipelined setData throughput")};
    add_common_options(write, "value size in bytes");
    add_timed_options(write);
    add_pipeline_options(write);
    write.run = [](const WorkloadOptions& options) {
        return zs::bench::run_pipelined(zs::bench::PipelineOp::set_data, options);
    };

    Command latency{app.add_subcommand("latency", "getData latency, one request at a time")};
    add_common_options(latency, "expected value size, checked on every reply when given");
    add_timed_options(latency);
    latency.run = zs::bench::run_latency;

    CLI11_PARSE(app, argc, argv);

    zs::bench::set_client_logging(verbose);
    // A server that closes the connection must show up as an error, not kill the process.
    std::signal(SIGPIPE, SIG_IGN);
    for (Command* command : {&populate, &read, &write, &latency}) {
        if (!command->app->parsed()) {
            continue;
        }
        const bool always_sized = command == &populate || command == &write;
        if (always_sized || command->size_option->count() > 0) {
            command->options.size_bytes = command->size_bytes;
        }
        const zs::bench::RunResult result = command->run(command->options);
        if (!result.error.empty()) {
            std::fprintf(stderr, "zkbench: %s: %s\n", command->app->get_name().c_str(),
                         result.error.c_str());
            return 1;
        }
        std::printf("%s\n", zs::bench::format_result(result, command->options).c_str());
        return 0;
    }
    return 1;
}
