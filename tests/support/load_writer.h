#pragma once

#include "client_harness.h"

#include <QString>
#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

namespace zs::testing {

// A client writing persistent nodes /load/<name>-<n> one after another, as fast as they are
// acknowledged, until told to stop. A create whose outcome was lost with the connection is sent
// again; NODEEXISTS then means the first one was applied. /load must exist.
class LoadWriter {
  public:
    LoadWriter(Loop& loop, const QString& connect_string, std::string name);
    ~LoadWriter();
    LoadWriter(const LoadWriter&) = delete;
    LoadWriter& operator=(const LoadWriter&) = delete;

    // Connects (within `timeout`) and starts writing; false when it could not connect.
    bool start(std::chrono::milliseconds timeout);
    void stop();
    // Read once stopped.
    const std::vector<std::string>& acknowledged() const { return acknowledged_; }
    size_t count() const { return count_; }

  private:
    void run();

    std::string name_;
    States states_;
    std::unique_ptr<Client> client_;
    std::thread thread_;
    std::atomic<bool> stopping_{false};
    std::atomic<size_t> count_{0};
    std::vector<std::string> acknowledged_;
};

} // namespace zs::testing
