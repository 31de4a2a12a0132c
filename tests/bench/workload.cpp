#include "workload.h"

#include <cstdio>

namespace zs::bench {

std::string format_result(const RunResult& result, const WorkloadOptions& options) {
    const double ops_per_s =
        result.elapsed_seconds > 0 ? static_cast<double>(result.ops) / result.elapsed_seconds : 0;
    char line[512];
    int length = std::snprintf(line, sizeof line,
                               "result op=%s server=%s parent=%s count=%lld sessions=%d window=%d "
                               "seconds=%.2f ops=%llu ops_per_s=%.0f",
                               result.op.c_str(), options.server.c_str(), options.parent.c_str(),
                               static_cast<long long>(result.count), options.sessions,
                               options.window, result.elapsed_seconds,
                               static_cast<unsigned long long>(result.ops), ops_per_s);
    std::string text(line, static_cast<std::size_t>(length));
    if (result.op == "populate") {
        length = std::snprintf(line, sizeof line, " created=%llu existed=%llu",
                               static_cast<unsigned long long>(result.created),
                               static_cast<unsigned long long>(result.existed));
        text.append(line, static_cast<std::size_t>(length));
    }
    if (result.latency.count() > 0) {
        length =
            std::snprintf(line, sizeof line, " p50_us=%.1f p99_us=%.1f p999_us=%.1f",
                          result.latency.percentile_us(0.50), result.latency.percentile_us(0.99),
                          result.latency.percentile_us(0.999));
        text.append(line, static_cast<std::size_t>(length));
    }
    return text;
}

std::string node_path(const std::string& parent, std::int64_t index) {
    char name[32];
    const int length = std::snprintf(name, sizeof name, "/n%08lld", static_cast<long long>(index));
    return (parent == "/" ? std::string() : parent) + std::string(name, std::size_t(length));
}

std::string make_value(int size_bytes) {
    static constexpr char kPattern[] = "zooscope-bench-";
    std::string value(static_cast<std::size_t>(size_bytes), ' ');
    for (std::size_t i = 0; i < value.size(); ++i) {
        value[i] = kPattern[i % (sizeof kPattern - 1)];
    }
    return value;
}

// Odd, so never the all-zero state that xorshift cannot leave.
KeyPicker::KeyPicker(std::uint64_t seed) : state_((seed * 0x9E3779B97F4A7C15ULL) | 1) {}

std::int64_t KeyPicker::next(std::int64_t count) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<std::int64_t>(state_ % static_cast<std::uint64_t>(count));
}

} // namespace zs::bench
