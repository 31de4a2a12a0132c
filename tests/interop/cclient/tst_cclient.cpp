// Drives one server with Apache ZooKeeper's C client (libzookeeper_mt, synchronous API) and with
// hand-made frames from misbehaving clients.

#include "jute.h"
#include "raw_client.h"
#include "server_process.h"
#include "zk_handle.h"

#include <QTest>
#include <memory>
#include <vector>

using zs::testing::EventLog;
using zs::testing::JuteWriter;
using zs::testing::RawClient;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;
using zs::testing::ZkEvent;
using zs::testing::ZkHandle;

namespace {

constexpr int kSessionTimeoutMs = 4000;
constexpr int kEventTimeoutMs = 10000;
constexpr int kCreateOpcode = 1;

// zoo_get into a QByteArray; data stored as null comes back as a null QByteArray.
int get_data(zhandle_t* zh, const QByteArray& path, QByteArray* data, Stat* stat = nullptr,
             int watch = 0) {
    std::vector<char> buffer(1 << 20);
    int length = static_cast<int>(buffer.size());
    Stat ignored{};
    const int rc =
        zoo_get(zh, path.constData(), watch, buffer.data(), &length, stat ? stat : &ignored);
    if (rc == ZOK) {
        *data = length < 0 ? QByteArray() : QByteArray(buffer.data(), length);
    }
    return rc;
}

int create(zhandle_t* zh, const QByteArray& path, const QByteArray& data = {}, int flags = 0,
           QByteArray* created = nullptr) {
    char buffer[512] = {};
    const int rc = zoo_create(zh, path.constData(), data.isNull() ? nullptr : data.constData(),
                              data.isNull() ? -1 : static_cast<int>(data.size()),
                              &ZOO_OPEN_ACL_UNSAFE, flags, buffer, sizeof buffer);
    if (created != nullptr) {
        *created = buffer;
    }
    return rc;
}

QStringList children(zhandle_t* zh, const QByteArray& path, int* rc_out = nullptr) {
    String_vector names{};
    const int rc = zoo_get_children(zh, path.constData(), 0, &names);
    if (rc_out != nullptr) {
        *rc_out = rc;
    }
    QStringList result;
    for (int i = 0; rc == ZOK && i < names.count; ++i) {
        result.append(QString::fromUtf8(names.data[i]));
    }
    deallocate_String_vector(&names);
    result.sort();
    return result;
}

// A create request record for RawClient: world:anyone ALL.
QByteArray create_request(const QByteArray& path, const QByteArray& data, int32_t flags) {
    JuteWriter request;
    request.buffer(path).buffer(data).int32(1).int32(ZOO_PERM_ALL);
    request.buffer("world").buffer("anyone").int32(flags);
    return request.bytes();
}

// Completion for zoo_add_auth and the asynchronous watch removal: records rc once called.
struct Completion {
    static void done(int rc, const void* data) {
        static_cast<EventLog*>(const_cast<void*>(data))->record(ZkEvent{rc, 0, "completion"});
    }
};

} // namespace

class TestCClient : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void session_negotiation();
    void crud_and_errors();
    void null_and_empty_data();
    void children();
    void watcher_callbacks();
    void event_before_later_reply();
    void multi_success();
    void multi_failure_rolls_back();
    void acl_with_digest_auth();
    void bad_auth_scheme_fails_session();
    void sequential_and_ephemeral();
    void create2_container_ttl();
    void remove_watches();
    void close_ends_session();
    void resume_session_keeps_ephemerals();
    void pathological_client_data();
    void pathological_client();
    void survives_server_kill_and_restart();
    void cleanupTestCase();

  private:
    std::unique_ptr<ZkHandle> connect(int timeout_ms = kSessionTimeoutMs,
                                      const clientid_t* resume = nullptr);

    std::unique_ptr<ServerProcess> server_;
};

void TestCClient::initTestCase() {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    if (!server_->start()) {
        return;
    }
}

void TestCClient::cleanupTestCase() {
    server_.reset();
}

