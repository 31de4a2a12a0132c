#pragma once

#include <cstdint>

namespace zs::sim {

// A seeded pseudo-random source (xoshiro256**, seeded through splitmix64). Hand-written rather
// than std::mt19937 with std::uniform_int_distribution because the standard leaves the
// distributions' algorithms to each library: a seed must replay the same run everywhere.
class Random {
  public:
    explicit Random(uint64_t seed);

    uint64_t next();
    // Uniform in [low, high]; low <= high.
    int64_t between(int64_t low, int64_t high);
    // True with probability `p` (0 never, 1 always).
    bool chance(double p);

  private:
    uint64_t state_[4];
};

} // namespace zs::sim
