// The opcodes no stock client of this machine sends (multiRead, check/removeWatches, addWatch,
// setWatches/setWatches2 replay, whoAmI, sasl, reconfig, deleteContainer), spoken frame by frame
// against one server. Every expectation holds for Apache ZooKeeper 3.8 and for zoonode.

#include "jute.h"
#include "raw_client.h"
#include "requests.h"
#include "server_process.h"

#include <QTest>
#include <memory>

using zs::testing::create_body;
using zs::testing::JuteReader;
using zs::testing::JuteWriter;
using zs::testing::path_watch_body;
using zs::testing::RawClient;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;
using zs::testing::set_data_body;

namespace {

constexpr int kSessionTimeoutMs = 4000;
constexpr int kWaitMs = 5000;

namespace op {
constexpr int32_t create = 1, remove = 2, exists = 3, get_data = 4, set_data = 5, get_children = 8,
                  reconfig = 16, check_watches = 17, remove_watches = 18, delete_container = 20,
                  multi_read = 22, auth = 100, set_watches = 101, sasl = 102, get_ephemerals = 103,
                  get_all_children_number = 104, set_watches2 = 105, add_watch = 106,
                  who_am_i = 107;
}
namespace event {
constexpr int32_t created = 1, deleted = 2, data_changed = 3, children_changed = 4;
}
constexpr int32_t kNoNode = -101, kNoWatcher = -121, kReconfigDisabled = -123;
constexpr int32_t kBadArguments = -8;
constexpr int32_t kWatcherData = 2;
constexpr int32_t kModePersistent = 0, kModePersistentRecursive = 1;

QByteArray strings(const QList<QByteArray>& values) {
    JuteWriter out;
    out.int32(static_cast<int32_t>(values.size()));
    for (const auto& v : values) {
        out.buffer(v);
    }
    return out.bytes();
}

// Notifications as readable text ("type:path ..."), so a mismatch prints both sides.
QByteArray events_of(RawClient& client) {
    QByteArray text;
    for (const auto& n : client.take_notifications()) {
        text += QByteArray::number(n.type) + ":" + n.path + " ";
    }
    return text.trimmed();
}

QByteArray events(std::initializer_list<std::pair<int32_t, QByteArray>> expected) {
    QByteArray text;
    for (const auto& [type, path] : expected) {
        text += QByteArray::number(type) + ":" + path + " ";
    }
    return text.trimmed();
}

} // namespace

class TestOpcodes : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void cleanupTestCase();
    void multiReadAnswersEachOp();
    void checkAndRemoveWatches();
    void persistentRecursiveWatch();
    void setWatchesReplaysWhatWasMissed();
    void setWatches2RearmsPersistentWatches();
    void whoAmIListsIdentities();
    void ephemeralsAndDescendantCounts();
    void reconfigOnStandalone();
    void saslWithoutSaslServer();
    void deleteContainerIsNotForClients();

  private:
    std::unique_ptr<RawClient> open_session();
    int32_t call_err(RawClient& client, int32_t opcode, const QByteArray& body);

    std::unique_ptr<ServerProcess> server_;
};

void TestOpcodes::initTestCase() {
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    QVERIFY(server_->start());
}

void TestOpcodes::cleanupTestCase() {
    server_.reset();
}

std::unique_ptr<RawClient> TestOpcodes::open_session() {
    auto client = std::make_unique<RawClient>();
    if (!client->connect_to(server_->host(), server_->port()) ||
        !client->handshake(kSessionTimeoutMs)) {
        QTest::qFail(qPrintable(client->last_error()), __FILE__, __LINE__);
        return nullptr;
    }
    return client;
}

int32_t TestOpcodes::call_err(RawClient& client, int32_t opcode, const QByteArray& body) {
    const auto reply = client.call(opcode, body);
    return reply ? reply->err : INT32_MIN;
}

