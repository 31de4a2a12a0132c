// Sessions through the C client (close, expiry, resumption, a server crash) and clients that
// break the protocol next to a well-behaved one.

#include "cclient_ops.h"
#include "jute.h"
#include "raw_client.h"
#include "tst_cclient.h"

#include <QTest>
#include <algorithm>

using zs::testing::JuteWriter;
using zs::testing::raw_create_request;
using zs::testing::RawClient;
using zs::testing::zk_create;
using zs::testing::zk_get;
using zs::testing::ZkEvent;
using zs::testing::ZkHandle;

namespace {

constexpr int kCreateOpcode = 1;

} // namespace

void TestCClient::close_ends_session() {
    auto owner = connect();
    const auto watcher = connect();
    if (!owner || !watcher) {
        return;
    }
    const QByteArray r = "/cc-close";
    QCOMPARE(zk_create(owner->get(), r), ZOK);
    QCOMPARE(zk_create(owner->get(), r + "/e", "mine", ZOO_EPHEMERAL), ZOK);
    Stat stat{};
    QCOMPARE(zoo_exists(watcher->get(), r + "/e", 1, &stat), ZOK);
    const clientid_t closed_id = owner->client_id();

    owner->close();
    QVERIFY(watcher->events().wait_for_count(1, kEventTimeoutMs));
    QCOMPARE(watcher->events().take(),
             QList<ZkEvent>({{ZOO_DELETED_EVENT, ZOO_CONNECTED_STATE, r + "/e"}}));
    QCOMPARE(zoo_exists(watcher->get(), r + "/e", 0, &stat), ZNONODE);
    QCOMPARE(zoo_exists(watcher->get(), r, 0, &stat), ZOK);

    // A closed session cannot be resumed.
    ZkHandle revived(server_->connect_string(), kSessionTimeoutMs, &closed_id);
    QVERIFY(revived.wait_state(ZOO_EXPIRED_SESSION_STATE, kEventTimeoutMs));
}

void TestCClient::resume_session_keeps_ephemerals() {
    const QByteArray node = "/cc-resume";
    RawClient raw;
    QVERIFY2(raw.connect_to(server_->host(), server_->port()), qPrintable(raw.last_error()));
    QVERIFY2(raw.handshake(kSessionTimeoutMs), qPrintable(raw.last_error()));
    QCOMPARE(raw.negotiated_timeout_ms(), kSessionTimeoutMs);
    const QByteArray password = raw.password();
    QCOMPARE(password.size(), qsizetype(sizeof(clientid_t::passwd)));
    const auto reply = raw.call(kCreateOpcode, raw_create_request(node, "held", ZOO_EPHEMERAL));
    QVERIFY2(reply, qPrintable(raw.last_error()));
    QCOMPARE(reply->err, ZOK);
    clientid_t id{};
    id.client_id = raw.session_id();
    std::copy(password.begin(), password.end(), id.passwd);
    raw.abort(); // the connection is gone, the session is not

    clientid_t forged = id;
    forged.passwd[0] = static_cast<char>(forged.passwd[0] ^ 1);
    ZkHandle impostor(server_->connect_string(), kSessionTimeoutMs, &forged);
    QVERIFY(impostor.wait_state(ZOO_EXPIRED_SESSION_STATE, kEventTimeoutMs));

    auto resumed = connect(kSessionTimeoutMs, &id);
    const auto observer = connect();
    if (!resumed || !observer) {
        return;
    }
    QCOMPARE(resumed->session_id(), id.client_id);
    Stat stat{};
    QCOMPARE(zoo_exists(observer->get(), node, 0, &stat), ZOK);
    QCOMPARE(stat.ephemeralOwner, id.client_id);
    QCOMPARE(zk_create(resumed->get(), node + "-2", {}, ZOO_EPHEMERAL), ZOK);
    resumed->close();
    QCOMPARE(zoo_exists(observer->get(), node, 0, &stat), ZNONODE);
    QCOMPARE(zoo_exists(observer->get(), node + "-2", 0, &stat), ZNONODE);
}

