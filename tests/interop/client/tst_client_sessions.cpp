// Sessions: states, close, resumption, expiry, reconnects across a server restart and request
// timeouts. A client whose Loop is blocked is "frozen": it neither pings nor reads, which is how
// a session expires while the server keeps running.
#include "tst_client.h"

#include <QTcpServer>
#include <QTest>

using namespace zs::testing;
using zs::client::DataResult;
using zs::proto::AddWatchMode;
using zs::proto::CreateMode;
using Clock = std::chrono::steady_clock;

namespace {

qint64 ms_since(Clock::time_point start) {
    return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start).count();
}

// kManyWatches paths of ~400 bytes: 1.2 MB in all.
constexpr int kManyWatches = 3000;
std::string many_path(int i) {
    return "/rec/many/" + std::string(390, 'w') + std::to_string(i);
}

// A 127.0.0.1 port nobody listens on (free a moment ago).
quint16 unused_port() {
    QTcpServer probe;
    return probe.listen(QHostAddress::LocalHost, 0) ? probe.serverPort() : 0;
}

} // namespace

void TestClient::stateCallbacks() {
    Loop loop;
    States states;
    ClientOptions client_options = options();
    client_options.on_state = states.listener();
    auto client = open_client(loop, client_options);
    QVERIFY(client);
    QVERIFY(states.wait_for(SessionState::connected));
    // Connecting is where a client starts; it is not reported as a change.
    QCOMPARE(states.history(), "connected");
    QCOMPARE(client->state(), SessionState::connected);
    QVERIFY(client->session_id() != 0);
    QCOMPARE(client->negotiated_timeout(), kSessionTimeout);
    QCOMPARE(client->server(), server_->connect_string().toStdString());
    const int64_t before = client->last_zxid();
    QCOMPARE(std::get<0>(Sync(*client).create("/states")), ErrorCode::ok);
    QVERIFY(client->last_zxid() > before);

    // The server clamps the timeout to 2..20 ticks (tickTime 200).
    auto slow = connect(loop, options(std::chrono::milliseconds(60000)));
    QVERIFY(slow);
    QCOMPARE(slow->negotiated_timeout(), std::chrono::milliseconds(4000));
    auto fast = connect(loop, options(std::chrono::milliseconds(100)));
    QVERIFY(fast);
    QCOMPARE(fast->negotiated_timeout(), std::chrono::milliseconds(400));

    // Granted less than it asked for, an idle session pings on the granted timeout: it is
    // still alive after one and a half of them.
    const int64_t slow_session = slow->session_id();
    QTest::qWait(6000);
    QCOMPARE(std::get<0>(Sync(*slow).exists("/states")), ErrorCode::ok);
    QCOMPARE(slow->session_id(), slow_session);
}

void TestClient::skipsDeadServers() {
    // Several servers, one of them alive: the client tries them in turn until one answers.
    Loop loop;
    const std::string live = server_->connect_string().toStdString();
    const std::string dead = "127.0.0.1:" + std::to_string(unused_port());
    for (const std::string& hosts : {dead + "," + live, live + ", " + dead + ","}) {
        ClientOptions client_options = options();
        client_options.connect_string = hosts;
        auto client = connect(loop, client_options);
        QVERIFY(client);
        QCOMPARE(client->server(), live);
        QCOMPARE(std::get<0>(Sync(*client).exists("/")), ErrorCode::ok);
    }
}