void TestOpcodes::multiReadAnswersEachOp() {
    auto client = open_session();
    QVERIFY(client);
    QCOMPARE(call_err(*client, op::create, create_body("/mr", "d")), 0);
    QCOMPARE(call_err(*client, op::create, create_body("/mr/kid", "")), 0);

    JuteWriter body;
    body.int32(op::get_data).boolean(false).int32(-1).raw(path_watch_body("/mr", false));
    body.int32(op::get_children).boolean(false).int32(-1).raw(path_watch_body("/mr", false));
    body.int32(op::get_data).boolean(false).int32(-1).raw(path_watch_body("/mr-missing", false));
    body.int32(-1).boolean(true).int32(-1);
    const auto reply = client->call(op::multi_read, body.bytes());
    QVERIFY(reply);
    QCOMPARE(reply->err, 0);

    JuteReader r(reply->body);
    QCOMPARE(r.int32(), op::get_data);
    QCOMPARE(r.boolean(), false);
    QCOMPARE(r.int32(), 0);
    QCOMPARE(r.buffer().value_or(""), QByteArray("d"));
    r.int64(); // czxid: the rest of the Stat is not this test's subject
    for (int i = 0; i < 3; ++i) {
        r.int64();
    }
    for (int i = 0; i < 3; ++i) {
        r.int32();
    }
    r.int64();
    r.int32();
    QCOMPARE(r.int32(), 1); // numChildren
    r.int64();
    QCOMPARE(r.int32(), op::get_children);
    QCOMPARE(r.boolean(), false);
    QCOMPARE(r.int32(), 0);
    QCOMPARE(r.int32(), 1);
    QCOMPARE(r.buffer().value_or(""), QByteArray("kid"));
    QCOMPARE(r.int32(), -1); // error result
    QCOMPARE(r.boolean(), false);
    QCOMPARE(r.int32(), kNoNode);
    QCOMPARE(r.int32(), kNoNode);
    QCOMPARE(r.int32(), -1); // terminator
    QCOMPARE(r.boolean(), true);
    QCOMPARE(r.int32(), -1);
    QVERIFY(r.ok());
}

void TestOpcodes::checkAndRemoveWatches() {
    auto client = open_session();
    QVERIFY(client);
    QCOMPARE(call_err(*client, op::create, create_body("/cw", "")), 0);
    const QByteArray data_watch = JuteWriter().buffer("/cw").int32(kWatcherData).bytes();
    QCOMPARE(call_err(*client, op::check_watches, data_watch), kNoWatcher);
    QCOMPARE(call_err(*client, op::get_data, path_watch_body("/cw", true)), 0);
    QCOMPARE(call_err(*client, op::check_watches, data_watch), 0);
    QCOMPARE(call_err(*client, op::remove_watches, data_watch), 0);
    QCOMPARE(call_err(*client, op::check_watches, data_watch), kNoWatcher);
    QCOMPARE(call_err(*client, op::remove_watches, data_watch), kNoWatcher);
    // The removed watch no longer fires.
    QCOMPARE(call_err(*client, op::set_data, set_data_body("/cw", "x")), 0);
    QCOMPARE(events_of(*client), QByteArray());
}

void TestOpcodes::persistentRecursiveWatch() {
    auto client = open_session();
    QVERIFY(client);
    const auto reply = client->call(
        op::add_watch, JuteWriter().buffer("/pr").int32(kModePersistentRecursive).bytes());
    QVERIFY(reply);
    QCOMPARE(reply->err, 0);
    QCOMPARE(reply->body, JuteWriter().int32(0).bytes()); // ErrorResponse{0}

    // Each event reaches the client before the reply to the write that caused it.
    QCOMPARE(call_err(*client, op::create, create_body("/pr", "")), 0);
    QCOMPARE(events_of(*client), events({{event::created, "/pr"}}));
    QCOMPARE(call_err(*client, op::create, create_body("/pr/a", "")), 0);
    QCOMPARE(call_err(*client, op::set_data, set_data_body("/pr/a", "v")), 0);
    QCOMPARE(call_err(*client, op::remove, JuteWriter().buffer("/pr/a").int32(-1).bytes()), 0);
    // Never NodeChildrenChanged for a recursive watch, and it stays armed.
    QCOMPARE(events_of(*client), events({{event::created, "/pr/a"},
                                         {event::data_changed, "/pr/a"},
                                         {event::deleted, "/pr/a"}}));
}

