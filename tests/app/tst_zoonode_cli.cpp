// zoonode as its users start it: a zoo.cfg on the command line, settings from SERVER_JVMFLAGS,
// clear refusals of bad configurations, and a clean exit on SIGTERM.

#include "child_process.h"
#include "jute.h"
#include "raw_client.h"
#include "requests.h"
#include "server_process.h"

#include <QCryptographicHash>
#include <QDir>
#include <QMap>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>
#include <functional>
#include <sqlite3.h>
#include <sys/resource.h>

using zs::testing::ChildOptions;
using zs::testing::create_body;
using zs::testing::JuteReader;
using zs::testing::JuteWriter;
using zs::testing::path_watch_body;
using zs::testing::RawClient;
using zs::testing::run_child;
using zs::testing::set_data_body;

namespace {

constexpr int kWaitMs = 10000;
constexpr int kExitConfig = 2;

quint16 free_port() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

// The version in a Stat: czxid, mzxid, ctime and mtime (int64 each) come first.
int32_t stat_version(const QByteArray& stat) {
    JuteReader reader(stat);
    for (int i = 0; i < 4; ++i) {
        reader.int64();
    }
    const int32_t version = reader.int32();
    return reader.ok() ? version : -1;
}

// A GetDataResponse: the data, then its Stat.
struct NodeData {
    QByteArray data;
    int32_t version = -1;
};

std::optional<NodeData> parse_get_data(const QByteArray& body) {
    JuteReader reader(body);
    const std::optional<QByteArray> data = reader.buffer();
    if (!reader.ok() || !data) {
        return std::nullopt;
    }
    return NodeData{*data, stat_version(body.mid(4 + data->size()))};
}

// PRAGMA integrity_check on a database file: "ok", or what SQLite found.
QString integrity_check(const QString& file) {
    sqlite3* db = nullptr;
    if (sqlite3_open_v2(file.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE, nullptr) !=
        SQLITE_OK) {
        const QString error = QString::fromUtf8(sqlite3_errmsg(db));
        sqlite3_close(db);
        return "cannot open: " + error;
    }
    QStringList found;
    sqlite3_stmt* statement = nullptr;
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &statement, nullptr) == SQLITE_OK) {
        while (sqlite3_step(statement) == SQLITE_ROW) {
            found << QString::fromUtf8(
                reinterpret_cast<const char*>(sqlite3_column_text(statement, 0)));
        }
    } else {
        found << QString::fromUtf8(sqlite3_errmsg(db));
    }
    sqlite3_finalize(statement);
    sqlite3_close(db);
    return found.join('\n');
}

} // namespace

class TestZoonodeCli : public QObject {
    Q_OBJECT

  private slots:
    void init();
    void invalidConfigurationsAreRefused_data();
    void invalidConfigurationsAreRefused();
    void unknownKeysAreNamedInAWarning();
    void sigtermShutsDownCleanly();
    void busyPortIsReported();
    void superDigestFromServerJvmFlags();
    void restartRecoversFromSnapshotAndLog();
    void zookeeperDataDirectoryIsRefused();
    void diskFullRefusesWritesAndLosesNothing();

  private:
    QString write_config(const QStringList& lines);
    // Starts zoonode and waits for its "serving clients" line; the process is left running and
    // what it printed so far is in startup_output_. `child_setup` runs in the child between fork
    // and exec.
    bool start(QProcess& process, const QString& config, const QProcessEnvironment& env = {},
               const std::function<void()>& child_setup = {});

    std::unique_ptr<QTemporaryDir> dir_;
    quint16 port_ = 0;
    QByteArray startup_output_;
};

void TestZoonodeCli::init() {
    dir_ = std::make_unique<QTemporaryDir>();
    QVERIFY(dir_->isValid());
    port_ = free_port();
}

QString TestZoonodeCli::write_config(const QStringList& lines) {
    const QString path = dir_->filePath("zoo.cfg");
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        return {};
    }
    file.write(lines.join('\n').toUtf8() + "\n");
    return path;
}

bool TestZoonodeCli::start(QProcess& process, const QString& config, const QProcessEnvironment& env,
                           const std::function<void()>& child_setup) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys()) {
        environment.insert(key, env.value(key));
    }
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (child_setup) {
        process.setChildProcessModifier(child_setup);
    }
    process.start(ZS_ZOONODE_PATH, {config});
    startup_output_.clear();
    QDeadlineTimer deadline(kWaitMs);
    while (!deadline.hasExpired() && process.state() != QProcess::NotRunning) {
        process.waitForReadyRead(100);
        startup_output_ += process.readAll();
        if (startup_output_.contains("serving clients")) {
            return true;
        }
    }
    qWarning("zoonode did not start:\n%s", startup_output_.constData());
    return false;
}

