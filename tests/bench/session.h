#pragma once

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <zookeeper/zookeeper.h>

namespace zs::bench {

// One ZooKeeper session on Apache's multi-threaded C client; the destructor closes it.
class Session {
  public:
    Session() = default;
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    // Opens the session and waits until it is connected; returns an error text, empty on success.
    std::string connect(const std::string& server, int session_timeout_ms, int connect_timeout_ms);
    zhandle_t* handle() const { return zh_; }

  private:
    static void on_state(zhandle_t* zh, int type, int state, const char* path, void* context);

    zhandle_t* zh_ = nullptr;
    std::mutex mutex_;
    std::condition_variable state_changed_;
    int state_ = 0;
};

// Reads the number of children of `path` into `count`; returns an error text, empty on success.
std::string child_count(zhandle_t* zh, const std::string& path, std::int64_t& count);

// "getData /bench/n00000001: no node" style text for a failed call.
std::string describe_failure(const char* call, const std::string& path, int rc);

// Silences the C client, or lets its warnings through for troubleshooting.
void set_client_logging(bool verbose);

} // namespace zs::bench
