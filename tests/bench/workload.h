#pragma once

#include "metrics/latency_histogram.h"

#include <cstdint>
#include <optional>
#include <string>

namespace zs::bench {

// Everything a subcommand needs to know about the server and the znodes it works on.
struct WorkloadOptions {
    std::string server = "127.0.0.1:2181";
    std::string parent = "/bench";
    // Number of znodes under `parent`; 0 asks the server (the parent's numChildren).
    std::int64_t count = 0;
    // Value size written by populate and write; read checks it when set.
    std::optional<int> size_bytes;
    int sessions = 1;
    int window = 1;
    double seconds = 10.0;
    // Time before the measurement starts, so connection set-up and server warm-up stay out.
    double warmup_seconds = 1.0;
    // Upper bound on a whole populate run.
    double timeout_seconds = 600.0;
    int session_timeout_ms = 30000;
    int connect_timeout_ms = 10000;
};

// What one run measured; `error` is non-empty when the run failed.
struct RunResult {
    std::string op;
    // Znodes the run worked on: --count, or what the server reported.
    std::int64_t count = 0;
    std::uint64_t ops = 0;
    double elapsed_seconds = 0.0;
    metrics::LatencyHistogram latency;
    // populate only: znodes it created and znodes that already existed.
    std::uint64_t created = 0;
    std::uint64_t existed = 0;
    std::string error;
};

// The single machine-readable "result op=... key=value ..." line for a successful run.
std::string format_result(const RunResult& result, const WorkloadOptions& options);

// Path of the index-th benchmark znode, e.g. /bench/n00000042.
std::string node_path(const std::string& parent, std::int64_t index);

// A value of `size_bytes` printable bytes, the payload of populate and write.
std::string make_value(int size_bytes);

// Small xorshift generator: each pipeline slot owns one, so picking keys needs no locking.
class KeyPicker {
  public:
    explicit KeyPicker(std::uint64_t seed);
    std::int64_t next(std::int64_t count);

  private:
    std::uint64_t state_;
};

} // namespace zs::bench