void TestZoonodeCli::invalidConfigurationsAreRefused_data() {
    QTest::addColumn<QStringList>("lines");
    QTest::addColumn<QString>("expected"); // a piece of the one-line error
    const QString data = "dataDir=%DIR%";
    QTest::newRow("tickTime not a number")
        << QStringList{data, "tickTime=fast", "clientPort=%PORT%"} << "zoo.cfg:2: tickTime";
    QTest::newRow("tickTime zero")
        << QStringList{data, "clientPort=%PORT%", "tickTime=0"} << "zoo.cfg:3: tickTime";
    QTest::newRow("client port out of range")
        << QStringList{data, "clientPort=70000"} << "zoo.cfg:2: clientPort";
    QTest::newRow("min above max session timeout")
        << QStringList{data, "clientPort=%PORT%", "minSessionTimeout=9000",
                       "maxSessionTimeout=5000"}
        << "minSessionTimeout";
    QTest::newRow("missing dataDir") << QStringList{"clientPort=%PORT%"} << "dataDir";
    QTest::newRow("bad server line")
        << QStringList{data, "clientPort=%PORT%", "server.1=localhost:2888"} << "server.1";
    // myid says 1 (written below), and no server.1 line describes this member.
    QTest::newRow("not a member") << QStringList{data,
                                                 "clientPort=%PORT%",
                                                 "initLimit=5",
                                                 "syncLimit=2",
                                                 "server.2=127.0.0.1:2888:3888",
                                                 "server.3=127.0.0.1:2889:3889"}
                                  << "no server.1 line";
}

void TestZoonodeCli::invalidConfigurationsAreRefused() {
    QFETCH(QStringList, lines);
    QFETCH(QString, expected);
    lines.replaceInStrings("%DIR%", dir_->path());
    lines.replaceInStrings("%PORT%", QString::number(port_));
    QFile myid(dir_->filePath("myid"));
    QVERIFY(myid.open(QIODevice::WriteOnly));
    myid.write("1\n");
    myid.close();
    const auto result = run_child(ZS_ZOONODE_PATH, {write_config(lines)}, ChildOptions{});
    QCOMPARE(result.exit_code, kExitConfig);
    QVERIFY2(result.output.contains(expected.toUtf8()), result.output.constData());
}

void TestZoonodeCli::unknownKeysAreNamedInAWarning() {
    QProcess zoonode;
    const QString config =
        write_config({"dataDir=" + dir_->path(), "clientPort=" + QString::number(port_),
                      "clientPortAddress=127.0.0.1", "frobnicate=yes"});
    QVERIFY(start(zoonode, config));
    zoonode.terminate();
    QVERIFY(zoonode.waitForFinished(kWaitMs));
    QVERIFY2(startup_output_.contains("frobnicate (line 4)"), startup_output_.constData());
}

void TestZoonodeCli::sigtermShutsDownCleanly() {
    QProcess zoonode;
    const QString config =
        write_config({"dataDir=" + dir_->path(), "clientPort=" + QString::number(port_),
                      "clientPortAddress=127.0.0.1"});
    QVERIFY(start(zoonode, config));
    RawClient client;
    QVERIFY(client.connect_to("127.0.0.1", port_));
    QVERIFY(client.handshake(4000));
    ::kill(static_cast<pid_t>(zoonode.processId()), SIGTERM);
    QVERIFY(zoonode.waitForFinished(2000));
    QCOMPARE(zoonode.exitStatus(), QProcess::NormalExit);
    QCOMPARE(zoonode.exitCode(), 0);
    QVERIFY(client.wait_closed(2000));
}

void TestZoonodeCli::busyPortIsReported() {
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, port_));
    const QString config =
        write_config({"dataDir=" + dir_->path(), "clientPort=" + QString::number(port_),
                      "clientPortAddress=127.0.0.1"});
    const auto result = run_child(ZS_ZOONODE_PATH, {config}, ChildOptions{});
    QCOMPARE(result.exit_code, kExitConfig);
    QVERIFY2(result.output.contains("cannot listen on 127.0.0.1:" + QByteArray::number(port_)),
             result.output.constData());
}