void TestClient::closeEndsSession() {
    Loop loop;
    States states;
    ClientOptions client_options = options();
    client_options.on_state = states.listener();
    auto client = connect(loop, client_options);
    QVERIFY(client);
    auto observer = connect(loop);
    QVERIFY(observer);
    Sync a(*client);
    Sync b(*observer);
    QCOMPARE(std::get<0>(a.create("/close-eph", "", CreateMode::ephemeral)), ErrorCode::ok);
    Events gone;
    QCOMPARE(std::get<0>(b.exists("/close-eph", gone.watcher())), ErrorCode::ok);

    QCOMPARE(a.close(), ErrorCode::ok);
    QCOMPARE(client->state(), SessionState::closed);
    QCOMPARE(states.history(), "connected,closed");
    // The ephemeral goes with the session, at once.
    QCOMPARE(gone.next_text(), event_text(EventType::node_deleted, "/close-eph"));
    QCOMPARE(std::get<0>(b.exists("/close-eph")), ErrorCode::no_node);
    // A closed session takes no more requests, as in the Java client.
    QCOMPARE(std::get<0>(a.get_data("/")), ErrorCode::session_expired);
    QCOMPARE(std::get<0>(a.create("/close-after")), ErrorCode::session_expired);
    QCOMPARE(a.add_auth("digest", "u:p"), ErrorCode::session_expired);
    QCOMPARE(a.close(), ErrorCode::ok);
    QCOMPARE(states.history(), "connected,closed");
}

void TestClient::closeWhileConnectionDrops() {
    Loop loop;
    States states;
    ClientOptions client_options = options();
    client_options.on_state = states.listener();
    auto client = connect(loop, client_options);
    QVERIFY(client);
    // closeSession is in flight when the connection goes: close() still ends in closed, and the
    // client must not reconnect afterwards.
    freeze_server();
    auto closing = client->close(boost::asio::use_future);
    QCOMPARE(closing.wait_for(200ms), std::future_status::timeout);
    server_->kill9();
    frozen_ = false;
    QCOMPARE(std::get<0>(wait_result(std::move(closing))), ErrorCode::ok);
    QCOMPARE(client->state(), SessionState::closed);
    QVERIFY(server_->start());
    QTest::qWait(1500); // longer than the client's pause between connection attempts
    QCOMPARE(client->state(), SessionState::closed);
    QCOMPARE(states.history(), "connected,closed");
    QCOMPARE(std::get<0>(Sync(*client).get_data("/")), ErrorCode::session_expired);
}

void TestClient::resumeSession() {
    Loop loop;
    auto first = connect(loop);
    QVERIFY(first);
    QCOMPARE(std::get<0>(Sync(*first).create("/resume")), ErrorCode::ok);
    QCOMPARE(std::get<0>(Sync(*first).create("/resume/eph", "", CreateMode::ephemeral)),
             ErrorCode::ok);
    const int64_t id = first->session_id();
    const auto password = first->session_password();
    // Dropped without closing: the session lives on at the server.
    first.reset();

    ClientOptions resumed = options();
    resumed.session_id = id;
    resumed.session_password = password;
    auto second = connect(loop, resumed);
    QVERIFY(second);
    QCOMPARE(second->session_id(), id);
    Sync b(*second);
    const auto [err, stat] = b.exists("/resume/eph");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(stat.ephemeral_owner, id);
    QCOMPARE(joined(std::get<1>(b.get_ephemerals("/resume"))), "/resume/eph");
    QCOMPARE(b.close(), ErrorCode::ok);

    auto observer = connect(loop);
    QVERIFY(observer);
    QCOMPARE(std::get<0>(Sync(*observer).exists("/resume/eph")), ErrorCode::no_node);
}

void TestClient::resumeWithWrongPasswordExpires() {
    Loop loop;
    auto owner = connect(loop);
    QVERIFY(owner);
    States states;
    ClientOptions impostor = options();
    impostor.session_id = owner->session_id();
    impostor.session_password = owner->session_password();
    impostor.session_password[0] ^= 0xff;
    impostor.on_state = states.listener();
    auto client = open_client(loop, impostor);
    QVERIFY(client);
    QVERIFY(states.wait_for(SessionState::expired));
    QCOMPARE(states.history(), "expired");
    QCOMPARE(std::get<0>(Sync(*client).get_data("/")), ErrorCode::session_expired);
    // The real owner is unaffected.
    QCOMPARE(std::get<0>(Sync(*owner).get_data("/")), ErrorCode::ok);
    QCOMPARE(owner->state(), SessionState::connected);
}

