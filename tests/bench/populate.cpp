#include "populate.h"

#include "run_control.h"
#include "session.h"

#include <vector>

namespace zs::bench {
namespace {

struct Job;

// One create in flight; its completion takes the next index until all are handed out.
struct CreateSlot {
    Job* job = nullptr;
    std::string path;
};

// The whole populate run, shared by the driving thread and the completion thread.
struct Job {
    zhandle_t* zh = nullptr;
    std::string parent;
    std::string value;
    std::int64_t count = 0;
    std::atomic<std::int64_t> next_index{0};
    std::atomic<std::uint64_t> created{0};
    std::atomic<std::uint64_t> existed{0};
    RunControl control;
};

void send(CreateSlot& slot);

void on_created(int rc, const char* /*path*/, const void* data) {
    auto& slot = *static_cast<CreateSlot*>(const_cast<void*>(data));
    Job& job = *slot.job;
    if (rc == ZOK) {
        job.created.fetch_add(1, std::memory_order_relaxed);
    } else if (rc == ZNODEEXISTS) {
        job.existed.fetch_add(1, std::memory_order_relaxed);
    } else if (rc != ZCLOSING || !job.control.stopping()) {
        job.control.fail(describe_failure("create", slot.path, rc));
    }
    if (!job.control.stopping()) {
        send(slot);
    }
    job.control.request_done();
}

void send(CreateSlot& slot) {
    Job& job = *slot.job;
    const std::int64_t index = job.next_index.fetch_add(1, std::memory_order_relaxed);
    if (index >= job.count) {
        return;
    }
    slot.path = node_path(job.parent, index);
    job.control.request_sent();
    const int rc =
        zoo_acreate(job.zh, slot.path.c_str(), job.value.data(), static_cast<int>(job.value.size()),
                    &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT, on_created, &slot);
    if (rc != ZOK) {
        job.control.fail(describe_failure("create", slot.path, rc));
        job.control.request_done();
    }
}

// Creates `path` and its missing ancestors, empty, one synchronous call each.
std::string create_with_ancestors(zhandle_t* zh, const std::string& path) {
    for (std::size_t end = path.find('/', 1);; end = path.find('/', end + 1)) {
        const std::string prefix = path.substr(0, end);
        const int rc = zoo_create(zh, prefix.c_str(), nullptr, -1, &ZOO_OPEN_ACL_UNSAFE,
                                  ZOO_PERSISTENT, nullptr, 0);
        if (rc != ZOK && rc != ZNODEEXISTS) {
            return describe_failure("create", prefix, rc);
        }
        if (end == std::string::npos) {
            return {};
        }
    }
}

} // namespace

RunResult run_populate(const WorkloadOptions& options) {
    RunResult result;
    result.op = "populate";
    result.count = options.count;
    // Declared before the session, so it outlives it: closing the session runs the completions
    // of creates still queued, and they touch the job.
    Job job;
    Session session;
    result.error =
        session.connect(options.server, options.session_timeout_ms, options.connect_timeout_ms);
    if (!result.error.empty()) {
        return result;
    }
    if (options.parent != "/") {
        result.error = create_with_ancestors(session.handle(), options.parent);
        if (!result.error.empty()) {
            return result;
        }
    }

    job.zh = session.handle();
    job.parent = options.parent;
    job.value = make_value(options.size_bytes.value_or(100));
    job.count = options.count;
    std::vector<CreateSlot> slots(static_cast<std::size_t>(options.window));
    const Clock::time_point start = Clock::now();
    for (CreateSlot& slot : slots) {
        slot.job = &job;
        send(slot);
    }
    const bool finished = job.control.wait_idle(after_seconds(start, options.timeout_seconds));
    result.elapsed_seconds = seconds_between(start, Clock::now());
    job.control.stop();
    result.created = job.created.load();
    result.existed = job.existed.load();
    result.ops = result.created + result.existed;
    if (job.control.failed()) {
        result.error = job.control.error();
    } else if (!finished) {
        result.error = "only " + std::to_string(result.ops) + " of " +
                       std::to_string(options.count) + " znodes done within --timeout " +
                       std::to_string(options.timeout_seconds) + " s";
    }
    return result;
}

} // namespace zs::bench
