#pragma once

// Test plumbing around zs::client::Client: an event loop on its own thread, synchronous wrappers
// that wait (bounded) for each operation, and thread-safe queues for watch events and session
// states, which the client delivers on its strand.
#include "client/client.h"

#include <QByteArray>
#include <QString>
#include <QTest>
#include <QtGlobal>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <future>
#include <memory>
#include <mutex>
#include <thread>
#include <tuple>

// QCOMPARE prints these through toString(), found by argument-dependent lookup.
namespace zs::proto {
char* toString(const ErrorCode& err);
char* toString(const EventType& type);
char* toString(const Stat& stat);
char* toString(const std::vector<Acl>& acl);
char* toString(const ClientInfo& info);
} // namespace zs::proto
// std::string has no QDebug streaming; without this a failed QCOMPARE would print nothing.
template <> inline char* QTest::toString<std::string>(const std::string& text) {
    return qstrdup(text.c_str());
}
namespace zs::client {
char* toString(const SessionState& state);
} // namespace zs::client

namespace zs::testing {

using namespace std::chrono_literals;
using client::Client;
using client::ClientOptions;
using client::SessionState;
using client::WatchCallback;
using client::WatchEvent;
using proto::ErrorCode;
using proto::EventType;

// What an operation "returns" when it did not complete in time: no real code has this value, so
// a hang shows up in QCOMPARE as itself.
inline constexpr auto kHung = ErrorCode(-9999);
// The default bound on one operation or one awaited event.
inline constexpr std::chrono::milliseconds kWait = 10s;

// An io_context run by one thread. block() parks that thread until release(): a client on this
// loop then neither reads nor writes, as if its process were frozen.
class Loop {
  public:
    Loop();
    ~Loop();
    Loop(const Loop&) = delete;
    Loop& operator=(const Loop&) = delete;

    boost::asio::any_io_executor executor() { return io_.get_executor(); }
    boost::asio::io_context& io() { return io_; }
    void block();
    void release();

  private:
    boost::asio::io_context io_;
    boost::asio::executor_work_guard<boost::asio::io_context::executor_type> guard_;
    std::thread thread_;
    std::shared_ptr<std::promise<void>> gate_;
};

// A FIFO filled from the client's strand and drained by the test thread.
template <class T> class Mailbox {
  public:
    void push(T value) { sink()(std::move(value)); }
    // A callable that pushes into this mailbox; it stays safe to call after the mailbox is gone
    // (a client may still hold it).
    auto sink() const {
        return [state = state_](T value) {
            {
                std::lock_guard lock(state->mutex);
                state->items.push_back(std::move(value));
            }
            state->cv.notify_all();
        };
    }
    // The next item, or nullopt when none arrives within `timeout`.
    std::optional<T> next(std::chrono::milliseconds timeout = kWait) {
        std::unique_lock lock(state_->mutex);
        if (!state_->cv.wait_for(lock, timeout, [&] { return !state_->items.empty(); })) {
            return std::nullopt;
        }
        T value = std::move(state_->items.front());
        state_->items.pop_front();
        return value;
    }
    size_t size() const {
        std::lock_guard lock(state_->mutex);
        return state_->items.size();
    }

  private:
    struct State {
        mutable std::mutex mutex;
        std::condition_variable cv;
        std::deque<T> items;
    };
    std::shared_ptr<State> state_ = std::make_shared<State>();
};

// Watch events for one watcher.
class Events : public Mailbox<WatchEvent> {
  public:
    WatchCallback watcher() const {
        auto push = sink();
        return [push](const WatchEvent& event) { push(event); };
    }
    // "type path" of the next event, or "" when none comes in time.
    QString next_text(std::chrono::milliseconds timeout = kWait);
    // True when nothing arrives within `quiet` (a watch that must not fire).
    bool none_within(std::chrono::milliseconds quiet = 300ms) { return !next(quiet).has_value(); }
};

// The session states a client reports. A hook, when set, runs on the client's strand right
// after a state is recorded (it may start requests, which is what a real application does).
class States : public Mailbox<SessionState> {
  public:
    std::function<void(SessionState)> listener();
    void set_hook(std::function<void(SessionState)> hook);
    // Consumes states until `wanted` (true) or the timeout (false).
    bool wait_for(SessionState wanted, std::chrono::milliseconds timeout = kWait);
    // Every state seen so far, consumed or not, in order, as "a,b,c".
    QString history() const;