void TestClient::sessionExpiry() {
    constexpr std::chrono::milliseconds kShort{2000};
    Loop frozen_loop;
    Loop loop;
    States states;
    ClientOptions client_options = options(kShort);
    client_options.on_state = states.listener();
    auto client = connect(frozen_loop, client_options);
    QVERIFY(client);
    auto observer = connect(loop);
    QVERIFY(observer);
    Sync a(*client);
    Sync b(*observer);
    QCOMPARE(std::get<0>(b.create("/exp")), ErrorCode::ok);
    QCOMPARE(std::get<0>(a.create("/exp/eph", "", CreateMode::ephemeral)), ErrorCode::ok);
    Events gone;
    QCOMPARE(std::get<0>(b.exists("/exp/eph", gone.watcher())), ErrorCode::ok);

    // The moment the client notices the lost connection it issues a request: it waits for the
    // reconnect, which finds the session expired.
    auto pending = std::make_shared<std::promise<ErrorCode>>();
    auto pending_result = pending->get_future();
    Client* raw = client.get();
    auto issued = std::make_shared<bool>(false); // the hook is copied; this is not
    states.set_hook([raw, pending, issued](SessionState state) {
        if (state == SessionState::suspended && !*issued) {
            *issued = true;
            raw->get_data("/exp", {},
                          [pending](ErrorCode err, const DataResult&) { pending->set_value(err); });
        }
    });

    frozen_loop.block();
    // The server expires the silent session and deletes its ephemeral.
    QCOMPARE(gone.next_text(kShort * 5), event_text(EventType::node_deleted, "/exp/eph"));
    frozen_loop.release();

    QVERIFY(states.wait_for(SessionState::expired));
    QCOMPARE(states.history(), "connected,suspended,expired");
    QCOMPARE(pending_result.wait_for(kWait), std::future_status::ready);
    QCOMPARE(pending_result.get(), ErrorCode::session_expired);
    QCOMPARE(std::get<0>(a.get_data("/exp")), ErrorCode::session_expired);
    QCOMPARE(client->state(), SessionState::expired);
    // Expired is final: no reconnect attempts follow.
    QTest::qWait(300);
    QCOMPARE(states.history(), "connected,suspended,expired");
}

void TestClient::sessionOutlivesServerDowntime() {
    // A restarted server restores its sessions and gives each a fresh timeout, however long it
    // was down: a client that comes back keeps its session, one that does not expires.
    // The fresh timeout starts when the server serves again, so it must cover a reconnection
    // round on a loaded machine (a pause of up to 1 s, a cold JVM's first reply).
    constexpr std::chrono::milliseconds kShort{5000};
    Loop loop;
    States states;
    ClientOptions client_options = options(kShort);
    client_options.on_state = states.listener();
    auto client = connect(loop, client_options);
    QVERIFY(client);
    Sync a(*client);
    QCOMPARE(std::get<0>(a.create("/down")), ErrorCode::ok);
    QCOMPARE(std::get<0>(a.create("/down/eph", "", CreateMode::ephemeral)), ErrorCode::ok);
    const int64_t id = client->session_id();
    {
        Loop orphan_loop;
        auto orphan = connect(orphan_loop, options(kShort));
        QVERIFY(orphan);
        QCOMPARE(std::get<0>(Sync(*orphan).create("/down/orphan", "", CreateMode::ephemeral)),
                 ErrorCode::ok);
    }

    server_->stop();
    QVERIFY(states.wait_for(SessionState::suspended));
    std::this_thread::sleep_for(kShort + 1s);
    QVERIFY(server_->start());
    QVERIFY2(states.wait_for(SessionState::connected, 15s), qPrintable(states.history()));
    QCOMPARE(client->session_id(), id);
    QCOMPARE(states.history(), "connected,suspended,connected");
    const auto [err, stat] = a.exists("/down/eph");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(stat.ephemeral_owner, id);

    // Nobody resumed the orphan's session: it expires after its timeout.
    const auto deadline = Clock::now() + kShort * 5;
    while (std::get<0>(a.exists("/down/orphan")) == ErrorCode::ok && Clock::now() < deadline) {
        QTest::qWait(100);
    }
    QCOMPARE(std::get<0>(a.exists("/down/orphan")), ErrorCode::no_node);
    QCOMPARE(std::get<0>(a.exists("/down/eph")), ErrorCode::ok);
}