std::unique_ptr<ZkHandle> TestCClient::connect(int timeout_ms, const clientid_t* resume) {
    auto handle = std::make_unique<ZkHandle>(server_->connect_string(), timeout_ms, resume);
    if (handle->get() == nullptr || !handle->wait_connected()) {
        QTest::qFail("the C client did not connect", __FILE__, __LINE__);
        return nullptr;
    }
    return handle;
}

void TestCClient::session_negotiation() {
    const auto zk = connect();
    const auto longer = connect(60000);
    const auto shorter = connect(100);
    if (!zk || !longer || !shorter) {
        return;
    }
    QVERIFY(zk->session_id() != 0);
    QVERIFY(zk->session_id() != longer->session_id());
    // Clamped into [2, 20] x tickTime (200 ms).
    QCOMPARE(zk->negotiated_timeout_ms(), 4000);
    QCOMPARE(longer->negotiated_timeout_ms(), 4000);
    QCOMPARE(shorter->negotiated_timeout_ms(), 400);
    const clientid_t id = zk->client_id();
    QVERIFY(QByteArray(id.passwd, sizeof id.passwd) != QByteArray(sizeof id.passwd, '\0'));
}

void TestCClient::crud_and_errors() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-crud";
    QCOMPARE(create(h, r, "v0"), ZOK);
    QCOMPARE(create(h, r, "again"), ZNODEEXISTS);
    QCOMPARE(create(h, r + "/missing/child"), ZNONODE);

    QByteArray data;
    Stat stat{};
    QCOMPARE(get_data(h, r, &data, &stat), ZOK);
    QCOMPARE(data, QByteArray("v0"));
    QCOMPARE(stat.version, 0);
    QCOMPARE(stat.dataLength, 2);
    QCOMPARE(stat.czxid, stat.mzxid);

    QCOMPARE(zoo_set(h, r, "v1", 2, 0), ZOK);
    QCOMPARE(zoo_set(h, r, "v2", 2, 0), ZBADVERSION);
    Stat set_stat{};
    QCOMPARE(zoo_set2(h, r, "v22", 3, 1, &set_stat), ZOK);
    QCOMPARE(set_stat.version, 2);
    QCOMPARE(set_stat.dataLength, 3);
    QCOMPARE(set_stat.czxid, stat.czxid);
    QVERIFY(set_stat.mzxid > stat.mzxid);
    QCOMPARE(zoo_exists(h, r, 0, &stat), ZOK);
    QCOMPARE(stat.mzxid, set_stat.mzxid);
    QCOMPARE(stat.mtime, set_stat.mtime);
    QCOMPARE(zoo_exists(h, r + "/nope", 0, &stat), ZNONODE);
    QCOMPARE(get_data(h, r + "/nope", &data), ZNONODE);

    QCOMPARE(create(h, r + "/child"), ZOK);
    QCOMPARE(zoo_delete(h, r, -1), ZNOTEMPTY);
    QCOMPARE(zoo_delete(h, r + "/child", 5), ZBADVERSION);
    QCOMPARE(zoo_delete(h, r + "/child", 0), ZOK);
    QCOMPARE(zoo_delete(h, r + "/child", -1), ZNONODE);
    QCOMPARE(zoo_set(h, r + "/child", "x", 1, -1), ZNONODE);
    QCOMPARE(create(h, r + "/eph", {}, ZOO_EPHEMERAL), ZOK);
    QCOMPARE(create(h, r + "/eph/child"), ZNOCHILDRENFOREPHEMERALS);

    QCOMPARE(zoo_delete(h, "/", -1), ZBADARGUMENTS);
    QCOMPARE(zoo_delete(h, "/zookeeper", -1), ZBADARGUMENTS);
    QCOMPARE(zoo_set(h, "/zookeeper/config", "x", 1, -1), ZNOAUTH);
    QCOMPARE(zoo_delete(h, r + "/eph", -1), ZOK);
    QCOMPARE(zoo_delete(h, r, 2), ZOK);
    QCOMPARE(zoo_exists(h, r, 0, &stat), ZNONODE);
}

