#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

namespace zs::metrics {

// Fixed-size log-linear histogram of latencies in nanoseconds: memory stays constant however long
// a run lasts, and any reported percentile is within 0.4% of the exact sample.
class LatencyHistogram {
  public:
    void record(std::uint64_t latency_ns);
    void merge(const LatencyHistogram& other);

    std::uint64_t count() const { return count_; }
    // Latency below which a fraction `quantile` (0..1] of the samples fall, in microseconds;
    // 0 when nothing was recorded.
    double percentile_us(double quantile) const;

  private:
    // 128 linear sub-buckets per power of two: the top 8 significant bits of a value select its
    // bucket, which bounds the relative error by 1/256 around the bucket's midpoint.
    static constexpr int kSubBucketBits = 7;
    static constexpr std::size_t kBucketCount = (64 - kSubBucketBits + 1) << kSubBucketBits;

    static std::size_t bucket_of(std::uint64_t value);
    static double bucket_midpoint(std::size_t index);

    std::array<std::uint64_t, kBucketCount> buckets_{};
    std::uint64_t count_ = 0;
};

} // namespace zs::metrics
