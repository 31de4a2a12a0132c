#include "metrics/latency_histogram.h"

#include <algorithm>
#include <bit>
#include <cassert>
#include <cmath>

namespace zs::metrics {

std::size_t LatencyHistogram::bucket_of(std::uint64_t value) {
    constexpr int kKeptBits = kSubBucketBits + 1;
    const int width = std::bit_width(value);
    // Values below 2^8 map one to one; larger ones drop their low bits so that exactly 8
    // significant bits remain, and each shift step owns the next 128 buckets.
    const int shift = width > kKeptBits ? width - kKeptBits : 0;
    const std::size_t index =
        (static_cast<std::size_t>(shift) << kSubBucketBits) + (value >> shift);
    assert(index < kBucketCount);
    return index;
}

double LatencyHistogram::bucket_midpoint(std::size_t index) {
    constexpr std::size_t kSubBuckets = std::size_t{1} << kSubBucketBits;
    const std::size_t shift = index < 2 * kSubBuckets ? 0 : (index >> kSubBucketBits) - 1;
    const std::uint64_t mantissa = index - (shift << kSubBucketBits);
    const double lower = std::ldexp(static_cast<double>(mantissa), static_cast<int>(shift));
    const double width = std::ldexp(1.0, static_cast<int>(shift));
    return lower + (width - 1.0) / 2.0;
}

void LatencyHistogram::record(std::uint64_t latency_ns) {
    ++buckets_[bucket_of(latency_ns)];
    ++count_;
}

void LatencyHistogram::merge(const LatencyHistogram& other) {
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        buckets_[i] += other.buckets_[i];
    }
    count_ += other.count_;
}

double LatencyHistogram::percentile_us(double quantile) const {
    if (count_ == 0) {
        return 0.0;
    }
    const auto rank = static_cast<std::uint64_t>(
        std::max(1.0, std::ceil(quantile * static_cast<double>(count_))));
    std::uint64_t seen = 0;
    for (std::size_t i = 0; i < kBucketCount; ++i) {
        seen += buckets_[i];
        if (seen >= rank) {
            return bucket_midpoint(i) / 1000.0;
        }
    }
    return bucket_midpoint(kBucketCount - 1) / 1000.0;
}

} // namespace zs::metrics
