// zooctl: ZooKeeper from the command line, for zoonode and Apache ZooKeeper alike.
#include "bench.h"

#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
    CLI::App app{"zooctl: inspect and change ZooKeeper ensembles (zoonode or Apache ZooKeeper)"};
    app.require_subcommand(1);
    std::string servers = "127.0.0.1:2181";
    app.add_option("-s,--server", servers, "connect string: host[:port][,host[:port]...][/chroot]")
        ->capture_default_str();

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

    CLI11_PARSE(app, argc, argv);
    if (bench_command->parsed()) {
        bench.servers = servers;
        return zs::zooctl::run_bench(bench);
    }
    return 0;
}
