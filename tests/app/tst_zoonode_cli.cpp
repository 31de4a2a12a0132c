// zoonode as its users start it: a zoo.cfg on the command line, settings from SERVER_JVMFLAGS,
// clear refusals of bad configurations, and a clean exit on SIGTERM.

#include "child_process.h"
#include "jute.h"
#include "raw_client.h"
#include "requests.h"
#include "server_process.h"

#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using zs::testing::ChildOptions;
using zs::testing::create_body;
using zs::testing::JuteWriter;
using zs::testing::path_watch_body;
using zs::testing::RawClient;
using zs::testing::run_child;

namespace {

constexpr int kWaitMs = 10000;
constexpr int kExitConfig = 2;

quint16 free_port() {
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
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

  private:
    QString write_config(const QStringList& lines);
    // Starts zoonode and waits for its "serving clients" line; the process is left running and
    // what it printed so far is in startup_output_.
    bool start(QProcess& process, const QString& config, const QProcessEnvironment& env = {});

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

bool TestZoonodeCli::start(QProcess& process, const QString& config,
                           const QProcessEnvironment& env) {
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    for (const QString& key : env.keys()) {
        environment.insert(key, env.value(key));
    }
    process.setProcessEnvironment(environment);
    process.setProcessChannelMode(QProcess::MergedChannels);
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
    QTest::newRow("ensemble") << QStringList{data,
                                             "clientPort=%PORT%",
                                             "initLimit=5",
                                             "syncLimit=2",
                                             "server.1=127.0.0.1:2888:3888",
                                             "server.2=127.0.0.1:2889:3889"}
                              << "describe an ensemble";
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
        zoonode.terminate();
        QVERIFY(zoonode.waitForFinished(kWaitMs));
        const QByteArray output = startup_output_ + zoonode.readAll();
        QVERIFY2(output.contains("snapshot at zxid"), output.constData());
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

QTEST_GUILESS_MAIN(TestZoonodeCli)
#include "tst_zoonode_cli.moc"
