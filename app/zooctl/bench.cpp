#include "bench.h"

#include "client/client.h"
#include "metrics/latency_histogram.h"

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdio>
#include <fmt/format.h>
#include <memory>
#include <thread>
#include <vector>

namespace zs::zooctl {
namespace {

namespace asio = boost::asio;
using client::Client;
using Clock = std::chrono::steady_clock;
using proto::ErrorCode;

constexpr int kExitFailed = 1;
constexpr int kExitUnreachable = 2;

std::string node_path(const std::string& parent, int64_t index) {
    return fmt::format("{}/n{:08d}", parent == "/" ? "" : parent, index);
}

std::string make_value(int size_bytes) {
    static constexpr std::string_view kPattern = "zooscope-bench-";
    std::string value(size_t(size_bytes), ' ');
    for (size_t i = 0; i < value.size(); ++i) {
        value[i] = kPattern[i % kPattern.size()];
    }
    return value;
}

// What one session measured; touched only on that session's strand until the run has drained.
struct SessionStats {
    uint64_t ops = 0;
    uint64_t errors = 0;
    uint64_t existed = 0; // populate: creates that found the node already there
    ErrorCode first_error = ErrorCode::ok;
    metrics::LatencyHistogram latency;
};

struct Run {
    const BenchOptions& options;
    std::vector<std::unique_ptr<Client>> clients;
    std::vector<SessionStats> stats;
    std::string value;
    int64_t count = 0;
    std::atomic<int64_t> next_index{0}; // populate
    std::atomic<bool> measuring{false};
    std::atomic<bool> stopping{false};
    std::atomic<int> in_flight{0};
};

// One of a session's `window` outstanding requests: when it completes, the next one starts.
struct Slot {
    Run* run;
    size_t session;
    uint64_t random;
    uint64_t sequence = 0;

