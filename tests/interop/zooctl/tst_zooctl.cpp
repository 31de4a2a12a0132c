// zooctl end to end: the real binary against a real server, checking what it prints, its exit
// codes and its one-line errors. The same expectations hold for Apache ZooKeeper and zoonode.

#include "server_process.h"

#include <QCryptographicHash>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <memory>

using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;

namespace {

constexpr int kRunTimeoutMs = 20000;

// How one zooctl run ended.
struct Run {
    int exit_code = -1;
    bool finished = false;
    QByteArray out;
    QByteArray err;
    qint64 elapsed_ms = 0;

    QString describe() const {
        return QString("exit %1%2 after %3 ms\n--- stdout ---\n%4\n--- stderr ---\n%5")
            .arg(exit_code)
            .arg(finished ? "" : " (killed: no exit in time)")
            .arg(elapsed_ms)
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
};

Run run_zooctl(const QStringList& arguments, const QByteArray& input = {}) {
    QProcess process;
    process.setProgram(QStringLiteral(ZS_ZOOCTL_PATH));
    process.setArguments(arguments);
    QElapsedTimer clock;
    clock.start();
    process.start();
    Run run;
    if (!process.waitForStarted(10000)) {
        run.err = process.errorString().toUtf8();
        return run;
    }
    process.write(input);
    process.closeWriteChannel();
    run.finished = process.waitForFinished(kRunTimeoutMs);
    if (!run.finished) {
        process.kill();
        process.waitForFinished(5000);
    }
    run.exit_code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.elapsed_ms = clock.elapsed();
    return run;
}

quint16 closed_port() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort(); // closed again when probe goes
}

QByteArray digest(const QByteArray& user, const QByteArray& password) {
    return user + ":" +
           QCryptographicHash::hash(user + ":" + password, QCryptographicHash::Sha1).toBase64();
}

QJsonObject json_of(const QByteArray& out) {
    QJsonParseError error;
    const QJsonDocument doc = QJsonDocument::fromJson(out, &error);
    if (error.error != QJsonParseError::NoError || !doc.isObject()) {
        qWarning("not a JSON object: %s", out.constData());
    }
    return doc.object();
}

} // namespace

// Runs zooctl against the test's server; on an unexpected exit code, fails with its output.
#define ZOOCTL_EXPECT(result, code, ...)                                                           \
    const Run result = zooctl({__VA_ARGS__});                                                      \
    QVERIFY2(result.finished&& result.exit_code == (code), qPrintable(result.describe()))

class TestZooctl : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void cleanupTestCase();
    void createGetSetDelete();
    void lsRecursiveAndStats();
    void statAndSync();
    void binaryDataAsJson();
    void dataFromFileAndStdin();
    void ephemeralSequential();
    void containerAndTtl();
    void deleteallDeepestFirst();
    void aclsAndAuth();
    void badVersionAndMissingNode();
    void usageErrors();
    void unreachableServer();
    void watchRecursiveCount();
    void watchPersistentUntilSigterm();
    void fourLetterWords();
    void chroot();

  private:
    Run zooctl(const QStringList& arguments, const QByteArray& input = {}) const {
        return run_zooctl(QStringList{"-s", server_->connect_string()} + arguments, input);
    }
    QString hosts() const { return server_->connect_string(); }

    std::unique_ptr<ServerProcess> server_;
};

void TestZooctl::initTestCase() {
    qInfo("server: %s", qPrintable(server_kind_name(server_kind_from_env())));
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    QVERIFY(server_->start());
}

void TestZooctl::cleanupTestCase() {
    server_.reset();
}