void TestClient::reconnectKeepsSessionAndWatches() {
    Loop client_loop;
    Loop loop;
    States states;
    ClientOptions client_options = options();
    client_options.on_state = states.listener();
    auto client = connect(client_loop, client_options);
    QVERIFY(client);
    Sync a(*client);
    QCOMPARE(std::get<0>(a.create("/rec")), ErrorCode::ok);
    QCOMPARE(std::get<0>(a.create("/rec/w", "0")), ErrorCode::ok);
    QCOMPARE(std::get<0>(a.create("/rec/eph", "", CreateMode::ephemeral)), ErrorCode::ok);
    Events data;
    Events exist;
    Events kids;
    Events recursive;
    QCOMPARE(std::get<0>(a.get_data("/rec/w", data.watcher())), ErrorCode::ok);
    QCOMPARE(std::get<0>(a.exists("/rec/new", exist.watcher())), ErrorCode::no_node);
    QCOMPARE(std::get<0>(a.get_children("/rec", kids.watcher())), ErrorCode::ok);
    QCOMPARE(a.add_watch("/rec/sub", AddWatchMode::persistent_recursive, recursive.watcher()),
             ErrorCode::ok);
    // Exist watches whose paths add up to more than the server's 1 MiB frame limit: they must
    // be restored in several setWatches frames.
    QCOMPARE(std::get<0>(a.create("/rec/many")), ErrorCode::ok);
    Events many;
    Mailbox<ErrorCode> armed;
    for (int i = 0; i < kManyWatches; ++i) {
        client->exists(many_path(i), many.watcher(),
                       [sink = armed.sink()](ErrorCode err, const zs::proto::Stat&) { sink(err); });
    }
    for (int i = 0; i < kManyWatches; ++i) {
        QCOMPARE(armed.next().value_or(kHung), ErrorCode::no_node);
    }
    // An identity, which the client must send again after the reconnect.
    QCOMPARE(a.add_auth("digest", "rec:secret"), ErrorCode::ok);
    const int64_t id = client->session_id();

    // A request the server never answers is in flight when the connection goes.
    freeze_server();
    auto in_flight = client->get_data("/rec/w", {}, boost::asio::use_future);
    QCOMPARE(in_flight.wait_for(200ms), std::future_status::timeout);
    server_->kill9(); // SIGKILL ends a stopped process too
    frozen_ = false;
    QCOMPARE(std::get<0>(wait_result(std::move(in_flight))), ErrorCode::connection_loss);
    QVERIFY(states.wait_for(SessionState::suspended));

    // Issued while suspended: it waits for the next connection.
    auto queued = client->exists("/rec/eph", {}, boost::asio::use_future);
    QCOMPARE(queued.wait_for(500ms), std::future_status::timeout);

    // Keep the client away until another client has changed what it watches.
    client_loop.block();
    QVERIFY(server_->start());
    auto writer = connect(loop);
    QVERIFY(writer);
    Sync b(*writer);
    QCOMPARE(std::get<0>(b.exists("/rec/eph")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.set_data("/rec/w", "1")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/rec/new")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/rec/sub")), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create(many_path(0))), ErrorCode::ok);
    client_loop.release();

    QVERIFY(states.wait_for(SessionState::connected, 15s));
    QCOMPARE(states.history(), "connected,suspended,connected");
    QCOMPARE(client->session_id(), id);
    const auto [err_q, stat] = wait_result(std::move(queued));
    QCOMPARE(err_q, ErrorCode::ok);
    QCOMPARE(stat.ephemeral_owner, id);
    // setWatches replays what changed while the client was away...
    QCOMPARE(data.next_text(), event_text(EventType::node_data_changed, "/rec/w"));
    QCOMPARE(exist.next_text(), event_text(EventType::node_created, "/rec/new"));
    QCOMPARE(kids.next_text(), event_text(EventType::node_children_changed, "/rec"));
    const auto first = many.next();
    QVERIFY(first);
    QCOMPARE(first->type, EventType::node_created);
    QCOMPARE(first->path, many_path(0));
    // ...and re-arms the persistent watch, which reports only what happens from now on.
    QCOMPARE(std::get<0>(b.create("/rec/sub/x")), ErrorCode::ok);
    QCOMPARE(recursive.next_text(), event_text(EventType::node_created, "/rec/sub/x"));
    QVERIFY(recursive.none_within());
    QVERIFY(data.none_within(0ms));
    // The last exist watch went in the last batch.
    QCOMPARE(std::get<0>(b.create(many_path(kManyWatches - 1))), ErrorCode::ok);
    const auto last = many.next();
    QVERIFY(last);
    QCOMPARE(last->path, many_path(kManyWatches - 1));
    QCOMPARE(client->state(), SessionState::connected);
    const auto [err_w, identities] = a.who_am_i();
    QCOMPARE(err_w, ErrorCode::ok);
    const zs::proto::ClientInfo digest{"digest", "rec"};
    QVERIFY(std::find(identities.begin(), identities.end(), digest) != identities.end());
}

