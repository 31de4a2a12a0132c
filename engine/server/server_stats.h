#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>

namespace zs::server {

// Request latency in milliseconds, reported as min/avg/max the way ZooKeeper's ServerStats does.
class LatencyStats {
  public:
    void record(int64_t latency_ms) {
        min_ms_ = std::min(min_ms_, latency_ms);
        max_ms_ = std::max(max_ms_, latency_ms);
        total_ms_ += latency_ms;
        ++count_;
    }
    void reset() { *this = LatencyStats{}; }

    int64_t min_ms() const { return count_ == 0 ? 0 : min_ms_; }
    int64_t max_ms() const { return max_ms_; }
    double avg_ms() const { return count_ == 0 ? 0.0 : double(total_ms_) / double(count_); }
    int64_t count() const { return count_; }

  private:
    int64_t min_ms_ = std::numeric_limits<int64_t>::max();
    int64_t max_ms_ = 0;
    int64_t total_ms_ = 0;
    int64_t count_ = 0;
};

// Server-wide counters behind srvr, stat, mntr and srst.
struct ServerStats {
    LatencyStats latency;
    int64_t packets_received = 0;
    int64_t packets_sent = 0;
    int64_t auth_failed = 0;
    int64_t last_response_bytes = 0;
    int64_t min_response_bytes = std::numeric_limits<int64_t>::max();
    int64_t max_response_bytes = 0;

    void record_response(int64_t bytes) {
        last_response_bytes = bytes;
        min_response_bytes = std::min(min_response_bytes, bytes);
        max_response_bytes = std::max(max_response_bytes, bytes);
    }
    // srst: everything but the response-size gauges, as ZooKeeper's ServerStats.reset does.
    void reset() {
        latency.reset();
        packets_received = 0;
        packets_sent = 0;
    }
};

} // namespace zs::server