void TestZooctl::createGetSetDelete() {
    ZOOCTL_EXPECT(created, 0, "create", "/crud", "hello");
    QCOMPARE(created.out, QByteArray("/crud\n"));
    QCOMPARE(created.err, QByteArray());
    ZOOCTL_EXPECT(got, 0, "get", "/crud");
    QCOMPARE(got.out, QByteArray("hello")); // the bytes as they are, not a terminal
    ZOOCTL_EXPECT(set, 0, "set", "/crud", "world", "-v", "0");
    QCOMPARE(set.out, QByteArray());
    ZOOCTL_EXPECT(with_stat, 0, "get", "/crud", "-s");
    QVERIFY2(with_stat.out.startsWith("world\ncZxid = 0x"), with_stat.out.constData());
    QVERIFY(with_stat.out.contains("\ndataVersion = 1\n"));
    QVERIFY(with_stat.out.contains("\ndataLength = 5\n"));
    ZOOCTL_EXPECT(json, 0, "get", "/crud", "--json");
    const QJsonObject doc = json_of(json.out);
    QCOMPARE(doc["path"].toString(), QString("/crud"));
    QCOMPARE(doc["data"].toString(), QString("world"));
    QCOMPARE(doc["encoding"].toString(), QString("utf-8"));
    QCOMPARE(doc["stat"].toObject()["version"].toInt(), 1);
    ZOOCTL_EXPECT(null_data, 0, "create", "/crud/null");
    ZOOCTL_EXPECT(got_null, 0, "get", "/crud/null", "--json");
    QVERIFY(json_of(got_null.out)["data"].isNull());
    ZOOCTL_EXPECT(removed_child, 0, "delete", "/crud/null");
    ZOOCTL_EXPECT(removed, 0, "delete", "/crud", "-v", "1");
    QCOMPARE(removed.out + removed.err, QByteArray());
    ZOOCTL_EXPECT(gone, 1, "get", "/crud");
}

void TestZooctl::lsRecursiveAndStats() {
    for (const char* path : {"/ls", "/ls/b", "/ls/a", "/ls/a/y", "/ls/a/x"}) {
        ZOOCTL_EXPECT(created, 0, "create", path, "data");
    }
    ZOOCTL_EXPECT(plain, 0, "ls", "/ls");
    QCOMPARE(plain.out, QByteArray("a\nb\n"));
    ZOOCTL_EXPECT(recursive, 0, "ls", "-R", "/ls");
    QCOMPARE(recursive.out, QByteArray("/ls\n/ls/a\n/ls/a/x\n/ls/a/y\n/ls/b\n"));

    ZOOCTL_EXPECT(stats, 0, "ls", "-s", "/ls");
    const QStringList lines = QString::fromUtf8(stats.out).split('\n');
    // Each child, then its Stat indented: 11 lines.
    QCOMPARE(lines.size(), 2 * 12 + 1);
    QCOMPARE(lines[0], QString("a"));
    QVERIFY2(QRegularExpression(R"(^  cZxid = 0x[0-9a-f]+$)").match(lines[1]).hasMatch(),
             qPrintable(lines[1]));
    QVERIFY2(QRegularExpression(R"(^  ctime = \w{3} \w{3} \d\d \d\d:\d\d:\d\d .+ \d{4}$)")
                 .match(lines[2])
                 .hasMatch(),
             qPrintable(lines[2]));
    QCOMPARE(lines[11], QString("  numChildren = 2"));
    QCOMPARE(lines[12], QString("b"));
    QCOMPARE(lines[23], QString("  numChildren = 0"));

    ZOOCTL_EXPECT(recursive_stats, 0, "ls", "-R", "-s", "/ls", "--json");
    const QJsonArray nodes = json_of(recursive_stats.out)["nodes"].toArray();
    QCOMPARE(nodes.size(), 5);
    QCOMPARE(nodes[1].toObject()["path"].toString(), QString("/ls/a"));
    QCOMPARE(nodes[1].toObject()["stat"].toObject()["numChildren"].toInt(), 2);
    QCOMPARE(nodes[4].toObject()["stat"].toObject()["dataLength"].toInt(), 4);
    ZOOCTL_EXPECT(json, 0, "--json", "ls", "/ls");
    QCOMPARE(json_of(json.out)["children"].toArray(), (QJsonArray{"a", "b"}));
    ZOOCTL_EXPECT(missing, 1, "ls", "-R", "/ls/none");
    QCOMPARE(missing.err, QByteArray("zooctl: /ls/none: NONODE (the node does not exist)\n"));
}