void TestCClient::null_and_empty_data() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    zhandle_t* h = zk->get();
    QByteArray data = "sentinel";
    Stat stat{};
    // A null buffer (length -1) and an empty one are different values and stay different.
    QCOMPARE(create(h, "/cc-null", QByteArray()), ZOK);
    QCOMPARE(get_data(h, "/cc-null", &data, &stat), ZOK);
    QVERIFY(data.isNull());
    QCOMPARE(stat.dataLength, 0);

    QCOMPARE(create(h, "/cc-empty", QByteArray("")), ZOK);
    QCOMPARE(get_data(h, "/cc-empty", &data, &stat), ZOK);
    QVERIFY(!data.isNull());
    QVERIFY(data.isEmpty());

    QCOMPARE(zoo_set(h, "/cc-empty", nullptr, -1, -1), ZOK);
    QCOMPARE(get_data(h, "/cc-empty", &data, &stat), ZOK);
    QVERIFY(data.isNull());
    QCOMPARE(stat.version, 1);
}

void TestCClient::children() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-children";
    QCOMPARE(create(h, r), ZOK);
    for (const char* name : {"b", "a", "c"}) {
        QCOMPARE(create(h, r + "/" + name), ZOK);
    }
    QCOMPARE(::children(h, r), QStringList({"a", "b", "c"}));
    String_vector names{};
    Stat stat{};
    QCOMPARE(zoo_get_children2(h, r.constData(), 0, &names, &stat), ZOK);
    QCOMPARE(names.count, 3);
    deallocate_String_vector(&names);
    QCOMPARE(stat.numChildren, 3);
    QCOMPARE(stat.cversion, 3);
    int rc = ZOK;
    QCOMPARE(::children(h, r + "/missing", &rc), QStringList());
    QCOMPARE(rc, ZNONODE);
    QCOMPARE(::children(h, r + "/a"), QStringList());
}

void TestCClient::watcher_callbacks() {
    const auto watcher = connect();
    const auto writer = connect();
    if (!watcher || !writer) {
        return;
    }
    zhandle_t* w = watcher->get();
    const QByteArray r = "/cc-watch";
    QCOMPARE(create(writer->get(), r, "0"), ZOK);
    EventLog log;
    std::vector<char> buffer(64);
    int length = static_cast<int>(buffer.size());
    Stat stat{};

    // Data watch: fires once, then it is spent.
    QCOMPARE(zoo_wget(w, r, EventLog::watcher, &log, buffer.data(), &length, &stat), ZOK);
    QCOMPARE(zoo_set(writer->get(), r, "1", 1, -1), ZOK);
    QCOMPARE(zoo_set(writer->get(), r, "2", 1, -1), ZOK);
    QVERIFY(watcher->flush());
    QCOMPARE(log.take(), QList<ZkEvent>({{ZOO_CHANGED_EVENT, ZOO_CONNECTED_STATE, r}}));

    // Exists watch on a missing node fires on creation.
    QCOMPARE(zoo_wexists(w, r + "/new", EventLog::watcher, &log, &stat), ZNONODE);
    QCOMPARE(create(writer->get(), r + "/new"), ZOK);
    QVERIFY(watcher->flush());
    QCOMPARE(log.take(), QList<ZkEvent>({{ZOO_CREATED_EVENT, ZOO_CONNECTED_STATE, r + "/new"}}));

    // Child watch: one event for two changes.
    String_vector names{};
    QCOMPARE(zoo_wget_children(w, r, EventLog::watcher, &log, &names), ZOK);
    deallocate_String_vector(&names);
    QCOMPARE(create(writer->get(), r + "/second"), ZOK);
    QCOMPARE(zoo_delete(writer->get(), r + "/new", -1), ZOK);
    QVERIFY(watcher->flush());
    QCOMPARE(log.take(), QList<ZkEvent>({{ZOO_CHILD_EVENT, ZOO_CONNECTED_STATE, r}}));

    // watch=1 uses the handle's global watcher; a deleted node notifies its data watchers.
    QCOMPARE(zoo_exists(w, r + "/second", 1, &stat), ZOK);
    QCOMPARE(zoo_delete(writer->get(), r + "/second", -1), ZOK);
    QVERIFY(watcher->flush());
    QCOMPARE(watcher->events().take(),
             QList<ZkEvent>({{ZOO_DELETED_EVENT, ZOO_CONNECTED_STATE, r + "/second"}}));
    QCOMPARE(log.size(), 0);
}

