#pragma once

// One ZooKeeper session for one zooctl run, used synchronously: the client's I/O runs on a
// thread of its own while the command waits for each reply.
#include "client/client.h"
#include "zooctl.h"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <condition_variable>
#include <deque>
#include <future>
#include <mutex>
#include <thread>
#include <tuple>
#include <utility>
#include <vector>

namespace zs::zooctl {

class Session {
  public:
    // Opens the session, waits (at most globals.timeout()) until it is connected and adds the
    // --auth identities. Throws Failure: exit code 2 for a bad connect string or no connection,
    // 1 when the server refuses an identity.
    explicit Session(const Globals& globals);
    // Closes the session (its ephemerals go at once) and stops the I/O thread.
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    client::Client& client() { return *client_; }
    client::SessionState state() const { return client_->state(); }

    // The (error, value) of a request started with boost::asio::use_future.
    template <class T>
    static std::pair<proto::ErrorCode, T> wait(std::future<std::tuple<proto::ErrorCode, T>> reply) {
        auto [err, value] = reply.get();
        return {err, std::move(value)};
    }
    // The value, or a Failure naming `subject` (usually the path) and the error.
    template <class T>
    static T value(const std::string& subject, std::future<std::tuple<proto::ErrorCode, T>> reply) {
        auto [err, result] = reply.get();
        if (err != proto::ErrorCode::ok) {
            throw zookeeper_failure(subject, err);
        }
        return std::move(result);
    }

  private:
    void wait_connected(const Globals& globals);
    void stop_io();

    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> work_;
    std::thread thread_;
    std::unique_ptr<client::Client> client_;
    std::chrono::milliseconds timeout_;

    // Signalled on every state change, for wait_connected().
    std::mutex mutex_;
    std::condition_variable changed_;
};

// Starts `start(item)` for every item, at most `window` outstanding at a time, and returns the
// replies in the items' order. `start` returns the future of a use_future request.
template <class T, class Item, class Start>
std::vector<std::pair<proto::ErrorCode, T>> pipelined(const std::vector<Item>& items, Start start,
                                                      size_t window = 256) {
    std::vector<std::pair<proto::ErrorCode, T>> replies;
    replies.reserve(items.size());
    std::deque<std::future<std::tuple<proto::ErrorCode, T>>> pending;
    for (const Item& item : items) {
        pending.push_back(start(item));
        if (pending.size() >= window) {
            replies.push_back(Session::wait(std::move(pending.front())));
            pending.pop_front();
        }
    }
    for (auto& reply : pending) {
        replies.push_back(Session::wait(std::move(reply)));
    }
    return replies;
}

// A node found by subtree().
struct Listed {
    std::string path;
    proto::Stat stat;
};

// The subtree under `root`, in depth-first order with sorted children (root first), read level
// by level with pipelined getChildren2 calls; each node's Stat comes with its children. Nodes
// deleted during the walk are left out; any other error is a Failure naming the node.
std::vector<Listed> subtree(client::Client& client, const std::string& root);

} // namespace zs::zooctl