void TestZooctl::statAndSync() {
    ZOOCTL_EXPECT(created, 0, "create", "/st", "12345");
    ZOOCTL_EXPECT(stat, 0, "stat", "/st");
    const QStringList lines = QString::fromUtf8(stat.out).split('\n');
    const QStringList names{"cZxid",          "ctime",      "mZxid",       "mtime",
                            "pZxid",          "cversion",   "dataVersion", "aclVersion",
                            "ephemeralOwner", "dataLength", "numChildren"};
    QCOMPARE(lines.size(), names.size() + 1);
    for (qsizetype i = 0; i < names.size(); ++i) {
        QVERIFY2(lines[i].startsWith(names[i] + " = "), qPrintable(stat.out));
    }
    QCOMPARE(lines[9], QString("dataLength = 5"));
    QCOMPARE(lines[8], QString("ephemeralOwner = 0x0"));
    ZOOCTL_EXPECT(json, 0, "stat", "/st", "--json");
    const QJsonObject doc = json_of(json.out)["stat"].toObject();
    QCOMPARE(doc["dataLength"].toInt(), 5);
    QVERIFY(doc["czxid"].toInteger() > 0);
    QCOMPARE(lines[0], "cZxid = 0x" + QString::number(doc["czxid"].toInteger(), 16));
    ZOOCTL_EXPECT(synced, 0, "sync", "/st");
    QCOMPARE(synced.out, QByteArray());
    ZOOCTL_EXPECT(missing, 1, "stat", "/st/none");
    QCOMPARE(missing.err, QByteArray("zooctl: /st/none: NONODE (the node does not exist)\n"));
}

void TestZooctl::binaryDataAsJson() {
    QTemporaryDir dir;
    const QByteArray bytes("\x00\xff\x80zoo\n", 7);
    QFile file(dir.filePath("bin"));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
    file.close();
    ZOOCTL_EXPECT(created, 0, "create", "/bin", "--data-file", file.fileName());
    ZOOCTL_EXPECT(raw, 0, "get", "/bin");
    QCOMPARE(raw.out, bytes);
    ZOOCTL_EXPECT(json, 0, "get", "/bin", "--json");
    const QJsonObject doc = json_of(json.out);
    QCOMPARE(doc["encoding"].toString(), QString("base64"));
    QCOMPARE(doc["data"].toString().toLatin1(), bytes.toBase64());
    QCOMPARE(QByteArray::fromBase64(doc["data"].toString().toLatin1()), bytes);
    QCOMPARE(doc["stat"].toObject()["dataLength"].toInt(), 7);
    // UTF-8 stays text.
    ZOOCTL_EXPECT(set, 0, "set", "/bin", "grüße ✓");
    ZOOCTL_EXPECT(text, 0, "get", "/bin", "--json");
    QCOMPARE(json_of(text.out)["data"].toString(), QString("grüße ✓"));
    QCOMPARE(json_of(text.out)["encoding"].toString(), QString("utf-8"));
}

void TestZooctl::dataFromFileAndStdin() {
    ZOOCTL_EXPECT(created, 0, "create", "/stdin");
    const Run set = zooctl({"set", "/stdin", "--data-file", "-"}, QByteArray("from\0stdin", 10));
    QVERIFY2(set.exit_code == 0, qPrintable(set.describe()));
    ZOOCTL_EXPECT(got, 0, "get", "/stdin");
    QCOMPARE(got.out, QByteArray("from\0stdin", 10));
    ZOOCTL_EXPECT(both, 2, "set", "/stdin", "x", "--data-file", "-");
    ZOOCTL_EXPECT(missing_file, 2, "set", "/stdin", "--data-file", "/nonexistent/file");
    QVERIFY2(missing_file.err.startsWith("zooctl: /nonexistent/file: cannot read"),
             missing_file.err.constData());
}

