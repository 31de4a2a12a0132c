// Operations through the C client: data, children, watches, multi, ACLs, node kinds.

#include "tst_cclient.h"

#include "cclient_ops.h"

#include <QTest>
#include <vector>

using zs::testing::EventLog;
using zs::testing::record_completion;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;
using zs::testing::zk_children;
using zs::testing::zk_create;
using zs::testing::zk_get;
using zs::testing::ZkEvent;
using zs::testing::ZkHandle;

void TestCClient::initTestCase() {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    server_->start(); // on failure it records the QtTest failure, with the server's log
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
    QCOMPARE(zk_create(h, r, "v0"), ZOK);
    QCOMPARE(zk_create(h, r, "again"), ZNODEEXISTS);
    QCOMPARE(zk_create(h, r + "/missing/child"), ZNONODE);

    QByteArray data;
    Stat stat{};
    QCOMPARE(zk_get(h, r, &data, &stat), ZOK);
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
    QCOMPARE(zk_get(h, r + "/nope", &data), ZNONODE);

    QCOMPARE(zk_create(h, r + "/child"), ZOK);
    QCOMPARE(zoo_delete(h, r, -1), ZNOTEMPTY);
    QCOMPARE(zoo_delete(h, r + "/child", 5), ZBADVERSION);
    QCOMPARE(zoo_delete(h, r + "/child", 0), ZOK);
    QCOMPARE(zoo_delete(h, r + "/child", -1), ZNONODE);
    QCOMPARE(zoo_set(h, r + "/child", "x", 1, -1), ZNONODE);
    QCOMPARE(zk_create(h, r + "/eph", {}, ZOO_EPHEMERAL), ZOK);
    QCOMPARE(zk_create(h, r + "/eph/child"), ZNOCHILDRENFOREPHEMERALS);

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
    QCOMPARE(zk_create(h, "/cc-null", QByteArray()), ZOK);
    QCOMPARE(zk_get(h, "/cc-null", &data, &stat), ZOK);
    QVERIFY(data.isNull());
    QCOMPARE(stat.dataLength, 0);

    QCOMPARE(zk_create(h, "/cc-empty", QByteArray("")), ZOK);
    QCOMPARE(zk_get(h, "/cc-empty", &data, &stat), ZOK);
    QVERIFY(!data.isNull());
    QVERIFY(data.isEmpty());

    QCOMPARE(zoo_set(h, "/cc-empty", nullptr, -1, -1), ZOK);
    QCOMPARE(zk_get(h, "/cc-empty", &data, &stat), ZOK);
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
    QCOMPARE(zk_create(h, r), ZOK);
    for (const char* name : {"b", "a", "c"}) {
        QCOMPARE(zk_create(h, r + "/" + name), ZOK);
    }
    QCOMPARE(zk_children(h, r), QStringList({"a", "b", "c"}));
    String_vector names{};
    Stat stat{};
    QCOMPARE(zoo_get_children2(h, r.constData(), 0, &names, &stat), ZOK);
    QCOMPARE(names.count, 3);
    deallocate_String_vector(&names);
    QCOMPARE(stat.numChildren, 3);
    QCOMPARE(stat.cversion, 3);
    int rc = ZOK;
    QCOMPARE(zk_children(h, r + "/missing", &rc), QStringList());
    QCOMPARE(rc, ZNONODE);
    QCOMPARE(zk_children(h, r + "/a"), QStringList());
}

void TestCClient::watcher_callbacks() {
    const auto watcher = connect();
    const auto writer = connect();
    if (!watcher || !writer) {
        return;
    }
    zhandle_t* w = watcher->get();
    const QByteArray r = "/cc-watch";
    QCOMPARE(zk_create(writer->get(), r, "0"), ZOK);
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
    QCOMPARE(zk_create(writer->get(), r + "/new"), ZOK);
    QVERIFY(watcher->flush());
    QCOMPARE(log.take(), QList<ZkEvent>({{ZOO_CREATED_EVENT, ZOO_CONNECTED_STATE, r + "/new"}}));

    // Child watch: one event for two changes.
    String_vector names{};
    QCOMPARE(zoo_wget_children(w, r, EventLog::watcher, &log, &names), ZOK);
    deallocate_String_vector(&names);
    QCOMPARE(zk_create(writer->get(), r + "/second"), ZOK);
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
    QCOMPARE(zk_create(writer->get(), r, "old"), ZOK);
    EventLog log;
    QByteArray data;
    QCOMPARE(zk_get(watcher->get(), r, &data, nullptr, 1), ZOK);
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
    QCOMPARE(zk_create(h, r), ZOK);
    QCOMPARE(zk_create(h, old), ZOK);

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
    QCOMPARE(zk_get(h, a, &data), ZOK);
    QCOMPARE(data, QByteArray("2"));
    QCOMPARE(zk_children(h, r), QStringList({"a", "s-0000000002"}));
}