void TestZoonodeCli::superDigestFromServerJvmFlags() {
    // super:superpw, digested as DigestAuthenticationProvider does.
    const QString super_digest = "super:g9oN2HttPfn8MMWJZ2r45Np/LIA=";
    QProcessEnvironment env;
    env.insert("SERVER_JVMFLAGS",
               "-Xmx512m -Dzookeeper.DigestAuthenticationProvider.superDigest=" + super_digest);
    QProcess zoonode;
    const QString config =
        write_config({"dataDir=" + dir_->path(), "clientPort=" + QString::number(port_),
                      "clientPortAddress=127.0.0.1"});
    QVERIFY(start(zoonode, config, env));

    const QByteArray bob_only =
        JuteWriter().int32(1).int32(31).buffer("digest").buffer("bob:x").bytes();
    RawClient owner;
    QVERIFY(owner.connect_to("127.0.0.1", port_));
    QVERIFY(owner.handshake(4000));
    const auto created = owner.call(
        1, JuteWriter().buffer("/locked").buffer("secret").raw(bob_only).int32(0).bytes());
    QVERIFY(created);
    QCOMPARE(created->err, 0);
    const QByteArray get_locked = path_watch_body("/locked", false);
    QCOMPARE(owner.call(4, get_locked)->err, -102); // NOAUTH

    RawClient admin;
    QVERIFY(admin.connect_to("127.0.0.1", port_));
    QVERIFY(admin.handshake(4000));
    const auto auth = admin.call_with_xid(
        -4, 100, JuteWriter().int32(0).buffer("digest").buffer("super:superpw").bytes());
    QVERIFY(auth);
    QCOMPARE(auth->err, 0);
    const auto read = admin.call(4, get_locked);
    QVERIFY(read);
    QCOMPARE(read->err, 0);
    zoonode.terminate();
    QVERIFY(zoonode.waitForFinished(kWaitMs));
}

void TestZoonodeCli::restartRecoversFromSnapshotAndLog() {
    // snapCount=100: the 300 creates below leave snapshots behind and a log tail after them.
    const QString config =
        write_config({"dataDir=" + dir_->path(), "clientPort=" + QString::number(port_),
                      "clientPortAddress=127.0.0.1", "snapCount=100", "4lw.commands.whitelist=*"});
    {
        QProcess zoonode;
        QVERIFY(start(zoonode, config));
        RawClient client;
        QVERIFY(client.connect_to("127.0.0.1", port_));
        QVERIFY(client.handshake(4000));
        for (int i = 0; i < 300; ++i) {
            const QByteArray path = "/n" + QByteArray::number(i);
            const auto created = client.call(1, create_body(path, QByteArray::number(i)));
            QVERIFY(created && created->err == 0);
        }
        // Snapshots are saved in the background: wait for one to be done (slow under the
        // sanitizers on a busy machine) before stopping.
        QByteArray output = startup_output_;
        QDeadlineTimer deadline(kWaitMs);
        while (!output.contains("snapshot at zxid") && !deadline.hasExpired()) {
            zoonode.waitForReadyRead(100);
            output += zoonode.readAll();
        }
        QVERIFY2(output.contains("snapshot at zxid"), output.constData());
        zoonode.terminate();
        QVERIFY(zoonode.waitForFinished(kWaitMs));
    }
    QProcess restarted;
    QVERIFY(start(restarted, config));
    // Fewer txns replayed than were written: recovery started from a snapshot.
    const QRegularExpression recovered(
        R"(recovered (\d+) znodes and \d+ sessions up to zxid 0x[0-9a-f]+ \((\d+) txns replayed\))");
    const auto match = recovered.match(QString::fromUtf8(startup_output_));
    QVERIFY2(match.hasMatch(), startup_output_.constData());
    QCOMPARE(match.captured(1).toInt(), 305); // 300 + the 5 ZooKeeper counts on a fresh tree
    QVERIFY(match.captured(2).toInt() < 301);
    RawClient client;
    QVERIFY(client.connect_to("127.0.0.1", port_));
    QVERIFY(client.handshake(4000));
    for (int i : {0, 150, 299}) {
        const auto data = client.call(4, path_watch_body("/n" + QByteArray::number(i), false));
        QVERIFY(data && data->err == 0);
    }
    restarted.terminate();
    QVERIFY(restarted.waitForFinished(kWaitMs));
}