void TestZooctl::ephemeralSequential() {
    ZOOCTL_EXPECT(parent, 0, "create", "/eph");
    ZOOCTL_EXPECT(created, 0, "create", "-e", "-s", "/eph/n-", "x");
    QVERIFY2(QRegularExpression(R"(^/eph/n-\d{10}\n$)").match(created.out).hasMatch(),
             created.out.constData());
    // The session ended with zooctl, and its ephemeral with it.
    ZOOCTL_EXPECT(listed, 0, "ls", "/eph");
    QCOMPARE(listed.out, QByteArray());
    ZOOCTL_EXPECT(sequential, 0, "create", "-s", "/eph/p-");
    ZOOCTL_EXPECT(second, 0, "create", "-s", "/eph/p-", "--json");
    QVERIFY2(QRegularExpression(R"(^/eph/p-\d{10}\n$)").match(sequential.out).hasMatch(),
             sequential.out.constData());
    const QString second_path = json_of(second.out)["path"].toString();
    QVERIFY(second_path > QString::fromUtf8(sequential.out.trimmed()));
    ZOOCTL_EXPECT(kept, 0, "ls", "/eph");
    QCOMPARE(kept.out, sequential.out.mid(5) + second_path.mid(5).toUtf8() + "\n");
}

void TestZooctl::containerAndTtl() {
    ZOOCTL_EXPECT(container, 0, "create", "-c", "/container");
    ZOOCTL_EXPECT(ttl, 0, "create", "-t", "60000", "/ttl", "x");
    QCOMPARE(ttl.out, QByteArray("/ttl\n"));
    ZOOCTL_EXPECT(both, 2, "create", "-c", "-e", "/bad");
    QCOMPARE(both.err,
             QByteArray("zooctl: create: -c (container) does not combine with -e, -s or -t\n"));
    ZOOCTL_EXPECT(ttl_ephemeral, 2, "create", "-t", "100", "-e", "/bad");
}

void TestZooctl::deleteallDeepestFirst() {
    for (const char* path : {"/da", "/da/a", "/da/a/b", "/da/a/b/c", "/da/d", "/keep"}) {
        ZOOCTL_EXPECT(created, 0, "create", path);
    }
    ZOOCTL_EXPECT(not_empty, 1, "delete", "/da");
    QCOMPARE(not_empty.err, QByteArray("zooctl: /da: NOTEMPTY (the node has children)\n"));
    ZOOCTL_EXPECT(removed, 0, "deleteall", "/da", "--json");
    QCOMPARE(json_of(removed.out)["deleted"].toInt(), 5);
    ZOOCTL_EXPECT(gone, 1, "stat", "/da");
    ZOOCTL_EXPECT(kept, 0, "stat", "/keep");
    ZOOCTL_EXPECT(missing, 1, "deleteall", "/da");
    QCOMPARE(missing.err, QByteArray("zooctl: /da: NONODE (the node does not exist)\n"));
}

