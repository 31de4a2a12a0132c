#include "simulate.h"

#include "sim/random_run.h"
#include "zooctl.h"

#include <algorithm>
#include <fmt/format.h>
#include <vector>

namespace zs::zooctl {

int run_simulate(const SimulateOptions& options) {
    sim::RandomRunOptions run_options;
    run_options.participants = options.participants;
    run_options.observers = options.observers;
    run_options.chaos_ticks = options.chaos_ticks;
    if (options.trace) {
        run_options.trace = [](const trace::Event& event) {
            fmt::print("{}\n", trace::to_ndjson(event));
        };
    }
    std::vector<int64_t> recovery;
    uint64_t failed = 0;
    int64_t acknowledged = 0;
    int64_t client_writes = 0;
    int64_t client_reads = 0;
    for (uint64_t seed = options.first; seed < options.first + options.seeds; ++seed) {
        const sim::RandomRunResult result = sim::run_random(seed, run_options);
        for (const std::string& violation : result.violations) {
            fmt::print("seed {}: {}\n", seed, violation);
        }
        if (!result.recovered) {
            fmt::print("seed {}: no established leader {} ticks after every fault was healed\n",
                       seed, result.recovery_ticks);
        }
        acknowledged += result.writes_acknowledged;
        client_writes += result.client_writes;
        client_reads += result.client_reads;
        if (!result.violations.empty() || !result.recovered) {
            ++failed;
        } else {
            recovery.push_back(result.recovery_ticks);
        }
    }
    std::sort(recovery.begin(), recovery.end());
    const auto percentile = [&recovery](double p) {
        return recovery.empty() ? int64_t{0}
                                : recovery[static_cast<size_t>(p * double(recovery.size() - 1))];
    };
    fmt::print("simulate seeds={} first={} participants={} observers={} failed={} "
               "writes_acknowledged={} client_writes={} client_reads={} recovery_ticks_p50={} "
               "recovery_ticks_max={}\n",
               options.seeds, options.first, options.participants, options.observers, failed,
               acknowledged, client_writes, client_reads, percentile(0.5), percentile(1.0));
    return failed == 0 ? kExitOk : kExitZooKeeper;
}

} // namespace zs::zooctl
