// Drives Apache ZooKeeper's own zkCli.sh against one server and checks what it prints.

#include "zkcli_runner.h"
#include "zookeeper_ensemble.h"

#include <QTest>
#include <memory>
#include <optional>

using zs::testing::server_kind_from_env;
using zs::testing::TestServers;
using zs::testing::ZkCliRunner;
using zs::testing::ZkCliSession;
using zs::testing::ZkCliTranscript;

namespace {

constexpr int kEventTimeoutMs = 15000;

// One zkCli command and the lines it must print, exactly. nullopt: the test inspects the
// output itself.
struct Step {
    QString command;
    std::optional<QStringList> expected;
};

// "key = value" lines as printed by zkCli's stat printer, keys in print order.
QList<std::pair<QString, QString>> parse_stat(const QStringList& lines) {
    QList<std::pair<QString, QString>> fields;
    for (const QString& line : lines) {
        const qsizetype split = line.indexOf(QLatin1String(" = "));
        if (split > 0) {
            fields.append({line.left(split), line.mid(split + 3)});
        }
    }
    return fields;
}

QString stat_field(const QStringList& lines, const QString& key) {
    for (const auto& [name, value] : parse_stat(lines)) {
        if (name == key) {
            return value;
        }
    }
    return {};
}

// "[a, b]" -> {"a", "b"}, sorted.
QStringList parse_list(const QString& line) {
    QString inner = line;
    if (inner.startsWith(QLatin1Char('[')) && inner.endsWith(QLatin1Char(']'))) {
        inner = inner.mid(1, inner.size() - 2);
    }
    QStringList items = inner.split(QStringLiteral(", "), Qt::SkipEmptyParts);
    items.sort();
    return items;
}

const QStringList kStatKeys = {
    QStringLiteral("cZxid"),       QStringLiteral("ctime"),      QStringLiteral("mZxid"),
    QStringLiteral("mtime"),       QStringLiteral("pZxid"),      QStringLiteral("cversion"),
    QStringLiteral("dataVersion"), QStringLiteral("aclVersion"), QStringLiteral("ephemeralOwner"),
    QStringLiteral("dataLength"),  QStringLiteral("numChildren")};

QStringList stat_keys(const QStringList& lines) {
    QStringList keys;
    for (const auto& field : parse_stat(lines)) {
        keys.append(field.first);
    }
    return keys;
}

qint64 hex_value(const QString& text) {
    return text.mid(2).toLongLong(nullptr, 16);
}

} // namespace

class TestZkCli : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void create_modes();
    void versions_errors_and_stat();
    void persistent_recursive_watch();
    void persistent_watch();
    void remove_watches();
    void children_counts_and_ephemerals();
    void ls_recursive_and_deleteall();
    void quota();
    void whoami_and_acl();
    void config_and_sync();
    void cleanupTestCase();

  private:
    // Runs all steps in one zkCli and checks every command's output. On a mismatch records a
    // failure naming the command and returns false.
    bool expect(const QList<Step>& steps, ZkCliTranscript* transcript = nullptr);
    // Runs commands in a second zkCli, for changes another client makes.
    bool other_client(const QStringList& commands);
    bool start_session(ZkCliSession& session, const QStringList& commands);

    std::unique_ptr<TestServers> servers_;
};

void TestZkCli::initTestCase() {
    servers_ = std::make_unique<TestServers>(server_kind_from_env(), zs::testing::ServerOptions{});
    qInfo("server: %s", qPrintable(servers_->description()));
    servers_->start(); // on failure it records the QtTest failure, with the server's log
}

void TestZkCli::cleanupTestCase() {
    servers_.reset();
}

