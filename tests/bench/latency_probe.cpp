#include "latency_probe.h"

#include "run_control.h"
#include "session.h"

#include <vector>

namespace zs::bench {
namespace {

// Large enough for any value a server accepts (jute.maxbuffer defaults to 1 MiB), so a value is
// never truncated and its length can be checked against --size.
constexpr int kValueBufferBytes = 1 << 20;

} // namespace

RunResult run_latency(const WorkloadOptions& options) {
    RunResult result;
    result.op = "latency";
    Session session;
    result.error =
        session.connect(options.server, options.session_timeout_ms, options.connect_timeout_ms);
    if (!result.error.empty()) {
        return result;
    }
    result.count = options.count;
    if (result.count == 0) {
        result.error = child_count(session.handle(), options.parent, result.count);
        if (!result.error.empty()) {
            return result;
        }
    }

    std::vector<char> buffer(kValueBufferBytes);
    KeyPicker keys(1);
    const Clock::time_point measure_start = after_seconds(Clock::now(), options.warmup_seconds);
    const Clock::time_point measure_end = after_seconds(measure_start, options.seconds);
    for (Clock::time_point sent = Clock::now(); sent < measure_end; sent = Clock::now()) {
        const std::string path = node_path(options.parent, keys.next(result.count));
        int value_len = kValueBufferBytes;
        struct Stat stat {};
        const int rc = zoo_get(session.handle(), path.c_str(), 0, buffer.data(), &value_len, &stat);
        const Clock::time_point received = Clock::now();
        if (rc != ZOK) {
            result.error = describe_failure("getData", path, rc);
            return result;
        }
        if (options.size_bytes && value_len != *options.size_bytes) {
            result.error = path + " holds " + std::to_string(value_len) + " bytes, not the " +
                           std::to_string(*options.size_bytes) + " given by --size";
            return result;
        }
        if (sent >= measure_start) {
            result.latency.record(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(received - sent).count()));
            ++result.ops;
        }
    }
    result.elapsed_seconds = options.seconds;
    return result;
}

} // namespace zs::bench