void TestZooctl::aclsAndAuth() {
    const QString bob = QString::fromLatin1(digest("bob", "secret"));
    ZOOCTL_EXPECT(created, 0, "create", "/acl", "v0");
    ZOOCTL_EXPECT(set_acl, 0, "setacl", "/acl", "digest:" + bob + ":cdrwa,world:anyone:r");
    // Without ADMIN, ZooKeeper hides digest hashes: getacl as bob to see it.
    ZOOCTL_EXPECT(got, 0, "--auth", "digest:bob:secret", "getacl", "/acl");
    QCOMPARE(got.out, ("digest:" + bob + ":cdrwa\nworld:anyone:r\n").toUtf8());
    ZOOCTL_EXPECT(json, 0, "getacl", "/acl", "--json", "--auth", "digest:bob:secret");
    const QJsonObject doc = json_of(json.out);
    QCOMPARE(doc["acl"].toArray().size(), 2);
    QCOMPARE(doc["acl"][0]["scheme"].toString(), QString("digest"));
    QCOMPARE(doc["acl"][0]["id"].toString(), bob);
    QCOMPARE(doc["acl"][1]["perms"].toString(), QString("r"));
    QCOMPARE(doc["stat"]["aversion"].toInt(), 1);

    // World may read, only bob may write.
    ZOOCTL_EXPECT(read, 0, "get", "/acl");
    QCOMPARE(read.out, QByteArray("v0"));
    ZOOCTL_EXPECT(refused, 1, "set", "/acl", "v1");
    QCOMPARE(refused.err, QByteArray("zooctl: /acl: NOAUTH (the node's ACL does not allow this "
                                     "session to do that)\n"));
    ZOOCTL_EXPECT(wrong_password, 1, "--auth", "digest:bob:wrong", "set", "/acl", "v1");
    ZOOCTL_EXPECT(allowed, 0, "--auth", "digest:bob:secret", "set", "/acl", "v1");
    // Several identities: the second one is the one that counts.
    ZOOCTL_EXPECT(several, 0, "--auth", "digest:eve:x", "--auth", "digest:bob:secret", "setacl",
                  "/acl", "world:anyone:cdrwa", "-v", "1");
    ZOOCTL_EXPECT(open, 0, "getacl", "/acl");
    QCOMPARE(open.out, QByteArray("world:anyone:cdrwa\n"));
    ZOOCTL_EXPECT(bad_aversion, 1, "setacl", "/acl", "world:anyone:r", "-v", "7");
    QCOMPARE(bad_aversion.err,
             QByteArray("zooctl: /acl: BADVERSION (the node's version is not the one given)\n"));
    ZOOCTL_EXPECT(bad_perms, 2, "setacl", "/acl", "world:anyone:rx");
    QCOMPARE(bad_perms.err, QByteArray("zooctl: ACL entry 'world:anyone:rx': permissions are "
                                       "letters of \"cdrwa\"\n"));
    ZOOCTL_EXPECT(bad_auth, 2, "--auth", "digest", "get", "/acl");
    // A create with an ACL of its own.
    ZOOCTL_EXPECT(private_node, 0, "create", "/acl/private", "--acl", "digest:" + bob + ":cdrwa");
    ZOOCTL_EXPECT(private_read, 1, "get", "/acl/private");
    QCOMPARE(private_read.err, QByteArray("zooctl: /acl/private: NOAUTH (the node's ACL does not "
                                          "allow this session to do that)\n"));
    ZOOCTL_EXPECT(bob_read, 0, "get", "/acl/private", "--auth", "digest:bob:secret");
}

void TestZooctl::badVersionAndMissingNode() {
    ZOOCTL_EXPECT(created, 0, "create", "/ver", "a");
    ZOOCTL_EXPECT(bad_set, 1, "set", "/ver", "b", "-v", "5");
    QCOMPARE(bad_set.out, QByteArray());
    QCOMPARE(bad_set.err,
             QByteArray("zooctl: /ver: BADVERSION (the node's version is not the one given)\n"));
    ZOOCTL_EXPECT(bad_delete, 1, "delete", "/ver", "-v", "3");
    QCOMPARE(bad_delete.err,
             QByteArray("zooctl: /ver: BADVERSION (the node's version is not the one given)\n"));
    ZOOCTL_EXPECT(exists, 1, "create", "/ver");
    QCOMPARE(exists.err, QByteArray("zooctl: /ver: NODEEXISTS (the node already exists)\n"));
    for (const QStringList& command :
         {QStringList{"get", "/none/x"}, QStringList{"set", "/none/x", "v"},
          QStringList{"delete", "/none/x"}, QStringList{"ls", "/none/x"},
          QStringList{"getacl", "/none/x"}, QStringList{"setacl", "/none/x", "world:anyone:r"}}) {
        const Run run = zooctl(command);
        QVERIFY2(run.exit_code == 1, qPrintable(run.describe()));
        QCOMPARE(run.err, QByteArray("zooctl: /none/x: NONODE (the node does not exist)\n"));
    }
    ZOOCTL_EXPECT(no_parent, 1, "create", "/none/x");
    QCOMPARE(no_parent.err, QByteArray("zooctl: /none/x: NONODE (the node does not exist)\n"));
}