void TestOpcodes::setWatchesReplaysWhatWasMissed() {
    auto away = open_session();
    QVERIFY(away);
    QCOMPARE(call_err(*away, op::create, create_body("/sw", "1")), 0);
    QCOMPARE(call_err(*away, op::create, create_body("/sw-kept", "1")), 0);
    QCOMPARE(call_err(*away, op::create, create_body("/sw-gone", "1")), 0);
    QCOMPARE(call_err(*away, op::get_data, path_watch_body("/sw", true)), 0);
    QCOMPARE(call_err(*away, op::get_children, path_watch_body("/sw", true)), 0);
    QCOMPARE(call_err(*away, op::exists, path_watch_body("/sw-new", true)), kNoNode);
    const auto last = away->call(op::get_data, path_watch_body("/sw-kept", true));
    QVERIFY(last);
    const int64_t last_zxid = last->zxid;
    const int64_t session = away->session_id();
    const QByteArray password = away->password();
    away->abort();

    auto other = open_session();
    QVERIFY(other);
    QCOMPARE(call_err(*other, op::set_data, set_data_body("/sw", "2")), 0);
    QCOMPARE(call_err(*other, op::create, create_body("/sw-new", "")), 0);
    QCOMPARE(call_err(*other, op::remove, JuteWriter().buffer("/sw-gone").int32(-1).bytes()), 0);

    RawClient back;
    QVERIFY(back.connect_to(server_->host(), server_->port()));
    QVERIFY2(back.handshake(kSessionTimeoutMs, session, password), qPrintable(back.last_error()));
    QCOMPARE(back.session_id(), session);
    JuteWriter watches;
    watches.int64(last_zxid)
        .raw(strings({"/sw", "/sw-kept", "/sw-gone"}))
        .raw(strings({"/sw-new"}))
        .raw(strings({"/sw"}));
    const auto reply = back.call_with_xid(-8, op::set_watches, watches.bytes());
    QVERIFY(reply);
    QCOMPARE(reply->err, 0);
    // The order of the replayed events is the server's; compare them as a set.
    auto sorted = [](const QByteArray& text) {
        QList<QByteArray> items = text.split(' ');
        std::sort(items.begin(), items.end());
        return items.join(' ');
    };
    QCOMPARE(sorted(events_of(back)), sorted(events({{event::data_changed, "/sw"},
                                                     {event::deleted, "/sw-gone"},
                                                     {event::created, "/sw-new"}})));
    // Unchanged paths were re-armed: the child watch on /sw and the data watch on /sw-kept.
    QCOMPARE(call_err(*other, op::create, create_body("/sw/c", "")), 0);
    QCOMPARE(call_err(*other, op::set_data, set_data_body("/sw-kept", "3")), 0);
    QVERIFY(back.wait_for_notifications(2, kWaitMs));
    QCOMPARE(events_of(back),
             events({{event::children_changed, "/sw"}, {event::data_changed, "/sw-kept"}}));
}

void TestOpcodes::setWatches2RearmsPersistentWatches() {
    auto away = open_session();
    QVERIFY(away);
    QCOMPARE(call_err(*away, op::create, create_body("/p2", "")), 0);
    QCOMPARE(
        call_err(*away, op::add_watch, JuteWriter().buffer("/p2").int32(kModePersistent).bytes()),
        0);
    const auto last = away->call(op::exists, path_watch_body("/p2", false));
    QVERIFY(last);
    const int64_t session = away->session_id();
    const QByteArray password = away->password();
    away->abort();

    RawClient back;
    QVERIFY(back.connect_to(server_->host(), server_->port()));
    QVERIFY(back.handshake(kSessionTimeoutMs, session, password));
    JuteWriter watches;
    watches.int64(last->zxid)
        .raw(strings({}))
        .raw(strings({}))
        .raw(strings({}))
        .raw(strings({"/p2"}))
        .raw(strings({}));
    const auto reply = back.call_with_xid(-8, op::set_watches2, watches.bytes());
    QVERIFY(reply);
    QCOMPARE(reply->err, 0);
    QCOMPARE(events_of(back), QByteArray());

    auto other = open_session();
    QVERIFY(other);
    QCOMPARE(call_err(*other, op::set_data, set_data_body("/p2", "a")), 0);
    QCOMPARE(call_err(*other, op::set_data, set_data_body("/p2", "b")), 0);
    QCOMPARE(call_err(*other, op::create, create_body("/p2/k", "")), 0);
    QVERIFY(back.wait_for_notifications(3, kWaitMs));
    QCOMPARE(events_of(back), events({{event::data_changed, "/p2"},
                                      {event::data_changed, "/p2"},
                                      {event::children_changed, "/p2"}}));
}

