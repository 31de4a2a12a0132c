#include "sim/random.h"

#include <cassert>

namespace zs::sim {

namespace {

uint64_t splitmix64(uint64_t& x) {
    uint64_t z = (x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

uint64_t rotl(uint64_t x, int k) {
    return (x << k) | (x >> (64 - k));
}

} // namespace

Random::Random(uint64_t seed) {
    for (uint64_t& word : state_) {
        word = splitmix64(seed);
    }
}

uint64_t Random::next() {
    const uint64_t result = rotl(state_[1] * 5, 7) * 9;
    const uint64_t t = state_[1] << 17;
    state_[2] ^= state_[0];
    state_[3] ^= state_[1];
    state_[1] ^= state_[2];
    state_[0] ^= state_[3];
    state_[2] ^= t;
    state_[3] = rotl(state_[3], 45);
    return result;
}

int64_t Random::between(int64_t low, int64_t high) {
    assert(low <= high);
    const uint64_t span = static_cast<uint64_t>(high) - static_cast<uint64_t>(low) + 1;
    if (span == 0) {
        return static_cast<int64_t>(next()); // the whole range
    }
    // Rejection keeps every value equally likely.
    const uint64_t limit = UINT64_MAX - UINT64_MAX % span;
    uint64_t value = next();
    while (value >= limit) {
        value = next();
    }
    return static_cast<int64_t>(static_cast<uint64_t>(low) + value % span);
}

bool Random::chance(double p) {
    // 53 random bits as a double in [0, 1): exact, so the same on every IEEE machine.
    return static_cast<double>(next() >> 11) * 0x1.0p-53 < p;
}

} // namespace zs::sim
