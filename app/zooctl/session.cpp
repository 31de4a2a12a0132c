#include "session.h"

#include "output.h"

#include <algorithm>
#include <csignal>
#include <fmt/format.h>
#include <map>
#include <pthread.h>

namespace zs::zooctl {
namespace {

namespace asio = boost::asio;
using client::SessionState;

bool final_state(SessionState state) {
    return state == SessionState::expired || state == SessionState::auth_failed ||
           state == SessionState::closed;
}

bool connected(SessionState state) {
    return state == SessionState::connected || state == SessionState::connected_read_only;
}

std::string seconds_text(std::chrono::milliseconds timeout) {
    return fmt::format("{:g} s", double(timeout.count()) / 1000);
}

} // namespace

Session::Session(const Globals& globals)
    : work_(asio::make_work_guard(io_)), timeout_(globals.timeout()) {
    // Checked before connecting: a typo must not cost a connection attempt.
    std::vector<std::pair<std::string, std::string>> auths;
    for (const std::string& auth : globals.auths) {
        const size_t colon = auth.find(':');
        if (colon == std::string::npos || colon == 0) {
            throw usage_failure(fmt::format(
                "--auth {}: expected SCHEME:AUTH, e.g. digest:user:password", auth.substr(0, 32)));
        }
        auths.emplace_back(auth.substr(0, colon), auth.substr(colon + 1));
    }

    client::ClientOptions options;
    options.connect_string = globals.servers;
    options.can_be_read_only = globals.read_only;
    options.on_state = [this](SessionState) {
        // Under the mutex: a waiter is either before its check of the (already changed) state
        // or waiting.
        std::lock_guard lock(mutex_);
        changed_.notify_all();
    };
    auto opened = client::Client::open(io_.get_executor(), std::move(options));
    if (auto* error = std::get_if<std::string>(&opened)) {
        throw usage_failure("-s: " + *error);
    }
    client_ = std::move(std::get<std::unique_ptr<client::Client>>(opened));
    // The I/O thread never takes SIGINT or SIGTERM: they stay the main thread's (watch waits
    // for them there; every other command just ends).
    sigset_t stop_signals;
    sigset_t previous;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, &previous);
    thread_ = std::thread([this] { io_.run(); });
    pthread_sigmask(SIG_SETMASK, &previous, nullptr);
    try {
        wait_connected(globals);
        for (const auto& [scheme, auth] : auths) {
            const auto [err, ignored] = wait(client_->add_auth(scheme, auth, asio::use_future));
            if (err != proto::ErrorCode::ok) {
                throw zookeeper_failure("--auth " + scheme, err);
            }
        }
    } catch (...) {
        client_.reset();
        stop_io();
        throw;
    }
}

Session::~Session() {
    if (connected(client_->state())) {
        client_->close(asio::use_future).wait_for(timeout_);
    }
    client_.reset();
    stop_io();
}

void Session::wait_connected(const Globals& globals) {
    std::unique_lock lock(mutex_);
    const bool done = changed_.wait_for(lock, timeout_, [this] {
        const SessionState state = client_->state();
        return connected(state) || final_state(state);
    });
    const SessionState state = client_->state();
    if (!done) {
        const std::string problem = client_->last_problem();
        throw Failure(kExitUsage, fmt::format("cannot connect to {} within {} (--timeout){}",
                                              globals.servers, seconds_text(timeout_),
                                              problem.empty() ? "" : "; last: " + problem));
    }
    if (!connected(state)) {
        throw Failure(kExitUsage, fmt::format("cannot connect to {}: the session is {}",
                                              globals.servers, client::to_string(state)));
    }
}

void Session::stop_io() {
    work_.reset();
    io_.stop();
    if (thread_.joinable()) {
        thread_.join();
    }
}

std::vector<Listed> subtree(client::Client& client, const std::string& root) {
    std::map<std::string, std::vector<std::string>> children;
    std::map<std::string, proto::Stat> stats;
    std::vector<std::string> level{root};
    while (!level.empty()) {
        const auto replies = pipelined<client::ChildrenResult>(level, [&](const std::string& path) {
            return client.get_children(path, nullptr, asio::use_future);
        });
        std::vector<std::string> next;
        for (size_t i = 0; i < level.size(); ++i) {
            const auto& [err, result] = replies[i];
            if (err == proto::ErrorCode::no_node && level[i] != root) {
                continue;
            }
            if (err != proto::ErrorCode::ok) {
                throw zookeeper_failure(level[i], err);
            }
            std::vector<std::string> paths;
            for (const std::string& child : result.children) {
                paths.push_back(child_path(level[i], child));
            }
            std::sort(paths.begin(), paths.end());
            next.insert(next.end(), paths.begin(), paths.end());
            stats[level[i]] = result.stat;
            children[level[i]] = std::move(paths);
        }
        level = std::move(next);
    }
    std::vector<Listed> order;
    std::vector<std::string> stack{root};
    while (!stack.empty()) {
        const std::string path = std::move(stack.back());
        stack.pop_back();
        const auto found = stats.find(path);
        if (found == stats.end()) {
            continue; // deleted while we walked
        }
        order.push_back(Listed{path, found->second});
        const std::vector<std::string>& below = children[path];
        stack.insert(stack.end(), below.rbegin(), below.rend());
    }
    return order;
}

} // namespace zs::zooctl
