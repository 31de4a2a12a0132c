#include "pipeline.h"

#include "run_control.h"
#include "session.h"

#include <memory>
#include <vector>

namespace zs::bench {
namespace {

struct Lane;

// One request always in flight: its completion records the latency and sends the slot's next
// request, so a session's window stays full without locks. A slot belongs to one session, and
// the C client runs a session's completions on that session's single completion thread.
struct Slot {
    Lane* lane = nullptr;
    KeyPicker keys{0};
    std::string path;
    Clock::time_point sent;
};

// What every session of the run shares; written before the first request, read-only after.
struct Plan {
    PipelineOp op = PipelineOp::get_data;
    std::string parent;
    std::int64_t count = 0;
    std::optional<int> expected_size_bytes;
    std::string value;
    Clock::time_point measure_start;
    Clock::time_point measure_end;
    RunControl control;
};

// One session with its slots and what its completions measured.
struct Lane {
    Plan* plan = nullptr;
    Session session;
    std::vector<Slot> slots;
    metrics::LatencyHistogram latency;
    std::uint64_t ops = 0;
};

const char* call_name(PipelineOp op) {
    return op == PipelineOp::get_data ? "getData" : "setData";
}

void send(Slot& slot);

void complete(Slot& slot, int rc, int value_len) {
    const Clock::time_point now = Clock::now();
    Lane& lane = *slot.lane;
    Plan& plan = *lane.plan;
    if (rc != ZOK) {
        // Closing the sessions after a failed or abandoned run cancels what is still queued.
        if (rc != ZCLOSING || !plan.control.stopping()) {
            plan.control.fail(describe_failure(call_name(plan.op), slot.path, rc));
        }
    } else if (plan.expected_size_bytes && value_len != *plan.expected_size_bytes) {
        plan.control.fail(slot.path + " holds " + std::to_string(value_len) + " bytes, not the " +
                          std::to_string(*plan.expected_size_bytes) +
                          " given by --size (populate again with that size)");
    } else {
        if (now >= plan.measure_start && now < plan.measure_end) {
            lane.latency.record(static_cast<std::uint64_t>(
                std::chrono::duration_cast<std::chrono::nanoseconds>(now - slot.sent).count()));
            ++lane.ops;
        }
        if (now < plan.measure_end && !plan.control.stopping()) {
            send(slot);
        }
    }
    plan.control.request_done();
}

void on_get(int rc, const char* /*value*/, int value_len, const struct Stat* /*stat*/,
            const void* data) {
    complete(*static_cast<Slot*>(const_cast<void*>(data)), rc, value_len);
}

void on_set(int rc, const struct Stat* /*stat*/, const void* data) {
    complete(*static_cast<Slot*>(const_cast<void*>(data)), rc, 0);
}

void send(Slot& slot) {
    Plan& plan = *slot.lane->plan;
    zhandle_t* zh = slot.lane->session.handle();
    slot.path = node_path(plan.parent, slot.keys.next(plan.count));
    slot.sent = Clock::now();
    plan.control.request_sent();
    // The C client serializes path and value before returning, so both may change afterwards.
    const int rc = plan.op == PipelineOp::get_data
                       ? zoo_aget(zh, slot.path.c_str(), 0, on_get, &slot)
                       : zoo_aset(zh, slot.path.c_str(), plan.value.data(),
                                  static_cast<int>(plan.value.size()), -1, on_set, &slot);
    if (rc != ZOK) {
        plan.control.fail(describe_failure(call_name(plan.op), slot.path, rc));
        plan.control.request_done();
    }
}

} // namespace

RunResult run_pipelined(PipelineOp op, const WorkloadOptions& options) {
    RunResult result;
    result.op = op == PipelineOp::get_data ? "read" : "write";
    // Declared before the lanes: closing a session may still run completions that touch it.
    Plan plan;
    plan.op = op;
    plan.parent = options.parent;
    plan.count = options.count;
    if (op == PipelineOp::get_data) {
        plan.expected_size_bytes = options.size_bytes;
    } else {
        plan.value = make_value(options.size_bytes.value_or(100));
    }

    std::vector<std::unique_ptr<Lane>> lanes;
    for (int i = 0; i < options.sessions; ++i) {
        auto lane = std::make_unique<Lane>();
        lane->plan = &plan;
        result.error = lane->session.connect(options.server, options.session_timeout_ms,
                                             options.connect_timeout_ms);
        if (!result.error.empty()) {
            return result;
        }
        lane->slots.resize(static_cast<std::size_t>(options.window));
        for (std::size_t s = 0; s < lane->slots.size(); ++s) {
            lane->slots[s].lane = lane.get();
            lane->slots[s].keys = KeyPicker(static_cast<std::uint64_t>(i) * 1000003 + s);
        }
        lanes.push_back(std::move(lane));
    }
    if (plan.count == 0) {
        result.error = child_count(lanes.front()->session.handle(), plan.parent, plan.count);
        if (!result.error.empty()) {
            return result;
        }
    }

    plan.measure_start = after_seconds(Clock::now(), options.warmup_seconds);
    plan.measure_end = after_seconds(plan.measure_start, options.seconds);
    for (auto& lane : lanes) {
        for (Slot& slot : lane->slots) {
            send(slot);
        }
    }
    plan.control.sleep_until(plan.measure_end);
    plan.control.stop();
    // Every request still out either gets its reply or times out with the session by then.
    const auto drain_deadline = after_seconds(Clock::now(), options.session_timeout_ms / 1000.0);
    const bool drained = plan.control.wait_idle(drain_deadline);
    if (plan.control.failed()) {
        result.error = plan.control.error();
        return result;
    }
    if (!drained) {
        result.error = std::to_string(plan.control.in_flight()) +
                       " requests still unanswered long after the run ended";
        return result;
    }
    result.count = plan.count;
    for (const auto& lane : lanes) {
        result.ops += lane->ops;
        result.latency.merge(lane->latency);
    }
    result.elapsed_seconds = options.seconds;
    return result;
}

} // namespace zs::bench