void TestZoonodeCli::zookeeperDataDirectoryIsRefused() {
    // Apache ZooKeeper's data directory layout: zoonode must not touch it.
    QVERIFY(QDir(dir_->path()).mkpath("version-2"));
    const QString config =
        write_config({"dataDir=" + dir_->path(), "clientPort=" + QString::number(port_)});
    const auto result = run_child(ZS_ZOONODE_PATH, {config}, ChildOptions{});
    QCOMPARE(result.exit_code, kExitConfig);
    QVERIFY2(result.output.contains("version-2"), result.output.constData());
    QVERIFY(!QFile::exists(dir_->filePath("zoonode.db")));
}

void TestZoonodeCli::diskFullRefusesWritesAndLosesNothing() {
    // RLIMIT_FSIZE stands in for a full disk (the tests may run as root, which ignores file
    // permissions): no file of zoonode's may grow past kFileLimit, and with SIGXFSZ ignored a
    // write past it fails with EFBIG instead of killing the process. The limit leaves room for
    // the empty database and a dozen writes, past SQLite's first WAL checkpoint.
    constexpr rlim_t kFileLimit = rlim_t(6) << 20;
    constexpr int kDataBytes = 500 * 1024; // within jute.maxbuffer (1 MB)
    constexpr int kMaxWrites = 60;         // ~20 of them fill kFileLimit
    constexpr int32_t kNotReadOnly = -119;
    constexpr int32_t kNoNode = -101;
    const auto limit_file_size = [] {
        const rlimit limit{kFileLimit, kFileLimit};
        ::setrlimit(RLIMIT_FSIZE, &limit);
        ::signal(SIGXFSZ, SIG_IGN);
    };
    const QString database = dir_->filePath("zoonode.db");
    const QString config =
        write_config({"dataDir=" + dir_->path(), "clientPort=" + QString::number(port_),
                      "clientPortAddress=127.0.0.1"});
    struct Acked {
        QByteArray sha;
        int32_t version = 0;
    };
    QMap<QByteArray, Acked> acked;
    const auto payload = [](int i) {
        QByteArray data(kDataBytes, char('a' + i % 26));
        data.replace(0, 8, QByteArray::number(i).rightJustified(8, '0'));
        return data;
    };
    const auto sha = [](const QByteArray& data) {
        return QCryptographicHash::hash(data, QCryptographicHash::Sha256);
    };

    QByteArray refused_create; // the path of a create answered with an error, if one was
    QByteArray first_node;
    int64_t session_id = 0;
    QByteArray session_password;
    {
        QProcess zoonode;
        QVERIFY(start(zoonode, config, {}, limit_file_size));
        QByteArray output = startup_output_;
        const auto wait_for_output = [&](const QByteArray& needle) {
            QDeadlineTimer deadline(kWaitMs);
            while (!output.contains(needle) && !deadline.hasExpired() &&
                   zoonode.state() == QProcess::Running) {
                zoonode.waitForReadyRead(100);
                output += zoonode.readAll();
            }
            output += zoonode.readAll();
            return output.contains(needle);
        };

        RawClient client;
        QVERIFY(client.connect_to("127.0.0.1", port_));
        QVERIFY(client.handshake(30000));
        session_id = client.session_id();
        session_password = client.password();

        // Two creates, then a setData on the node created last: the database keeps growing.
        std::optional<RawClient::Reply> refusal;
        QByteArray last_created;
        for (int i = 0; i < kMaxWrites && !refusal; ++i) {
            const QByteArray data = payload(i);
            const bool set = i % 3 == 2;
            const QByteArray path = set ? last_created : "/big" + QByteArray::number(i);
            const auto reply = set ? client.call(5, set_data_body(path, data), kWaitMs)
                                   : client.call(1, create_body(path, data), kWaitMs);
            QVERIFY2(reply, qPrintable(client.last_error()));
            if (reply->err != 0) {
                refusal = reply;
                if (!set) {
                    refused_create = path;
                }
                break;
            }
            const int32_t version = set ? stat_version(reply->body) : 0;
            QVERIFY(version >= 0);
            acked[path] = Acked{sha(data), version};
            if (!set) {
                last_created = path;
            }
        }
        QVERIFY2(refusal, "the file size limit never made a write fail");
        QCOMPARE(refusal->err, kNotReadOnly);
        QVERIFY2(acked.size() >= 2, "the limit leaves too little room for the test to mean much");
        first_node = acked.firstKey();

        // One critical line says what failed, in which file, and what happens now.
        QVERIFY2(wait_for_output("cannot append to the transaction log"), output.constData());
        const qsizetype from = output.indexOf("cannot append to the transaction log");
        const QByteArray line = output.mid(from, output.indexOf('\n', from) - from);
        QVERIFY2(line.contains(database.toUtf8()), line.constData());
        // SQLite reports EFBIG as SQLITE_IOERR_WRITE; a real ENOSPC is "database or disk is full".
        QVERIFY2(line.contains("disk I/O error"), line.constData());
        QVERIFY2(line.contains("NOTREADONLY"), line.constData());
        QVERIFY2(output.contains("[critical]"), output.constData());

        // Later writes are refused the same way, and change nothing.
        const auto again = client.call(5, set_data_body(first_node, "overwritten"));
        QVERIFY2(again, qPrintable(client.last_error()));
        QCOMPARE(again->err, kNotReadOnly);

        // Reads go on being served from what was acknowledged.
        for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
            const auto read = client.call(4, path_watch_body(it.key(), false));
            QVERIFY2(read, qPrintable(client.last_error()));
            QCOMPARE(read->err, 0);
            const auto node = parse_get_data(read->body);
            QVERIFY(node);
            QCOMPARE(sha(node->data), it->sha);
            QCOMPARE(node->version, it->version);
        }
        if (!refused_create.isEmpty()) {
            const auto read = client.call(3, path_watch_body(refused_create, false));
            QVERIFY(read);
            QCOMPARE(read->err, kNoNode);
        }

        // A new session needs a createSession txn, which cannot be logged: it is refused.
        RawClient fresh;
        QVERIFY(fresh.connect_to("127.0.0.1", port_));
        QVERIFY(!fresh.handshake(30000));
        QVERIFY2(wait_for_output("refusing a session for 127.0.0.1"), output.constData());
        // An existing session moves to a new connection (no txn needed) and reads there.
        RawClient resumed;
        QVERIFY(resumed.connect_to("127.0.0.1", port_));
        QVERIFY2(resumed.handshake(30000, session_id, session_password),
                 qPrintable(resumed.last_error()));
        QCOMPARE(resumed.session_id(), session_id);
        const auto read = resumed.call(4, path_watch_body(first_node, false));
        QVERIFY2(read, qPrintable(resumed.last_error()));
        QCOMPARE(read->err, 0);

        ::kill(static_cast<pid_t>(zoonode.processId()), SIGTERM);
        QVERIFY(zoonode.waitForFinished(kWaitMs));
        output += zoonode.readAll();
        QVERIFY2(zoonode.exitStatus() == QProcess::NormalExit, output.constData());
        QVERIFY2(zoonode.exitCode() == 0, output.constData());
    }

    // Without the limit, on the same data directory: every acknowledged write is there.
    QProcess restarted;
    QVERIFY(start(restarted, config));
    RawClient client;
    QVERIFY(client.connect_to("127.0.0.1", port_));
    QVERIFY(client.handshake(30000));
    for (auto it = acked.cbegin(); it != acked.cend(); ++it) {
        const auto read = client.call(4, path_watch_body(it.key(), false));
        QVERIFY2(read, qPrintable(client.last_error()));
        QVERIFY2(read->err == 0, it.key().constData());
        const auto node = parse_get_data(read->body);
        QVERIFY(node);
        QVERIFY2(sha(node->data) == it->sha, it.key().constData());
        QCOMPARE(node->version, it->version);
    }
    if (!refused_create.isEmpty()) {
        const auto read = client.call(3, path_watch_body(refused_create, false));
        QVERIFY(read);
        QCOMPARE(read->err, kNoNode);
    }
    // And writes work again.
    const auto created = client.call(1, create_body("/after", payload(99)));
    QVERIFY(created);
    QCOMPARE(created->err, 0);
    const auto set = client.call(5, set_data_body(first_node, "small"));
    QVERIFY(set);
    QCOMPARE(set->err, 0);
    QCOMPARE(stat_version(set->body), acked[first_node].version + 1);
    ::kill(static_cast<pid_t>(restarted.processId()), SIGTERM);
    QVERIFY(restarted.waitForFinished(kWaitMs));
    QCOMPARE(restarted.exitStatus(), QProcess::NormalExit);
    QCOMPARE(restarted.exitCode(), 0);

    QCOMPARE(integrity_check(database), QString("ok"));
}

QTEST_GUILESS_MAIN(TestZoonodeCli)
#include "tst_zoonode_cli.moc"