void TestZooctl::usageErrors() {
    const QList<QStringList> usages{
        {},
        {"get"},
        {"nosuchcommand"},
        {"get", "relative/path"},
        {"ls", "/a//b"},
        {"set", "/a"},
        {"delete", "/a", "-v", "notanumber"},
        {"fourletter", "toolong"},
        {"-s", "127.0.0.1:99999999", "get", "/"},
        {"--timeout", "-1", "get", "/"},
    };
    for (const QStringList& arguments : usages) {
        const Run run = run_zooctl(arguments);
        QVERIFY2(run.exit_code == 2, qPrintable(arguments.join(' ') + ": " + run.describe()));
        QVERIFY2(run.err.startsWith("zooctl: ") && run.err.count('\n') == 1,
                 qPrintable(arguments.join(' ') + ": " + run.describe()));
        QCOMPARE(run.out, QByteArray());
    }
    const Run relative = run_zooctl({"get", "relative"});
    QVERIFY2(relative.err.startsWith("zooctl: relative: invalid path (it must be absolute"),
             relative.err.constData());
    const Run help = run_zooctl({"--help"});
    QCOMPARE(help.exit_code, 0);
    QVERIFY(help.out.contains("deleteall"));
}

void TestZooctl::unreachableServer() {
    const quint16 port = closed_port();
    const QString target = QString("127.0.0.1:%1").arg(port);
    const Run run = run_zooctl({"-s", target, "--timeout", "2", "ls", "/"});
    QVERIFY2(run.exit_code == 2, qPrintable(run.describe()));
    // One line: the deadline, and why the last attempt failed.
    QCOMPARE(run.err,
             ("zooctl: cannot connect to " + target + " within 2 s (--timeout); last: cannot " +
              "connect to " + target + ": Connection refused\n")
                 .toUtf8());
    QVERIFY2(run.elapsed_ms >= 1900 && run.elapsed_ms < 6000, qPrintable(run.describe()));
    const Run four = run_zooctl({"-s", target, "--timeout", "2", "fourletter", "ruok"});
    QVERIFY2(four.exit_code == 2, qPrintable(four.describe()));
    QVERIFY2(four.err.startsWith(("zooctl: cannot connect to " + target + ": ").toUtf8()),
             qPrintable(four.describe()));
}

void TestZooctl::watchRecursiveCount() {
    for (const char* path : {"/wr", "/wr/t", "/wr/t/c"}) {
        ZOOCTL_EXPECT(created, 0, "create", path);
    }
    QProcess watcher;
    watcher.start(QStringLiteral(ZS_ZOOCTL_PATH),
                  {"-s", hosts(), "watch", "-r", "/wr", "--count", "2"});
    QVERIFY(watcher.waitForStarted(10000));
    // It says on stderr once the watch is in place.
    QElapsedTimer clock;
    clock.start();
    QByteArray notice;
    while (!notice.contains('\n') && clock.elapsed() < 15000 &&
           watcher.state() == QProcess::Running) {
        watcher.waitForReadyRead(100);
        notice += watcher.readAllStandardError();
    }
    QCOMPARE(notice, QByteArray("zooctl: watching /wr and everything under it; stop with "
                                "Ctrl-C\n"));
    // One more run deletes two nodes: two events, deepest first.
    ZOOCTL_EXPECT(removed, 0, "deleteall", "/wr/t");
    const bool finished = watcher.waitForFinished(10000);
    const QByteArray events = watcher.readAllStandardOutput();
    QVERIFY2(finished, events.constData());
    QCOMPARE(watcher.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watcher.exitCode(), 0);
    QCOMPARE(events, QByteArray("NodeDeleted /wr/t/c\nNodeDeleted /wr/t\n"));
}