    int64_t pick() {
        // xorshift64: cheap, and each slot has its own.
        random ^= random << 13;
        random ^= random >> 7;
        random ^= random << 17;
        return int64_t(random % uint64_t(run->count));
    }
};

void issue(const std::shared_ptr<Slot>& slot);

void complete(const std::shared_ptr<Slot>& slot, Clock::time_point started, ErrorCode err) {
    Run& run = *slot->run;
    SessionStats& stats = run.stats[slot->session];
    if (err == ErrorCode::node_exists && run.options.workload == "populate") {
        ++stats.existed;
        err = ErrorCode::ok;
    }
    if (err != ErrorCode::ok) {
        ++stats.errors;
        if (stats.first_error == ErrorCode::ok) {
            stats.first_error = err;
        }
    } else if (run.measuring || run.options.workload == "populate") {
        ++stats.ops;
        stats.latency.record(uint64_t(
            std::chrono::duration_cast<std::chrono::nanoseconds>(Clock::now() - started).count()));
    }
    issue(slot);
}

void issue(const std::shared_ptr<Slot>& slot) {
    Run& run = *slot->run;
    const std::string& workload = run.options.workload;
    Client& client = *run.clients[slot->session];
    if (run.stopping) {
        --run.in_flight;
        return;
    }
    const Clock::time_point started = Clock::now();
    const auto done = [slot, started](ErrorCode err, auto&&) { complete(slot, started, err); };
    if (workload == "populate") {
        const int64_t index = run.next_index++;
        if (index >= run.count) {
            --run.in_flight;
            return;
        }
        client.create(node_path(run.options.parent, index), run.value, {}, done);
    } else if (workload == "read" || (workload == "mixed" && double(slot->random % 10000) <
                                                                 run.options.read_ratio * 10000)) {
        client.get_data(node_path(run.options.parent, slot->pick()), nullptr, done);
    } else if (workload == "write" || workload == "mixed") {
        client.set_data(node_path(run.options.parent, slot->pick()), run.value, -1, done);
    } else { // create-delete
        const std::string path = fmt::format("{}/cd-{}-{:x}-{}", run.options.parent, slot->session,
                                             uintptr_t(slot.get()), slot->sequence++);
        client.create(path, run.value, {}, [slot, started, path](ErrorCode err, auto&&) {
            if (err != ErrorCode::ok) {
                complete(slot, started, err);
                return;
            }
            slot->run->clients[slot->session]->remove(
                path, -1,
                [slot, started](ErrorCode removed, auto&&) { complete(slot, started, removed); });
        });
    }
}

bool wait_connected(const Run& run, std::chrono::milliseconds limit) {
    const auto deadline = Clock::now() + limit;
    while (Clock::now() < deadline) {
        bool all = true;
        for (const auto& client : run.clients) {
            all = all && client->state() == client::SessionState::connected;
        }
        if (all) {
            return true;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    return false;
}

std::string percentiles(const metrics::LatencyHistogram& latency) {
    return fmt::format("p50_us={:.1f} p99_us={:.1f} p999_us={:.1f}", latency.percentile_us(0.5),
                       latency.percentile_us(0.99), latency.percentile_us(0.999));
}

} // namespace

int run_bench(const BenchOptions& options) {
    asio::io_context io;
    auto work = asio::make_work_guard(io);
    std::vector<std::thread> threads;
    for (int i = 0; i < std::max(options.threads, 1); ++i) {
        threads.emplace_back([&io] { io.run(); });
    }
    const auto finish = [&](int code) {
        work.reset();
        io.stop();
        for (std::thread& thread : threads) {
            thread.join();
        }
        return code;
    };

    Run run{options, {}, {}, make_value(options.size_bytes)};
    for (int i = 0; i < options.sessions; ++i) {
        client::ClientOptions client_options;
        client_options.connect_string = options.servers;
        client_options.session_timeout = std::chrono::milliseconds(options.session_timeout_ms);
        auto opened = Client::open(io.get_executor(), client_options);
        if (auto* error = std::get_if<std::string>(&opened)) {
            fmt::print(stderr, "zooctl: {}\n", *error);
            return finish(kExitUnreachable);
        }
        run.clients.push_back(std::move(std::get<std::unique_ptr<Client>>(opened)));
    }
    run.stats.resize(run.clients.size());
    if (!wait_connected(run, std::chrono::milliseconds(options.session_timeout_ms))) {
        fmt::print(stderr, "zooctl: could not connect {} sessions to {}\n", options.sessions,
                   options.servers);
        return finish(kExitUnreachable);
    }
    Client& first = *run.clients.front();
    run.count = options.count;
    if (options.workload == "populate") {
        auto [err, created] =
            first.create(options.parent, std::nullopt, {}, asio::use_future).get();
        if (err != ErrorCode::ok && err != ErrorCode::node_exists) {
            fmt::print(stderr, "zooctl: cannot create {}: {}\n", options.parent,
                       proto::error_name(err));
            return finish(kExitFailed);
        }
    } else if (run.count == 0 && options.workload != "create-delete") {
        auto [err, stat] = first.exists(options.parent, nullptr, asio::use_future).get();
        run.count = stat.num_children;
        if (err != ErrorCode::ok || run.count == 0) {
            fmt::print(stderr,
                       "zooctl: {} has no children to {} (run the populate workload "
                       "first)\n",
                       options.parent, options.workload);
            return finish(kExitFailed);
        }
    }

    const Clock::time_point started = Clock::now();
    run.in_flight = options.sessions * options.window;
    for (int session = 0; session < options.sessions; ++session) {
        for (int i = 0; i < options.window; ++i) {
            auto slot = std::make_shared<Slot>(
                Slot{&run, size_t(session),
                     0x9E3779B97F4A7C15ull * uint64_t(session * options.window + i + 1)});
            asio::post(io, [slot] { issue(slot); });
        }
    }
    Clock::time_point measured_from = started;
    Clock::time_point measured_to;
    if (options.workload == "populate") {
        while (run.in_flight > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        measured_to = Clock::now();
    } else {
        std::this_thread::sleep_for(std::chrono::duration<double>(options.warmup_seconds));
        measured_from = Clock::now();
        run.measuring = true;
        std::this_thread::sleep_for(std::chrono::duration<double>(options.seconds));
        run.measuring = false;
        measured_to = Clock::now();
        run.stopping = true;
        while (run.in_flight > 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(5));
        }
    }

    SessionStats total;
    for (const SessionStats& stats : run.stats) {
        total.ops += stats.ops;
        total.errors += stats.errors;
        total.existed += stats.existed;
        total.latency.merge(stats.latency);
        if (total.first_error == ErrorCode::ok) {
            total.first_error = stats.first_error;
        }
    }
    for (auto& client : run.clients) {
        client->close(asio::use_future).wait();
    }
    const double seconds = std::chrono::duration<double>(measured_to - measured_from).count();
    const double rate = double(total.ops) / seconds;
    fmt::print("{}: {} ops in {:.2f} s = {:.0f} ops/s; latency p50 {:.0f} us, p99 {:.0f} us, "
               "p99.9 {:.0f} us ({} sessions x {} outstanding)\n",
               options.workload, total.ops, seconds, rate, total.latency.percentile_us(0.5),
               total.latency.percentile_us(0.99), total.latency.percentile_us(0.999),
               options.sessions, options.window);
    fmt::print("result op={} server={} parent={} count={} sessions={} window={} seconds={:.2f} "
               "ops={} ops_per_s={:.0f} {} errors={} existed={}\n",
               options.workload, options.servers, options.parent, run.count, options.sessions,
               options.window, seconds, total.ops, rate, percentiles(total.latency), total.errors,
               total.existed);
    if (total.errors > 0) {
        fmt::print(stderr, "zooctl: {} requests failed (the first with {})\n", total.errors,
                   proto::error_name(total.first_error));
        return finish(kExitFailed);
    }
    return finish(0);
}

} // namespace zs::zooctl
