// One client shared by several threads, a C++20 coroutine client, and callbacks that start
// requests of their own.
#include "tst_client.h"

#include <QTest>
#include <atomic>
// clang-format off
#include <utility> // Boost 1.74's awaitable.hpp needs it first
#include <boost/asio/awaitable.hpp>
// clang-format on
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/use_awaitable.hpp>

using namespace zs::testing;
using zs::client::DataResult;
using zs::proto::Stat;

namespace {

// What went wrong, or "" when all went right. Arguments are named variables: g++ 12 mishandles
// braced temporaries inside a co_await expression (a `{}` CreateOptions either fails to compile,
// "array used as initializer", or is destroyed twice).
boost::asio::awaitable<std::string> crud(Client& client) {
    using boost::asio::use_awaitable;
    const std::string path = "/co";
    const std::string one = "1";
    const std::string two = "2";
    const zs::client::CreateOptions open;
    const WatchCallback no_watch;
    const auto [err_c, created] = co_await client.create(path, one, open, use_awaitable);
    if (err_c != ErrorCode::ok || created.path != path) {
        co_return "create: " + std::string(zs::proto::error_name(err_c));
    }
    const auto [err_g, got] = co_await client.get_data(path, no_watch, use_awaitable);
    if (err_g != ErrorCode::ok || got.data != std::optional(one)) {
        co_return "get_data: " + std::string(zs::proto::error_name(err_g));
    }
    const auto [err_s, stat] = co_await client.set_data(path, two, 0, use_awaitable);
    if (err_s != ErrorCode::ok || stat.version != 1) {
        co_return "set_data: " + std::string(zs::proto::error_name(err_s));
    }
    const auto [err_r, removed] = co_await client.remove(path, 1, use_awaitable);
    if (err_r != ErrorCode::ok) {
        co_return "remove: " + std::string(zs::proto::error_name(err_r));
    }
    const auto [err_m, missing] = co_await client.get_data(path, no_watch, use_awaitable);
    if (err_m != ErrorCode::no_node) {
        co_return "get_data after remove: " + std::string(zs::proto::error_name(err_m));
    }
    co_return std::string();
}

} // namespace

void TestClient::threadsShareOneClient() {
    constexpr int kThreads = 4;
    constexpr int kOpsPerThread = 1000;
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/ts")), ErrorCode::ok);
    for (int t = 0; t < kThreads; ++t) {
        QCOMPARE(std::get<0>(zk.create("/ts/" + std::to_string(t), "-1")), ErrorCode::ok);
    }

    // Each thread alternates set_data and get_data on its own node without waiting. Completions
    // come back in the order each thread issued its requests, and every get_data sees the
    // thread's previous set_data.
    struct Tally {
        std::atomic<int> completed{0};
        std::atomic<int> failures{0};
        std::array<std::atomic<int>, kThreads> next{};
    };
    auto tally = std::make_shared<Tally>();
    auto all_done = std::make_shared<std::promise<void>>();
    const auto record = [tally, all_done](int thread, int op, bool good) {
        if (!good || tally->next[size_t(thread)].fetch_add(1) != op) {
            ++tally->failures;
        }
        if (++tally->completed == kThreads * kOpsPerThread) {
            all_done->set_value();
        }
    };
    std::vector<std::thread> threads;
    for (int t = 0; t < kThreads; ++t) {
        threads.emplace_back([&client, record, t] {
            const std::string path = "/ts/" + std::to_string(t);
            for (int i = 0; i < kOpsPerThread; ++i) {
                if (i % 2 == 0) {
                    client->set_data(path, std::to_string(i), -1,
                                     [record, t, i](ErrorCode err, const Stat&) {
                                         record(t, i, err == ErrorCode::ok);
                                     });
                } else {
                    client->get_data(path, {}, [record, t, i](ErrorCode err, DataResult result) {
                        record(t, i,
                               err == ErrorCode::ok &&
                                   result.data == std::optional(std::to_string(i - 1)));
                    });
                }
            }
        });
    }
    for (std::thread& thread : threads) {
        thread.join();
    }
    QCOMPARE(all_done->get_future().wait_for(60s), std::future_status::ready);
    QCOMPARE(tally->failures.load(), 0);
    for (int t = 0; t < kThreads; ++t) {
        const auto [err, result] = zk.get_data("/ts/" + std::to_string(t));
        QCOMPARE(err, ErrorCode::ok);
        QCOMPARE(result.stat.version, kOpsPerThread / 2);
    }
}

void TestClient::coroutineUsesAwaitable() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    std::promise<std::string> outcome;
    auto result = outcome.get_future();
    boost::asio::co_spawn(loop.io(), crud(*client),
                          [&outcome](std::exception_ptr error, std::string problem) {
                              outcome.set_value(error ? "exception" : problem);
                          });
    QCOMPARE(result.wait_for(kWait), std::future_status::ready);
    QCOMPARE(result.get(), "");
}

void TestClient::callbacksMayIssueRequests() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync b(*writer);
    QCOMPARE(std::get<0>(b.create("/cb", "0")), ErrorCode::ok);

    // A completion that starts the next request from the client's strand.
    auto chained = std::make_shared<std::promise<ErrorCode>>();
    auto chained_result = chained->get_future();
    Client* raw = client.get();
    raw->create("/cb/a", std::string("x"), {},
                [raw, chained](ErrorCode err, const zs::client::CreateResult&) {
                    if (err != ErrorCode::ok) {
                        chained->set_value(err);
                        return;
                    }
                    raw->get_data("/cb/a", {}, [chained](ErrorCode err2, DataResult result) {
                        chained->set_value(result.data == std::optional<std::string>("x")
                                               ? err2
                                               : ErrorCode::data_inconsistency);
                    });
                });
    QCOMPARE(chained_result.wait_for(kWait), std::future_status::ready);
    QCOMPARE(chained_result.get(), ErrorCode::ok);

    // The usual watch loop: each event re-arms the watch from inside the callback.
    Events events;
    Mailbox<ErrorCode> armed;
    auto rearm = std::make_shared<std::function<void(const WatchEvent&)>>();
    *rearm = [raw, sink = events.watcher(), armed_sink = armed.sink(),
              weak = std::weak_ptr(rearm)](const WatchEvent& event) {
        sink(event);
        if (auto self = weak.lock()) {
            raw->get_data("/cb", *self,
                          [armed_sink](ErrorCode err, const DataResult&) { armed_sink(err); });
        }
    };
    QCOMPARE(std::get<0>(Sync(*client).get_data("/cb", *rearm)), ErrorCode::ok);
    for (const char* value : {"1", "2", "3"}) {
        QCOMPARE(std::get<0>(b.set_data("/cb", value)), ErrorCode::ok);
        QCOMPARE(events.next_text(),
                 QStringLiteral("%1 /cb").arg(int(EventType::node_data_changed)));
        // The next change must come after the watch is armed again.
        QCOMPARE(armed.next().value_or(kHung), ErrorCode::ok);
    }
    rearm.reset();
}