void TestOpcodes::whoAmIListsIdentities() {
    auto client = open_session();
    QVERIFY(client);
    auto who = [&client]() {
        QList<QByteArray> ids;
        const auto reply = client->call(op::who_am_i, {});
        if (!reply || reply->err != 0) {
            return ids;
        }
        JuteReader r(reply->body);
        const int32_t count = r.int32();
        for (int32_t i = 0; i < count && r.ok(); ++i) {
            const QByteArray scheme = r.buffer().value_or("<null>");
            ids.append(scheme + ":" + r.buffer().value_or("<null>"));
        }
        return ids;
    };
    QCOMPARE(who(), (QList<QByteArray>{"ip:127.0.0.1"}));
    const auto auth = client->call_with_xid(
        -4, op::auth, JuteWriter().int32(0).buffer("digest").buffer("bob:secret").bytes());
    QVERIFY(auth);
    QCOMPARE(auth->err, 0);
    // Identities added by auth come first, the implicit ip identity last.
    QCOMPARE(who(), (QList<QByteArray>{"digest:bob", "ip:127.0.0.1"}));
}

void TestOpcodes::ephemeralsAndDescendantCounts() {
    auto client = open_session();
    QVERIFY(client);
    QCOMPARE(call_err(*client, op::create, create_body("/eph", "")), 0);
    QCOMPARE(call_err(*client, op::create, create_body("/eph/a", "", 1)), 0);
    QCOMPARE(call_err(*client, op::create, create_body("/eph/b", "", 1)), 0);
    QCOMPARE(call_err(*client, op::create, create_body("/eph-other", "", 1)), 0);

    auto ephemerals = [&client](const QByteArray& prefix) {
        QList<QByteArray> paths;
        const auto reply = client->call(op::get_ephemerals, JuteWriter().buffer(prefix).bytes());
        if (!reply || reply->err != 0) {
            return paths;
        }
        JuteReader r(reply->body);
        const int32_t count = r.int32();
        for (int32_t i = 0; i < count && r.ok(); ++i) {
            paths.append(r.buffer().value_or(""));
        }
        std::sort(paths.begin(), paths.end());
        return paths;
    };
    QCOMPARE(ephemerals("/eph/"), (QList<QByteArray>{"/eph/a", "/eph/b"}));
    QCOMPARE(ephemerals("/eph"), (QList<QByteArray>{"/eph-other", "/eph/a", "/eph/b"}));
    QCOMPARE(ephemerals("/"), (QList<QByteArray>{"/eph-other", "/eph/a", "/eph/b"}));

    const auto count =
        client->call(op::get_all_children_number, JuteWriter().buffer("/eph").bytes());
    QVERIFY(count);
    QCOMPARE(count->err, 0);
    QCOMPARE(JuteReader(count->body).int32(), 2);
    QCOMPARE(call_err(*client, op::get_all_children_number, JuteWriter().buffer("/nope").bytes()),
             kNoNode);
}

void TestOpcodes::reconfigOnStandalone() {
    auto client = open_session();
    QVERIFY(client);
    JuteWriter body;
    body.buffer("server.5=127.0.0.1:2888:3888").null_buffer().null_buffer().int64(-1);
    QCOMPARE(call_err(*client, op::reconfig, body.bytes()), kReconfigDisabled);
    // The connection keeps serving.
    QCOMPARE(call_err(*client, op::exists, path_watch_body("/", false)), 0);
}

void TestOpcodes::saslWithoutSaslServer() {
    auto client = open_session();
    QVERIFY(client);
    const auto reply = client->call(op::sasl, JuteWriter().buffer("token").bytes());
    QVERIFY2(reply, qPrintable(client->last_error()));
    QCOMPARE(reply->err, 0);
    QCOMPARE(JuteReader(reply->body).buffer(), std::optional<QByteArray>());
    QCOMPARE(call_err(*client, op::exists, path_watch_body("/", false)), 0);
}

void TestOpcodes::deleteContainerIsNotForClients() {
    // Only the server removes containers: a client's deleteContainer is BADARGUMENTS whatever
    // the node, the connection stays, and nothing is deleted.
    auto client = open_session();
    QVERIFY(client);
    QCOMPARE(call_err(*client, op::create, create_body("/dc", "")), 0);
    QCOMPARE(call_err(*client, op::delete_container, JuteWriter().buffer("/dc").bytes()),
             kBadArguments);
    QCOMPARE(call_err(*client, op::delete_container, JuteWriter().buffer("/dc-none").bytes()),
             kBadArguments);
    QCOMPARE(call_err(*client, op::exists, path_watch_body("/dc", false)), 0);
}

QTEST_GUILESS_MAIN(TestOpcodes)
#include "tst_opcodes.moc"
