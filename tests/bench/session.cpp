#include "session.h"

#include <chrono>

namespace zs::bench {

Session::~Session() {
    if (zh_ != nullptr) {
        zookeeper_close(zh_);
    }
}

void Session::on_state(zhandle_t* /*zh*/, int type, int state, const char* /*path*/,
                       void* context) {
    if (type != ZOO_SESSION_EVENT) {
        return;
    }
    auto* self = static_cast<Session*>(context);
    const std::lock_guard lock(self->mutex_);
    self->state_ = state;
    self->state_changed_.notify_all();
}

std::string Session::connect(const std::string& server, int session_timeout_ms,
                             int connect_timeout_ms) {
    zh_ = zookeeper_init(server.c_str(), &Session::on_state, session_timeout_ms, nullptr, this, 0);
    if (zh_ == nullptr) {
        return "cannot start a session to " + server + " (bad address?)";
    }
    std::unique_lock lock(mutex_);
    const bool settled =
        state_changed_.wait_for(lock, std::chrono::milliseconds(connect_timeout_ms), [this] {
            return state_ == ZOO_CONNECTED_STATE || state_ == ZOO_EXPIRED_SESSION_STATE ||
                   state_ == ZOO_AUTH_FAILED_STATE;
        });
    if (!settled) {
        return "no connection to " + server + " within " + std::to_string(connect_timeout_ms) +
               " ms (is the server running?)";
    }
    if (state_ != ZOO_CONNECTED_STATE) {
        return "the server at " + server + " refused the session";
    }
    return {};
}

std::string child_count(zhandle_t* zh, const std::string& path, std::int64_t& count) {
    struct Stat stat {};
    const int rc = zoo_exists(zh, path.c_str(), 0, &stat);
    if (rc != ZOK) {
        return describe_failure("exists", path, rc);
    }
    if (stat.numChildren == 0) {
        return path + " has no children (run `zkbench populate` first)";
    }
    count = stat.numChildren;
    return {};
}

std::string describe_failure(const char* call, const std::string& path, int rc) {
    std::string text = std::string(call) + " " + path + ": " + zerror(rc);
    if (rc == ZNONODE) {
        text += " (run `zkbench populate` first, with the same --parent)";
    }
    return text;
}

void set_client_logging(bool verbose) {
    // Level 0 turns the C client's logging off entirely; it would otherwise print every
    // reconnect attempt and request timeout to stderr in the middle of the results.
    zoo_set_debug_level(verbose ? ZOO_LOG_LEVEL_WARN : static_cast<ZooLogLevel>(0));
}

} // namespace zs::bench
