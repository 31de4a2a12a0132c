#pragma once

#include <chrono>
#include <cstdint>

namespace zs::server {

// Wall-clock milliseconds since the epoch: what ZooKeeper stores in ctime/mtime and reports.
inline int64_t wall_clock_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// Monotonic milliseconds: session deadlines must not jump with the wall clock.
inline int64_t steady_ms() {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

} // namespace zs::server