void TestCClient::event_before_later_reply() {
    const auto watcher = connect();
    const auto writer = connect();
    if (!watcher || !writer) {
        return;
    }
    const QByteArray r = "/cc-order";
    QCOMPARE(create(writer->get(), r, "old"), ZOK);
    EventLog log;
    QByteArray data;
    QCOMPARE(get_data(watcher->get(), r, &data, nullptr, 1), ZOK);
    QCOMPARE(zoo_set(writer->get(), r, "new", 3, -1), ZOK);
    // The notification must reach the client before the reply to this later read; the C client
    // hands both to its callback thread in arrival order.
    QCOMPARE(zoo_aget(
                 watcher->get(), r, 0,
                 [](int rc, const char* value, int value_len, const Stat*, const void* context) {
                     static_cast<EventLog*>(const_cast<void*>(context))
                         ->record(ZkEvent{rc, 0, QByteArray(value, value_len)});
                 },
                 &log),
             ZOK);
    QVERIFY(log.wait_for_count(1, kEventTimeoutMs));
    QCOMPARE(watcher->events().take(),
             QList<ZkEvent>({{ZOO_CHANGED_EVENT, ZOO_CONNECTED_STATE, r}}));
    QCOMPARE(log.take(), QList<ZkEvent>({{ZOK, 0, "new"}}));
}

void TestCClient::multi_success() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-multi";
    const QByteArray a = r + "/a", seq = r + "/s-", old = r + "/old";
    QCOMPARE(create(h, r), ZOK);
    QCOMPARE(create(h, old), ZOK);

    char a_path[128] = {};
    char seq_path[128] = {};
    Stat set_stat{};
    zoo_op_t ops[5];
    zoo_create_op_init(&ops[0], a, "1", 1, &ZOO_OPEN_ACL_UNSAFE, 0, a_path, sizeof a_path);
    zoo_set_op_init(&ops[1], a, "2", 1, 0, &set_stat);
    zoo_check_op_init(&ops[2], a, 1);
    zoo_create_op_init(&ops[3], seq, nullptr, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_SEQUENCE, seq_path,
                       sizeof seq_path);
    zoo_delete_op_init(&ops[4], old, 0);
    zoo_op_result_t results[5] = {};
    QCOMPARE(zoo_multi(h, 5, ops, results), ZOK);
    for (const auto& result : results) {
        QCOMPARE(result.err, ZOK);
    }
    QCOMPARE(QByteArray(a_path), a);
    QCOMPARE(QByteArray(seq_path), r + "/s-0000000002");
    QCOMPARE(set_stat.version, 1);
    QCOMPARE(set_stat.mzxid, set_stat.czxid); // one txn, one zxid
    QCOMPARE(set_stat.mtime, set_stat.ctime);

    QByteArray data;
    QCOMPARE(get_data(h, a, &data), ZOK);
    QCOMPARE(data, QByteArray("2"));
    QCOMPARE(::children(h, r), QStringList({"a", "s-0000000002"}));
}

void TestCClient::multi_failure_rolls_back() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-rollback";
    const QByteArray x = r + "/x", fresh = r + "/new";
    QCOMPARE(create(h, r), ZOK);
    QCOMPARE(create(h, x, "keep"), ZOK);
    Stat before{};
    QCOMPARE(zoo_exists(h, x, 0, &before), ZOK);

    char path[128] = {};
    Stat set_stat{};
    zoo_op_t ops[4];
    zoo_create_op_init(&ops[0], fresh, "n", 1, &ZOO_OPEN_ACL_UNSAFE, 0, path, sizeof path);
    zoo_set_op_init(&ops[1], x, "lost", 4, 0, &set_stat);
    zoo_check_op_init(&ops[2], x, 7);
    zoo_delete_op_init(&ops[3], x, -1);
    zoo_op_result_t results[4] = {};
    // The call returns the first real error; ops after it report RUNTIMEINCONSISTENCY.
    QCOMPARE(zoo_multi(h, 4, ops, results), ZBADVERSION);
    QCOMPARE(results[0].err, ZOK);
    QCOMPARE(results[1].err, ZOK);
    QCOMPARE(results[2].err, ZBADVERSION);
    QCOMPARE(results[3].err, ZRUNTIMEINCONSISTENCY);

    Stat after{};
    QCOMPARE(zoo_exists(h, fresh, 0, &after), ZNONODE);
    QCOMPARE(zoo_exists(h, x, 0, &after), ZOK);
    QCOMPARE(after.version, before.version);
    QCOMPARE(after.mzxid, before.mzxid);
    QByteArray data;
    QCOMPARE(get_data(h, x, &data), ZOK);
    QCOMPARE(data, QByteArray("keep"));
    QCOMPARE(::children(h, r), QStringList({"x"}));
}

