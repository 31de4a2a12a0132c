#pragma once

#include "workload.h"

namespace zs::bench {

// Creates `count` persistent znodes of `size_bytes` under `parent` (and the parent itself) with
// `window` asynchronous creates outstanding. Znodes that already exist count as done, so running
// it again on a populated server is cheap and harmless.
RunResult run_populate(const WorkloadOptions& options);

} // namespace zs::bench