void TestZooctl::watchPersistentUntilSigterm() {
    ZOOCTL_EXPECT(created, 0, "create", "/wp", "0");
    QProcess watcher;
    watcher.start(QStringLiteral(ZS_ZOOCTL_PATH), {"-s", hosts(), "--json", "watch", "/wp"});
    QVERIFY(watcher.waitForStarted(10000));
    QElapsedTimer clock;
    clock.start();
    QByteArray notice;
    while (!notice.contains('\n') && clock.elapsed() < 15000 &&
           watcher.state() == QProcess::Running) {
        watcher.waitForReadyRead(100);
        notice += watcher.readAllStandardError();
    }
    QCOMPARE(notice, QByteArray("zooctl: watching /wp; stop with Ctrl-C\n"));
    ZOOCTL_EXPECT(set, 0, "set", "/wp", "1");
    ZOOCTL_EXPECT(child, 0, "create", "/wp/c"); // a persistent watch sees the child list change
    ZOOCTL_EXPECT(grandchild, 0, "create", "/wp/c/g"); // but not below (not recursive)
    ZOOCTL_EXPECT(set_again, 0, "set", "/wp", "2");    // persistent: still there
    QByteArray out;
    clock.restart();
    while (out.count('\n') < 3 && clock.elapsed() < 10000) {
        watcher.waitForReadyRead(100);
        out += watcher.readAllStandardOutput();
    }
    watcher.terminate(); // SIGTERM ends it cleanly
    QVERIFY(watcher.waitForFinished(10000));
    out += watcher.readAllStandardOutput();
    QCOMPARE(watcher.exitStatus(), QProcess::NormalExit);
    QCOMPARE(watcher.exitCode(), 0);
    QCOMPARE(out, QByteArray("{\"type\":\"NodeDataChanged\",\"path\":\"/wp\"}\n"
                             "{\"type\":\"NodeChildrenChanged\",\"path\":\"/wp\"}\n"
                             "{\"type\":\"NodeDataChanged\",\"path\":\"/wp\"}\n"));
}

void TestZooctl::fourLetterWords() {
    ZOOCTL_EXPECT(ruok, 0, "fourletter", "ruok");
    QCOMPARE(ruok.out, QByteArray("imok"));
    ZOOCTL_EXPECT(srvr, 0, "4lw", "srvr");
    QVERIFY2(srvr.out.contains("\nMode: standalone\n"), srvr.out.constData());
    ZOOCTL_EXPECT(json, 0, "4lw", "ruok", "--json");
    const QJsonObject doc = json_of(json.out);
    QCOMPARE(doc["reply"].toString(), QString("imok"));
    QCOMPARE(doc["command"].toString(), QString("ruok"));
    QCOMPARE(doc["server"].toString(), QString("127.0.0.1:%1").arg(server_->port()));
    // With a chroot and several hosts: the first host, the chroot ignored.
    const Run first =
        run_zooctl({"-s", hosts() + ",127.0.0.1:1/some/chroot", "fourletter", "ruok"});
    QVERIFY2(first.exit_code == 0 && first.out == "imok", qPrintable(first.describe()));
}

void TestZooctl::chroot() {
    ZOOCTL_EXPECT(app, 0, "create", "/app");
    const QStringList in_app{"-s", hosts() + "/app"};
    Run run = run_zooctl(in_app + QStringList{"create", "/x", "inside"});
    QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
    QCOMPARE(run.out, QByteArray("/x\n"));
    run = run_zooctl(in_app + QStringList{"create", "-s", "/x/s-"});
    QVERIFY2(QRegularExpression(R"(^/x/s-\d{10}\n$)").match(run.out).hasMatch(),
             qPrintable(run.describe()));
    ZOOCTL_EXPECT(outside, 0, "get", "/app/x");
    QCOMPARE(outside.out, QByteArray("inside"));
    run = run_zooctl(in_app + QStringList{"ls", "-R", "/"});
    QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
    QVERIFY2(QRegularExpression(R"(^/\n/x\n/x/s-\d{10}\n$)").match(run.out).hasMatch(),
             qPrintable(run.describe()));
    run = run_zooctl(in_app + QStringList{"get", "/missing"});
    QCOMPARE(run.exit_code, 1);
    QCOMPARE(run.err, QByteArray("zooctl: /missing: NONODE (the node does not exist)\n"));
    // Under a chroot, deleteall / empties it and removes the chroot node itself.
    run = run_zooctl(in_app + QStringList{"deleteall", "/"});
    QVERIFY2(run.exit_code == 0, qPrintable(run.describe()));
    ZOOCTL_EXPECT(gone, 1, "stat", "/app");
}

QTEST_GUILESS_MAIN(TestZooctl)
#include "tst_zooctl.moc"
