#include "load_writer.h"

namespace zs::testing {

using namespace std::chrono_literals;

LoadWriter::LoadWriter(Loop& loop, const QString& connect_string, std::string name)
    : name_(std::move(name)) {
    ClientOptions options;
    options.connect_string = connect_string.toStdString();
    options.session_timeout = 10s;
    options.on_state = states_.listener();
    client_ = open_client(loop, options);
}

LoadWriter::~LoadWriter() {
    stop();
}

bool LoadWriter::start(std::chrono::milliseconds timeout) {
    if (!client_ || !states_.wait_for(SessionState::connected, timeout)) {
        return false;
    }
    thread_ = std::thread([this] { run(); });
    return true;
}

void LoadWriter::stop() {
    stopping_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
}

void LoadWriter::run() {
    Sync zk(*client_);
    int64_t next = 0;
    while (!stopping_) {
        const std::string path = "/load/" + name_ + "-" + std::to_string(next);
        const ErrorCode err = std::get<0>(zk.create(path, "x"));
        if (err == ErrorCode::ok || err == ErrorCode::node_exists) {
            acknowledged_.push_back(path);
            ++count_;
            ++next;
        } else {
            std::this_thread::sleep_for(20ms); // failing over: try the same node again
        }
    }
    zk.close();
}

} // namespace zs::testing
