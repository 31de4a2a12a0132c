#pragma once

#include "workload.h"

namespace zs::bench {

// Round-trip latency with a single synchronous getData outstanding at a time, on random
// benchmark znodes, for warmup + seconds; only calls sent inside the measured window count.
RunResult run_latency(const WorkloadOptions& options);

} // namespace zs::bench