void TestCClient::multi_failure_rolls_back() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    zhandle_t* h = zk->get();
    const QByteArray r = "/cc-rollback";
    const QByteArray x = r + "/x", fresh = r + "/new";
    QCOMPARE(zk_create(h, r), ZOK);
    QCOMPARE(zk_create(h, x, "keep"), ZOK);
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
    QCOMPARE(zk_get(h, x, &data), ZOK);
    QCOMPARE(data, QByteArray("keep"));
    QCOMPARE(zk_children(h, r), QStringList({"x"}));
}

void TestCClient::acl_with_digest_auth() {
    const auto bob = connect();
    const auto anonymous = connect();
    if (!bob || !anonymous) {
        return;
    }
    EventLog auth;
    QCOMPARE(zoo_add_auth(bob->get(), "digest", "bob:pw", 6, &record_completion, &auth), ZOK);
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
    QCOMPARE(zk_get(anonymous->get(), r, &data), ZNOAUTH);
    QCOMPARE(zoo_set(anonymous->get(), r, "x", 1, -1), ZNOAUTH);
    QCOMPARE(zk_create(anonymous->get(), r + "/child"), ZNOAUTH);
    QCOMPARE(zk_get(bob->get(), r, &data), ZOK);
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
    QCOMPARE(zk_get(anonymous->get(), r, &data), ZOK);
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
    QCOMPARE(zk_get(anonymous->get(), r + "-creator", &data), ZNOAUTH);
}

void TestCClient::bad_auth_scheme_fails_session() {
    const auto zk = connect();
    if (!zk) {
        return;
    }
    EventLog auth;
    QCOMPARE(zoo_add_auth(zk->get(), "no-such-scheme", "x", 1, &record_completion, &auth), ZOK);
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
    QCOMPARE(zk_create(h, r), ZOK);
    QCOMPARE(zk_create(h, r + "/s-", {}, ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/s-0000000000");
    QCOMPARE(zk_create(h, r + "/s-", {}, ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/s-0000000001");
    QCOMPARE(zk_create(h, r + "/e-", {}, ZOO_EPHEMERAL | ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/e-0000000002");
    QCOMPARE(zoo_delete(h, r + "/s-0000000001", -1), ZOK);
    QCOMPARE(zk_create(h, r + "/s-", {}, ZOO_SEQUENCE, &created), ZOK);
    QCOMPARE(created, r + "/s-0000000003"); // numbers are never reused

    Stat stat{};
    QCOMPARE(zoo_exists(other->get(), r + "/e-0000000002", 0, &stat), ZOK);
    QCOMPARE(stat.ephemeralOwner, zk->session_id());
    QCOMPARE(zoo_exists(other->get(), r + "/s-0000000000", 0, &stat), ZOK);
    QCOMPARE(stat.ephemeralOwner, 0);
    zk->close();
    QCOMPARE(zk_children(other->get(), r), QStringList({"s-0000000000", "s-0000000003"}));
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
    QCOMPARE(zk_create(h, r + "/container/child"), ZOK);

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
    QCOMPARE(zk_create(h, r), ZOK);
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
                                 reinterpret_cast<void_completion_t*>(&record_completion),
                                 &removed),
             ZOK);
    QVERIFY(removed.wait_for_count(1, kEventTimeoutMs));
    QCOMPARE(removed.take().first().type, ZOK);
    QCOMPARE(zoo_remove_watches(h, r, ZWATCHTYPE_DATA, EventLog::watcher, &log, 0), ZNOWATCHER);

    QCOMPARE(zoo_set(writer->get(), r, "x", 1, -1), ZOK);  // data watch gone: nothing
    QCOMPARE(zk_create(writer->get(), r + "/child"), ZOK); // child watch still armed
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

QTEST_GUILESS_MAIN(TestCClient)