void TestCClient::pathological_client_data() {
    QTest::addColumn<QByteArray>("before_handshake");
    QTest::addColumn<bool>("handshake");
    QTest::addColumn<QByteArray>("after_handshake");
    QTest::addColumn<int>("opcode");
    QTest::addColumn<bool>("half_close");

    const QByteArray garbage = JuteWriter().raw(QByteArray(8, '\x99')).framed();
    const QByteArray huge = JuteWriter().int32(0x7fffffff).raw(QByteArray(8, '\x99')).bytes();
    const QByteArray negative = JuteWriter().int32(-5).bytes();
    // Announces 100 bytes, sends 10.
    const QByteArray truncated = JuteWriter().int32(100).raw(QByteArray(10, '\0')).bytes();
    const QByteArray short_header = JuteWriter().raw("\x01\x02\x03\x04\x05\x06").framed();
    const QByteArray no_bytes;

    QTest::newRow("garbage connect request") << garbage << false << no_bytes << 0 << false;
    QTest::newRow("huge length before handshake") << huge << false << no_bytes << 0 << false;
    QTest::newRow("negative length before handshake")
        << negative << false << no_bytes << 0 << false;
    QTest::newRow("truncated connect request") << truncated << false << no_bytes << 0 << true;
    QTest::newRow("huge length") << no_bytes << true << huge << 0 << false;
    QTest::newRow("negative length") << no_bytes << true << negative << 0 << false;
    QTest::newRow("frame shorter than a header") << no_bytes << true << short_header << 0 << false;
    // The server answers UNIMPLEMENTED (-6), then hangs up.
    QTest::newRow("unknown opcode") << no_bytes << true << no_bytes << 999 << false;
    QTest::newRow("truncated frame, then EOF") << no_bytes << true << truncated << 0 << true;
    // Nothing complete arrives any more, so the session expires and takes the connection along.
    QTest::newRow("truncated frame, then silence") << no_bytes << true << truncated << 0 << false;
}

void TestCClient::pathological_client() {
    QFETCH(QByteArray, before_handshake);
    QFETCH(bool, handshake);
    QFETCH(QByteArray, after_handshake);
    QFETCH(int, opcode);
    QFETCH(bool, half_close);

    const auto zk = connect();
    if (!zk) {
        return;
    }
    const int64_t session = zk->session_id();

    RawClient raw;
    QVERIFY2(raw.connect_to(server_->host(), server_->port()), qPrintable(raw.last_error()));
    if (!before_handshake.isEmpty()) {
        QVERIFY(raw.send_bytes(before_handshake));
    }
    if (handshake) {
        QVERIFY2(raw.handshake(1000), qPrintable(raw.last_error()));
    }
    if (!after_handshake.isEmpty()) {
        QVERIFY(raw.send_bytes(after_handshake));
    }
    if (opcode != 0) {
        const auto reply = raw.call(opcode, {});
        QVERIFY2(reply, qPrintable(raw.last_error()));
        QCOMPARE(reply->err, ZUNIMPLEMENTED);
        QCOMPARE(reply->xid, 1);
    }
    if (half_close) {
        raw.half_close();
    }
    QVERIFY2(raw.wait_closed(kEventTimeoutMs), "the server kept the connection open");

    // The well-behaved client next to it noticed nothing.
    QCOMPARE(zk->state(), ZOO_CONNECTED_STATE);
    QCOMPARE(zk->session_id(), session);
    QByteArray node = "/cc-patho-" + QByteArray(QTest::currentDataTag());
    node.replace(' ', '-').replace(',', '-');
    QCOMPARE(zk_create(zk->get(), node, "ok"), ZOK);
    QByteArray data;
    QCOMPARE(zk_get(zk->get(), node, &data), ZOK);
    QCOMPARE(data, QByteArray("ok"));
    QVERIFY(server_->is_running());
}

void TestCClient::survives_server_kill_and_restart() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    const QByteArray r = "/cc-durable";
    QCOMPARE(zk_create(zk->get(), r, "kept"), ZOK);
    QCOMPARE(zk_create(zk->get(), r + "/e", {}, ZOO_EPHEMERAL), ZOK);
    const int64_t session = zk->session_id();

    server_->kill9();
    QVERIFY(zk->wait_state(ZOO_CONNECTING_STATE, kEventTimeoutMs));
    if (!server_->start()) {
        return;
    }
    // Acknowledged writes and the session itself survive; the client resumes its session.
    const int state = zk->wait_any_state({ZOO_CONNECTED_STATE, ZOO_EXPIRED_SESSION_STATE}, 20000);
    QCOMPARE(zs::testing::zk_state_name(state), QStringLiteral("CONNECTED"));
    QCOMPARE(zk->session_id(), session);
    QByteArray data;
    QCOMPARE(zk_get(zk->get(), r, &data), ZOK);
    QCOMPARE(data, QByteArray("kept"));
    Stat stat{};
    QCOMPARE(zoo_exists(zk->get(), r + "/e", 0, &stat), ZOK);
    QCOMPARE(stat.ephemeralOwner, session);
}