bool TestZkCli::expect(const QList<Step>& steps, ZkCliTranscript* transcript) {
    QStringList commands;
    for (const Step& step : steps) {
        commands.append(step.command);
    }
    QString error;
    const auto result = ZkCliRunner(servers_->connect_string()).run(commands, &error);
    if (!result) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return false;
    }
    for (qsizetype i = 0; i < steps.size(); ++i) {
        if (steps[i].expected && *steps[i].expected != result->outputs[i]) {
            const QString message =
                QStringLiteral(
                    "`%1` printed\n  [%2]\nexpected\n  [%3]\n----- whole output -----\n%4")
                    .arg(steps[i].command, result->outputs[i].join(QStringLiteral(" | ")),
                         steps[i].expected->join(QStringLiteral(" | ")), result->raw);
            QTest::qFail(qPrintable(message), __FILE__, __LINE__);
            return false;
        }
    }
    if (transcript != nullptr) {
        *transcript = *result;
    }
    return true;
}

bool TestZkCli::other_client(const QStringList& commands) {
    QString error;
    if (!ZkCliRunner(servers_->connect_string()).run(commands, &error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return false;
    }
    return true;
}

bool TestZkCli::start_session(ZkCliSession& session, const QStringList& commands) {
    QString error;
    if (!session.start(&error) || !session.execute(commands, &error)) {
        QTest::qFail(qPrintable(error), __FILE__, __LINE__);
        return false;
    }
    return true;
}

void TestZkCli::create_modes() {
    const QString r = QStringLiteral("/zkcli-create");
    ZkCliTranscript t;
    const bool ok = expect(
        {
            {"create " + r, {{"Created " + r}}},
            {"create -s " + r + "/s- a", {{"Created " + r + "/s-0000000000"}}},
            {"create -s " + r + "/s- b", {{"Created " + r + "/s-0000000001"}}},
            {"create -e " + r + "/e", {{"Created " + r + "/e"}}},
            {"create -e -s " + r + "/es-", {{"Created " + r + "/es-0000000003"}}},
            {"create -c " + r + "/container", {{"Created " + r + "/container"}}},
            {"create -t 60000 " + r + "/ttl", {{"Created " + r + "/ttl"}}},
            {"create -s -t 60000 " + r + "/ttls-", {{"Created " + r + "/ttls-0000000006"}}},
            {"create -t 60000 " + r + "/missing/x", {{"Node does not exist: " + r + "/missing/x"}}},
            {"create " + r + "/e/child", {{"Ephemerals cannot have children: " + r + "/e/child"}}},
            // Containers and TTL nodes are not ephemeral: they may have children.
            {"create " + r + "/container/child", {{"Created " + r + "/container/child"}}},
            {"create " + r + "/ttl/child", {{"Created " + r + "/ttl/child"}}},
            {"create " + r + "/e", {{"Node already exists: " + r + "/e"}}},
            {"ls " + r,
             {{"[container, e, es-0000000003, s-0000000000, s-0000000001, ttl, ttls-0000000006]"}}},
            {"get " + r + "/s-0000000000", {{"a"}}},
            {"get " + r, {{"null"}}}, // created without data: null, not empty
            {"stat " + r + "/e", std::nullopt},
            {"stat " + r + "/container", std::nullopt},
            {"stat " + r + "/ttl", std::nullopt},
            {"getEphemerals " + r, std::nullopt},
        },
        &t);
    if (!ok) {
        return;
    }
    // The owner of a plain ephemeral is the session; containers and TTL nodes hide their
    // internal markers and show 0.
    const QString owner = stat_field(t.outputs[16], QStringLiteral("ephemeralOwner"));
    QVERIFY2(owner.startsWith(QLatin1String("0x")) && hex_value(owner) != 0, qPrintable(owner));
    QCOMPARE(stat_field(t.outputs[17], QStringLiteral("ephemeralOwner")), QStringLiteral("0x0"));
    QCOMPARE(stat_field(t.outputs[18], QStringLiteral("ephemeralOwner")), QStringLiteral("0x0"));
    QCOMPARE(stat_field(t.outputs[18], QStringLiteral("numChildren")), QStringLiteral("1"));
    QCOMPARE(t.outputs[19].size(), 1);
    QCOMPARE(parse_list(t.outputs[19].first()), QStringList({r + "/e", r + "/es-0000000003"}));
}

void TestZkCli::versions_errors_and_stat() {
    const QString r = QStringLiteral("/zkcli-errors");
    ZkCliTranscript t;
    const bool ok = expect(
        {
            {"create " + r + " v0", {{"Created " + r}}},
            {"create " + r + "/child", {{"Created " + r + "/child"}}},
            {"set -s " + r + " v1", std::nullopt},
            {"set -v 0 " + r + " stale", {{"version No is not valid : " + r}}},
            {"get -s " + r, std::nullopt},
            {"delete " + r, {{"Node not empty: " + r}}},
            {"delete -v 3 " + r + "/child", {{"version No is not valid : " + r + "/child"}}},
            {"delete -v 0 " + r + "/child", {{}}},
            {"get " + r + "/child", {{"Node does not exist: " + r + "/child"}}},
            {"set " + r + "/child x", {{"Node does not exist: " + r + "/child"}}},
            {"delete /", {{"Arguments are not valid : /"}}},
            {"delete /zookeeper", {{"Arguments are not valid : /zookeeper"}}},
            {"delete /zookeeper/config", {{"Arguments are not valid : /zookeeper/config"}}},
            {"delete /zookeeper/quota", {{"Arguments are not valid : /zookeeper/quota"}}},
            {"set /zookeeper/config x", {{"Insufficient permission : /zookeeper/config"}}},
            {"create /zookeeper/config/x", {{"Insufficient permission : /zookeeper/config/x"}}},
            {"ls -s " + r, std::nullopt},
        },
        &t);
    if (!ok) {
        return;
    }
    const QStringList& set_stat = t.outputs[2];
    QCOMPARE(stat_keys(set_stat), kStatKeys);
    QCOMPARE(stat_field(set_stat, QStringLiteral("dataVersion")), QStringLiteral("1"));
    QCOMPARE(stat_field(set_stat, QStringLiteral("dataLength")), QStringLiteral("2"));
    QCOMPARE(stat_field(set_stat, QStringLiteral("numChildren")), QStringLiteral("1"));
    QCOMPARE(stat_field(set_stat, QStringLiteral("cversion")), QStringLiteral("1"));
    QCOMPARE(stat_field(set_stat, QStringLiteral("aclVersion")), QStringLiteral("0"));
    const qint64 czxid = hex_value(stat_field(set_stat, QStringLiteral("cZxid")));
    const qint64 mzxid = hex_value(stat_field(set_stat, QStringLiteral("mZxid")));
    const qint64 pzxid = hex_value(stat_field(set_stat, QStringLiteral("pZxid")));
    QVERIFY(czxid > 0);
    QVERIFY2(pzxid > czxid && mzxid > pzxid, qPrintable(set_stat.join(QLatin1Char('\n'))));

    // get -s: the data, then the same stat as set -s returned.
    QCOMPARE(t.outputs[4].first(), QStringLiteral("v1"));
    QCOMPARE(t.outputs[4].mid(1), set_stat);

    // After the child's delete: no children, cversion 2, pzxid moved past the set.
    const QStringList& ls = t.outputs[16];
    QCOMPARE(ls.first(), QStringLiteral("[]"));
    QCOMPARE(stat_field(ls, QStringLiteral("cversion")), QStringLiteral("2"));
    QCOMPARE(stat_field(ls, QStringLiteral("numChildren")), QStringLiteral("0"));
    QVERIFY(hex_value(stat_field(ls, QStringLiteral("pZxid"))) > mzxid);
}

void TestZkCli::persistent_recursive_watch() {
    const QString r = QStringLiteral("/zkcli-prw");
    ZkCliSession watcher(servers_->connect_string());
    if (!start_session(watcher, {"create " + r, "addWatch -m PERSISTENT_RECURSIVE " + r})) {
        return;
    }
    // "/zkcli-prw-outside" shares the prefix as a string but is not below the watched node.
    if (!other_client({"create " + r + "/a 1", "set " + r + "/a 2", "create " + r + "/a/b",
                       "delete " + r + "/a/b", "set " + r + " x", "create " + r + "-outside",
                       "delete " + r + "-outside", "set " + r + " end"})) {
        return;
    }
    const QStringList expected = {"NodeCreated " + r + "/a",   "NodeDataChanged " + r + "/a",
                                  "NodeCreated " + r + "/a/b", "NodeDeleted " + r + "/a/b",
                                  "NodeDataChanged " + r,      "NodeDataChanged " + r};
    // The last change is known to notify, and notifications keep their order: once it is
    // there, everything before it is too, and nothing else arrived in between.
    if (!watcher.wait_for_events(expected.size(), kEventTimeoutMs)) {
        QFAIL(qPrintable("too few notifications; zkCli printed:\n" + watcher.raw()));
    }
    QCOMPARE(watcher.events().join(QLatin1Char('\n')), expected.join(QLatin1Char('\n')));
}

void TestZkCli::persistent_watch() {
    const QString r = QStringLiteral("/zkcli-pw");
    ZkCliSession watcher(servers_->connect_string());
    if (!start_session(watcher, {"create " + r, "addWatch -m PERSISTENT " + r})) {
        return;
    }
    if (!other_client({"create " + r + "/a", "set " + r + "/a 1", "create " + r + "/a/b",
                       "set " + r + " x", "set " + r + " y", "delete " + r + "/a/b",
                       "delete " + r + "/a", "delete " + r, "create " + r})) {
        return;
    }
    // Exactly the node itself, children included, and the watch survives the node's deletion.
    const QStringList expected = {"NodeChildrenChanged " + r, "NodeDataChanged " + r,
                                  "NodeDataChanged " + r,     "NodeChildrenChanged " + r,
                                  "NodeDeleted " + r,         "NodeCreated " + r};
    if (!watcher.wait_for_events(expected.size(), kEventTimeoutMs)) {
        QFAIL(qPrintable("too few notifications; zkCli printed:\n" + watcher.raw()));
    }
    QCOMPARE(watcher.events().join(QLatin1Char('\n')), expected.join(QLatin1Char('\n')));
}

void TestZkCli::remove_watches() {
    const QString r = QStringLiteral("/zkcli-rmw");
    ZkCliSession watcher(servers_->connect_string());
    QString error;
    if (!start_session(watcher, {"create " + r, "get -w " + r, "ls -w " + r})) {
        return;
    }
    const auto removed = watcher.execute(
        {"removewatches " + r + " -d", "removewatches " + r + " -d", "removewatches " + r + " -c"},
        &error);
    QVERIFY2(removed, qPrintable(error));
    QCOMPARE((*removed)[0], QStringList());
    QCOMPARE((*removed)[1], QStringList({"KeeperErrorCode = No such watcher for " + r}));
    QCOMPARE((*removed)[2], QStringList());
    // No watch left: these changes notify nobody ...
    if (!other_client({"set " + r + " x", "create " + r + "/child"})) {
        return;
    }
    // ... until the watch is set again.
    QVERIFY2(watcher.execute({"get -w " + r}, &error), qPrintable(error));
    if (!other_client({"set " + r + " y"})) {
        return;
    }
    // The *Removed events are raised by the client itself when the server confirms.
    const QStringList expected = {"DataWatchRemoved " + r, "ChildWatchRemoved " + r,
                                  "NodeDataChanged " + r};
    if (!watcher.wait_for_events(expected.size(), kEventTimeoutMs)) {
        QFAIL(qPrintable("too few notifications; zkCli printed:\n" + watcher.raw()));
    }
    QCOMPARE(watcher.events().join(QLatin1Char('\n')), expected.join(QLatin1Char('\n')));
}

void TestZkCli::children_counts_and_ephemerals() {
    const QString r = QStringLiteral("/zkcli-count");
    ZkCliTranscript t;
    const bool ok = expect(
        {
            {"create " + r, {{"Created " + r}}},
            {"create " + r + "/a", {{"Created " + r + "/a"}}},
            {"create " + r + "/a/b", {{"Created " + r + "/a/b"}}},
            {"create " + r + "/a/b/c", {{"Created " + r + "/a/b/c"}}},
            {"create -e " + r + "/e1", {{"Created " + r + "/e1"}}},
            {"create -e " + r + "/e-x", {{"Created " + r + "/e-x"}}},
            {"create -e " + r + "/a/e2", {{"Created " + r + "/a/e2"}}},
            {"getAllChildrenNumber " + r, {{"6"}}},
            {"getAllChildrenNumber " + r + "/a", {{"3"}}},
            {"getAllChildrenNumber " + r + "/a/b/c", {{"0"}}},
            {"getAllChildrenNumber " + r + "/missing",
             {{"Node does not exist: " + r + "/missing"}}},
            {"getEphemerals " + r, std::nullopt},
            {"getEphemerals " + r + "/e", std::nullopt},
            {"getEphemerals /zkcli-nothing", {{"[]"}}},
            {"getEphemerals", std::nullopt},
        },
        &t);
    if (!ok) {
        return;
    }
    const QStringList all = {r + "/a/e2", r + "/e-x", r + "/e1"};
    QCOMPARE(parse_list(t.outputs[11].value(0)), all);
    // The prefix is a plain string prefix, not a path: "/e" matches "/e1" and "/e-x".
    QCOMPARE(parse_list(t.outputs[12].value(0)), QStringList({r + "/e-x", r + "/e1"}));
    QCOMPARE(parse_list(t.outputs[14].value(0)), all); // only this session's ephemerals
}

void TestZkCli::ls_recursive_and_deleteall() {
    const QString r = QStringLiteral("/zkcli-tree");
    QList<Step> steps = {{"create " + r, {{"Created " + r}}},
                         {"create " + r + "/a", {{"Created " + r + "/a"}}},
                         {"create " + r + "/a/b", {{"Created " + r + "/a/b"}}},
                         {"create " + r + "/c", {{"Created " + r + "/c"}}}};
    QStringList expected_tree = {r, r + "/a", r + "/a/b", r + "/c"};
    for (int i = 0; i < 25; ++i) {
        const QString leaf = QStringLiteral("%1/c/n%2").arg(r).arg(i, 2, 10, QLatin1Char('0'));
        steps.append({"create " + leaf, {{"Created " + leaf}}});
        expected_tree.append(leaf);
    }
    steps.append({"ls -R " + r, std::nullopt});
    steps.append({"deleteall " + r, {{}}});
    steps.append({"ls " + r, {{"Node does not exist: " + r}}});
    steps.append({"deleteall " + r, {{"Node does not exist: " + r}}});
    ZkCliTranscript t;
    if (!expect(steps, &t)) {
        return;
    }
    QStringList listed = t.outputs[steps.size() - 4];
    QCOMPARE(listed.first(), r); // depth first from the root
    listed.sort();
    expected_tree.sort();
    QCOMPARE(listed, expected_tree);
}

void TestZkCli::quota() {
    const QString r = QStringLiteral("/zkcli-quota");
    const QString limits = "absolute path is /zookeeper/quota" + r + "/zookeeper_limits";
    const QString quota =
        "Output quota for " + r + " count=5,bytes=-1=;byteHardLimit=-1;countHardLimit=-1";
    expect({
        {"create " + r + " abc", {{"Created " + r}}},
        {"create " + r + "/a", {{"Created " + r + "/a"}}},
        {"create " + r + "/b de", {{"Created " + r + "/b"}}},
        {"setquota -n 5 " + r, {{}}},
        // The stats count the node itself and its data bytes.
        {"listquota " + r, {{limits, quota, "Output stat for " + r + " count=3,bytes=5"}}},
        {"create " + r + "/c", {{"Created " + r + "/c"}}},
        {"set " + r + "/a 12345", {{}}},
        {"listquota " + r, {{limits, quota, "Output stat for " + r + " count=4,bytes=10"}}},
        {"get /zookeeper/quota" + r + "/zookeeper_stats", {{"count=4,bytes=10"}}},
        {"delete " + r + "/b", {{}}},
        {"get /zookeeper/quota" + r + "/zookeeper_stats", {{"count=3,bytes=8"}}},
        {"delquota " + r, {{}}},
        {"listquota " + r, {{limits, "quota for " + r + " does not exist."}}},
    });
}

void TestZkCli::whoami_and_acl() {
    const QString r = QStringLiteral("/zkcli-acl");
    ZkCliTranscript t;
    const bool ok = expect(
        {
            {"whoami", {{"Auth scheme: User", "ip: 127.0.0.1"}}},
            {"addauth digest bob:pw", {{}}},
            {"whoami", std::nullopt},
            {"create " + r + " data auth::cdrwa", {{"Created " + r}}},
            {"getAcl " + r, {{"'digest,'bob:ikIaKsbtGweaHnb/jKn7OHqbunM=", ": cdrwa"}}},
            {"setAcl -v 1 " + r + " world:anyone:r", {{"version No is not valid : " + r}}},
            {"setAcl -v 0 " + r + " world:anyone:r", {{}}},
            {"getAcl -s " + r, std::nullopt},
            // Nobody has ADMIN now; the permission check comes before the version check.
            {"setAcl -v 0 " + r + " world:anyone:cdrwa", {{"Insufficient permission : " + r}}},
            {"getAcl /zookeeper/config", {{"'world,'anyone", ": r"}}},
            {"getAcl /", {{"'world,'anyone", ": cdrwa"}}},
        },
        &t);
    if (!ok) {
        return;
    }
    QStringList who = t.outputs[2];
    QCOMPARE(who.value(0), QStringLiteral("Auth scheme: User"));
    who.removeFirst();
    who.sort();
    QCOMPARE(who, QStringList({"digest: bob", "ip: 127.0.0.1"}));
    const QStringList& acl = t.outputs[7];
    QCOMPARE(acl.mid(0, 2), QStringList({"'world,'anyone", ": r"}));
    QCOMPARE(stat_field(acl, QStringLiteral("aclVersion")), QStringLiteral("1"));
}

void TestZkCli::config_and_sync() {
    const QString r = QStringLiteral("/zkcli-sync");
    // A standalone server shows no membership; an ensemble's members show theirs.
    const bool ensemble = zs::testing::ensemble_size_from_env(1) > 1;
    const std::optional<QStringList> standalone_empty =
        ensemble ? std::nullopt : std::optional<QStringList>(QStringList{});
    ZkCliTranscript t;
    const bool ok = expect(
        {
            {"config", standalone_empty},
            {"config -s", std::nullopt},
            {"get /zookeeper/config", standalone_empty},
            {"ls /zookeeper", {{"[config, quota]"}}},
            {"sync /", {{"Sync is OK"}}},
            {"create " + r, {{"Created " + r}}},
            {"sync " + r, {{"Sync is OK"}}},
        },
        &t);
    if (!ok) {
        return;
    }
    const QStringList& config_stat = t.outputs[1];
    QCOMPARE(stat_keys(config_stat), kStatKeys);
    for (const char* zero : {"cZxid", "mZxid", "pZxid", "ephemeralOwner"}) {
        QCOMPARE(stat_field(config_stat, QLatin1String(zero)), QStringLiteral("0x0"));
    }
    // ZooKeeper creates /zookeeper/config with aclVersion -1.
    QCOMPARE(stat_field(config_stat, QStringLiteral("aclVersion")), QStringLiteral("-1"));
    if (!ensemble) {
        QCOMPARE(stat_field(config_stat, QStringLiteral("dataLength")), QStringLiteral("0"));
        return;
    }
    // A line per member and the version; the Stat as members leave it (dataVersion -1).
    const QStringList& config = t.outputs[0];
    QCOMPARE(config.size(), zs::testing::ensemble_size_from_env(1) + 1);
    QVERIFY2(config.front().startsWith(QStringLiteral("server.1=127.0.0.1:")),
             qPrintable(config.join('\n')));
    QVERIFY2(config.back() == QStringLiteral("version=0"), qPrintable(config.join('\n')));
    QCOMPARE(t.outputs[2], config);
    QCOMPARE(stat_field(config_stat, QStringLiteral("dataVersion")), QStringLiteral("-1"));
}

QTEST_GUILESS_MAIN(TestZkCli)
#include "tst_zkcli.moc"