void TestClient::requestTimeoutOnFrozenServer() {
    constexpr std::chrono::milliseconds kTimeout{1000};
    Loop loop;
    ClientOptions client_options = options();
    client_options.request_timeout = kTimeout;
    auto client = connect(loop, client_options);
    QVERIFY(client);
    Sync a(*client);
    QCOMPARE(std::get<0>(a.create("/rt", "x")), ErrorCode::ok);

    auto doomed = connect(loop);
    QVERIFY(doomed);

    freeze_server();
    const auto start = Clock::now();
    const auto [err, ignored] = a.get_data("/rt");
    const qint64 elapsed = ms_since(start);
    // A client destroyed with a request outstanding still completes it.
    auto orphaned = doomed->get_data("/rt", {}, boost::asio::use_future);
    doomed.reset();
    const auto orphaned_err = std::get<0>(wait_result(std::move(orphaned), 2s));
    thaw_server();
    QCOMPARE(orphaned_err, ErrorCode::session_expired);
    QCOMPARE(err, ErrorCode::request_timeout);
    QVERIFY2(elapsed >= 900 && elapsed < 2000, qPrintable(QString::number(elapsed)));

    // Once the server runs again, so does the client (perhaps after reconnecting).
    const auto deadline = Clock::now() + kWait;
    ErrorCode again = kHung;
    while (again != ErrorCode::ok && Clock::now() < deadline) {
        again = std::get<0>(a.get_data("/rt"));
    }
    QCOMPARE(again, ErrorCode::ok);
    QCOMPARE(a.data_text("/rt"), "x");
}

void TestClient::requestTimeoutWhileDisconnected() {
    constexpr std::chrono::milliseconds kTimeout{500};
    Loop loop;
    ClientOptions client_options;
    client_options.connect_string = "127.0.0.1:" + std::to_string(unused_port());
    client_options.request_timeout = kTimeout;
    auto client = open_client(loop, client_options);
    QVERIFY(client);
    const auto start = Clock::now();
    const auto [err, ignored] = Sync(*client).get_data("/");
    const qint64 elapsed = ms_since(start);
    QCOMPARE(err, ErrorCode::request_timeout);
    QVERIFY2(elapsed >= 400 && elapsed < 1500, qPrintable(QString::number(elapsed)));
    QCOMPARE(client->state(), SessionState::connecting);
    QCOMPARE(Sync(*client).close(), ErrorCode::ok);
    QCOMPARE(client->state(), SessionState::closed);
}