void TestCClient::acl_with_digest_auth() {
    const auto bob = connect();
    const auto anonymous = connect();
    if (!bob || !anonymous) {
        return;
    }
    EventLog auth;
    QCOMPARE(zoo_add_auth(bob->get(), "digest", "bob:pw", 6, &Completion::done, &auth), ZOK);
    QVERIFY(auth.wait_for_count(1, kEventTimeoutMs));
    QCOMPARE(auth.take().first().type, ZOK);

    const QByteArray r = "/cc-acl";
    // digest id = user ":" base64(sha1("bob:pw"))
    char scheme[] = "digest";
    char id[] = "bob:ikIaKsbtGweaHnb/jKn7OHqbunM=";
    ACL acl{ZOO_PERM_ALL, Id{scheme, id}};
    ACL_vector only_bob{1, &acl};
    QCOMPARE(zoo_create(bob->get(), r, "secret", 6, &only_bob, 0, nullptr, 0), ZOK);

    QByteArray data;
    QCOMPARE(get_data(anonymous->get(), r, &data), ZNOAUTH);
    QCOMPARE(zoo_set(anonymous->get(), r, "x", 1, -1), ZNOAUTH);
    QCOMPARE(create(anonymous->get(), r + "/child"), ZNOAUTH);
    QCOMPARE(get_data(bob->get(), r, &data), ZOK);
    QCOMPARE(data, QByteArray("secret"));

    ACL_vector acls{};
    Stat stat{};
    QCOMPARE(zoo_get_acl(bob->get(), r, &acls, &stat), ZOK);
    QCOMPARE(acls.count, 1);
    QCOMPARE(acls.data[0].perms, ZOO_PERM_ALL);
    QCOMPARE(QByteArray(acls.data[0].id.scheme), QByteArray("digest"));
    QCOMPARE(QByteArray(acls.data[0].id.id), QByteArray(id));
    deallocate_ACL_vector(&acls);
    QCOMPARE(stat.aversion, 0);

    QCOMPARE(zoo_set_acl(bob->get(), r, 5, &ZOO_READ_ACL_UNSAFE), ZBADVERSION);
    QCOMPARE(zoo_set_acl(bob->get(), r, 0, &ZOO_READ_ACL_UNSAFE), ZOK);
    QCOMPARE(get_data(anonymous->get(), r, &data), ZOK);
    QCOMPARE(zoo_set(anonymous->get(), r, "x", 1, -1), ZNOAUTH);

    // CREATOR_ALL expands to the creator's authenticated ids; without any it is invalid.
    QCOMPARE(zoo_create(anonymous->get(), r + "-creator", nullptr, -1, &ZOO_CREATOR_ALL_ACL, 0,
                        nullptr, 0),
             ZINVALIDACL);
    QCOMPARE(
        zoo_create(bob->get(), r + "-creator", nullptr, -1, &ZOO_CREATOR_ALL_ACL, 0, nullptr, 0),
        ZOK);
    QCOMPARE(zoo_get_acl(bob->get(), r + "-creator", &acls, &stat), ZOK);
    QCOMPARE(acls.count, 1);
    QCOMPARE(QByteArray(acls.data[0].id.id), QByteArray(id));
    deallocate_ACL_vector(&acls);
    QCOMPARE(get_data(anonymous->get(), r + "-creator", &data), ZNOAUTH);
}

