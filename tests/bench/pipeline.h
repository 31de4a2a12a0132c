#pragma once

#include "workload.h"

namespace zs::bench {

// The request a pipelined run repeats on random benchmark znodes.
enum class PipelineOp { get_data, set_data };

// Throughput run: `sessions` sessions each keep `window` asynchronous requests outstanding for
// warmup + seconds; only replies that arrive inside the measured window count.
RunResult run_pipelined(PipelineOp op, const WorkloadOptions& options);

} // namespace zs::bench