  private:
    struct Shared {
        std::mutex mutex;
        std::function<void(SessionState)> hook;
        std::vector<SessionState> all;
    };
    std::shared_ptr<Shared> shared_ = std::make_shared<Shared>();
};

// Opens a client on `loop` (recording a QtTest failure and returning null on a parse error).
std::unique_ptr<Client> open_client(Loop& loop, ClientOptions options);
// Polls client.state() until it is `wanted`.
bool wait_state(const Client& client, SessionState wanted,
                std::chrono::milliseconds timeout = kWait);

// Waits for an operation started with use_future; kHung and a default value when it hangs.
template <class T>
std::tuple<ErrorCode, T> wait_result(std::future<std::tuple<ErrorCode, T>> future,
                                     std::chrono::milliseconds timeout = kWait) {
    if (future.wait_for(timeout) != std::future_status::ready) {
        return {kHung, T{}};
    }
    return future.get();
}

// Synchronous calls on one client: each waits (bounded) for its result.
class Sync {
  public:
    explicit Sync(Client& client) : c_(client) {}

    using Data = std::optional<std::string>;
    template <class T> using R = std::tuple<ErrorCode, T>;

    R<client::CreateResult> create(const std::string& path, Data data = std::string(),
                                   client::CreateOptions options = {});
    R<client::CreateResult> create(const std::string& path, Data data, proto::CreateMode mode,
                                   int64_t ttl_ms = -1);
    ErrorCode remove(const std::string& path, int32_t version = -1);
    R<proto::Stat> exists(const std::string& path, WatchCallback watch = {});
    R<client::DataResult> get_data(const std::string& path, WatchCallback watch = {});
    R<proto::Stat> set_data(const std::string& path, Data data, int32_t version = -1);
    R<client::AclResult> get_acl(const std::string& path);
    R<proto::Stat> set_acl(const std::string& path, std::vector<proto::Acl> acl,
                           int32_t version = -1);
    R<client::ChildrenResult> get_children(const std::string& path, WatchCallback watch = {});
    R<std::string> sync(const std::string& path);
    R<std::vector<client::OpResult>> multi(std::vector<client::Op> ops);
    R<std::vector<client::OpResult>> multi_read(std::vector<client::Op> ops);
    ErrorCode add_watch(const std::string& path, proto::AddWatchMode mode, WatchCallback watch);
    ErrorCode remove_watches(const std::string& path, proto::WatcherType type);
    ErrorCode add_auth(const std::string& scheme, const std::string& auth);
    R<std::vector<proto::ClientInfo>> who_am_i();
    R<int32_t> get_all_children_number(const std::string& path);
    R<std::vector<std::string>> get_ephemerals(const std::string& prefix);
    ErrorCode close();

    // The data of `path` as text ("<null>" for null data, "<err NAME>" on failure).
    QString data_text(const std::string& path);
    // The children of `path`, sorted and joined with ','; "<err NAME>" on failure.
    QString children_text(const std::string& path);

  private:
    Client& c_;
};

// "type path", as Events::next_text() prints an event.
QString event_text(EventType type, const char* path);
// Sorted and joined with ',' (servers list children in no particular order).
QString joined(std::vector<std::string> items);
// The digest ACL id of "user:password", as DigestAuthenticationProvider computes it.
std::string digest_id(const std::string& user_password);

} // namespace zs::testing