void TestCClient::bad_auth_scheme_fails_session() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    EventLog auth;
    QCOMPARE(zoo_add_auth(zk->get(), "no-such-scheme", "x", 1, &Completion::done, &auth), ZOK);
    QVERIFY(auth.wait_for_count(1, kEventTimeoutMs));
    QCOMPARE(auth.take().first().type, ZAUTHFAILED);
    QVERIFY(zk->wait_state(ZOO_AUTH_FAILED_STATE, kEventTimeoutMs));
    Stat stat{};
    QCOMPARE(zoo_exists(zk->get(), "/", 0, &stat), ZINVALIDSTATE);
}

void TestCClient::sequential_and_ephemeral() {
    const auto zk = connect();
    const auto other = connect();
    if (!zk || !other) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-seq";
    QByteArray created;
    QCOMPARE(create(h, r), ZOK);
    QCOMPARE(create(h, r + "/s-", {}, ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/s-0000000000");
    QCOMPARE(create(h, r + "/s-", {}, ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/s-0000000001");
    QCOMPARE(create(h, r + "/e-", {}, ZOO_EPHEMERAL | ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/e-0000000002");
    QCOMPARE(zoo_delete(h, r + "/s-0000000001", -1), ZOK);
    QCOMPARE(create(h, r + "/s-", {}, ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/s-0000000003"); // numbers are never reused

    Stat stat{};
    QCOMPARE(zoo_exists(other->get(), r + "/e-0000000002", 0, &stat), ZOK);
    QCOMPARE(stat.ephemeralOwner, zk->session_id());
    QCOMPARE(zoo_exists(other->get(), r + "/s-0000000000", 0, &stat), ZOK);
    QCOMPARE(stat.ephemeralOwner, 0);
    zk->close();
    QCOMPARE(::children(other->get(), r), QStringList({"s-0000000000", "s-0000000003"}));
}

void TestCClient::create2_container_ttl() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-create2";
    char path[128] = {};
    Stat stat{};
    QCOMPARE(zoo_create2(h, r, "abc", 3, &ZOO_OPEN_ACL_UNSAFE, 0, path, sizeof path, &stat), ZOK);
    QCOMPARE(QByteArray(path), r);
    QVERIFY(stat.czxid > 0);
    QCOMPARE(stat.dataLength, 3);
    QCOMPARE(stat.pzxid, stat.czxid);
    Stat exists{};
    QCOMPARE(zoo_exists(h, r, 0, &exists), ZOK);
    QCOMPARE(exists.czxid, stat.czxid);
    QCOMPARE(exists.ctime, stat.ctime);

    QCOMPARE(zoo_create2(h, r + "/container", nullptr, -1, &ZOO_OPEN_ACL_UNSAFE, ZOO_CONTAINER,
                         path, sizeof path, &stat),
             ZOK);
    QCOMPARE(stat.ephemeralOwner, 0); // the container marker is not shown
    QCOMPARE(create(h, r + "/container/child"), ZOK);

    QCOMPARE(zoo_create2_ttl(h, r + "/ttl", "t", 1, &ZOO_OPEN_ACL_UNSAFE, ZOO_PERSISTENT_WITH_TTL,
                             60000, path, sizeof path, &stat),
             ZOK);
    QCOMPARE(stat.ephemeralOwner, 0);
    QCOMPARE(zoo_create2_ttl(h, r + "/ttl-", "t", 1, &ZOO_OPEN_ACL_UNSAFE,
                             ZOO_PERSISTENT_SEQUENTIAL_WITH_TTL, 60000, path, sizeof path, &stat),
             ZOK);
    QCOMPARE(QByteArray(path), r + "/ttl-0000000002");
    QCOMPARE(zoo_create_ttl(h, r + "/missing/ttl", "t", 1, &ZOO_OPEN_ACL_UNSAFE,
                            ZOO_PERSISTENT_WITH_TTL, 60000, path, sizeof path),
             ZNONODE);
}

void TestCClient::remove_watches() {
    const auto zk = connect();
    const auto writer = connect();
    if (!zk || !writer) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-unwatch";
    QCOMPARE(create(h, r), ZOK);
    EventLog log;
    std::vector<char> buffer(16);
    int length = static_cast<int>(buffer.size());
    Stat stat{};
    String_vector names{};
    QCOMPARE(zoo_wget(h, r, EventLog::watcher, &log, buffer.data(), &length, &stat), ZOK);
    QCOMPARE(zoo_wget_children(h, r, EventLog::watcher, &log, &names), ZOK);
    deallocate_String_vector(&names);

    // Removing one watcher asks the server first (checkWatches), then drops it locally.
    EventLog removed;
    QCOMPARE(zoo_aremove_watches(h, r, ZWATCHTYPE_DATA, EventLog::watcher, &log, 0,
                                 reinterpret_cast<void_completion_t*>(&Completion::done), &removed),
             ZOK);
    QVERIFY(removed.wait_for_count(1, kEventTimeoutMs));
    QCOMPARE(removed.take().first().type, ZOK);
    QCOMPARE(zoo_remove_watches(h, r, ZWATCHTYPE_DATA, EventLog::watcher, &log, 0), ZNOWATCHER);

    QCOMPARE(zoo_set(writer->get(), r, "x", 1, -1), ZOK); // data watch gone: nothing
    QCOMPARE(create(writer->get(), r + "/child"), ZOK);   // child watch still armed
    QVERIFY(zk->flush());
    QCOMPARE(log.take(), QList<ZkEvent>({{ZOO_CHILD_EVENT, ZOO_CONNECTED_STATE, r}}));

    // Remove-all (removeWatches on the server) for both kinds at once.
    QCOMPARE(zoo_wget(h, r, EventLog::watcher, &log, buffer.data(), &length, &stat), ZOK);
    QCOMPARE(zoo_wget_children(h, r, EventLog::watcher, &log, &names), ZOK);
    deallocate_String_vector(&names);
    QCOMPARE(zoo_remove_all_watches(h, r, ZWATCHTYPE_ANY, 0), ZOK);
    QCOMPARE(zoo_remove_all_watches(h, r, ZWATCHTYPE_ANY, 0), ZNOWATCHER);
    QCOMPARE(zoo_set(writer->get(), r, "y", 1, -1), ZOK);
    QCOMPARE(zoo_delete(writer->get(), r + "/child", -1), ZOK);
    QVERIFY(zk->flush());
    QCOMPARE(log.take(), QList<ZkEvent>());
}

void TestCClient::close_ends_session() {
    auto owner = connect();
    const auto watcher = connect();
    if (!owner || !watcher) {
        return;
    }
    const QByteArray r = "/cc-close";
    QCOMPARE(create(owner->get(), r), ZOK);
    QCOMPARE(create(owner->get(), r + "/e", "mine", ZOO_EPHEMERAL), ZOK);
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
    QCOMPARE(raw.password().size(), 16);
    const auto reply = raw.call(kCreateOpcode, create_request(node, "held", ZOO_EPHEMERAL));
    QVERIFY2(reply, qPrintable(raw.last_error()));
    QCOMPARE(reply->err, ZOK);
    clientid_t id{};
    id.client_id = raw.session_id();
    memcpy(id.passwd, raw.password().constData(), sizeof id.passwd);
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
    QCOMPARE(create(resumed->get(), node + "-2", {}, ZOO_EPHEMERAL), ZOK);
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
    QCOMPARE(create(zk->get(), node, "ok"), ZOK);
    QByteArray data;
    QCOMPARE(get_data(zk->get(), node, &data), ZOK);
    QCOMPARE(data, QByteArray("ok"));
    QVERIFY(server_->is_running());
}

void TestCClient::survives_server_kill_and_restart() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    const QByteArray r = "/cc-durable";
    QCOMPARE(create(zk->get(), r, "kept"), ZOK);
    QCOMPARE(create(zk->get(), r + "/e", {}, ZOO_EPHEMERAL), ZOK);
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
    QCOMPARE(get_data(zk->get(), r, &data), ZOK);
    QCOMPARE(data, QByteArray("kept"));
    Stat stat{};
    QCOMPARE(zoo_exists(zk->get(), r + "/e", 0, &stat), ZOK);
    QCOMPARE(stat.ephemeralOwner, session);
}

QTEST_GUILESS_MAIN(TestCClient)
#include "tst_cclient.moc"
