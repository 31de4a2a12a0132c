// zooscope's start-up without arguments, end to end (offscreen): it starts a local ensemble of
// three zoonode members that elect a leader and serve; SIGTERM closes the app and stops every
// member; the next start finds the data of the last one; SIGKILL of the app takes its members
// with it.
#include "client_harness.h"
#include "server_process.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <csignal>

using namespace zs::testing;

namespace {

constexpr int kWaitMs = 30000;

} // namespace

class TestZooscopeCli : public QObject {
    Q_OBJECT

  private slots:
    void startsAndStopsALocalEnsemble();
    void membersEndWhenTheAppIsKilled();
    void printsItsUsage();

  private:
    QProcessEnvironment environment(const QTemporaryDir& home) const;
    // The client ports of the local ensemble's members, from the configs zooscope wrote.
    QList<quint16> member_ports(const QTemporaryDir& home) const;
};

QProcessEnvironment TestZooscopeCli::environment(const QTemporaryDir& home) const {
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home.path());
    env.insert(QStringLiteral("ZOOSCOPE_ZOONODE"), QStringLiteral(ZS_ZOONODE_PATH));
    return env;
}

QList<quint16> TestZooscopeCli::member_ports(const QTemporaryDir& home) const {
    QList<quint16> ports;
    const QRegularExpression client_port(QStringLiteral("^clientPort=(\\d+)$"),
                                         QRegularExpression::MultilineOption);
    for (int member = 1; member <= 3; ++member) {
        QFile config(home.filePath(
            QStringLiteral("ZooScope/ZooScope/local-ensemble/member-%1/zoo.cfg").arg(member)));
        if (config.open(QIODevice::ReadOnly)) {
            const auto match = client_port.match(QString::fromUtf8(config.readAll()));
            if (match.hasMatch()) {
                ports << match.captured(1).toUShort();
            }
        }
    }
    return ports;
}

void TestZooscopeCli::startsAndStopsALocalEnsemble() {
    QTemporaryDir home;
    QVERIFY(home.isValid());
    QList<quint16>
        previous; // the last run's ports: its configs stay until the next run rewrites them
    for (int run = 1; run <= 2; ++run) {
        QProcess app;
        app.setProcessEnvironment(environment(home));
        app.setProcessChannelMode(QProcess::MergedChannels);
        app.start(QStringLiteral(ZS_ZOOSCOPE_PATH), {});
        QVERIFY(app.waitForStarted());
        QList<quint16> ports;
        QTRY_VERIFY_WITH_TIMEOUT((ports = member_ports(home)).size() == 3 && ports != previous,
                                 kWaitMs);
        previous = ports;
        // "leader" and "follower" counted over the members' srvr answers.
        auto modes = [&ports] {
            int leaders = 0;
            int followers = 0;
            for (quint16 port : ports) {
                const QByteArray srvr = send_four_letter(QStringLiteral("127.0.0.1"), port, "srvr");
                leaders += srvr.contains("Mode: leader") ? 1 : 0;
                followers += srvr.contains("Mode: follower") ? 1 : 0;
            }
            return QStringLiteral("%1 leader, %2 followers").arg(leaders).arg(followers);
        };
        QTRY_COMPARE_WITH_TIMEOUT(modes(), QStringLiteral("1 leader, 2 followers"), kWaitMs);
        {
            // A node written in the first run is there in the second.
            Loop loop;
            States states;
            ClientOptions options;
            options.connect_string = QStringLiteral("127.0.0.1:%1").arg(ports[0]).toStdString();
            options.on_state = states.listener();
            auto client = open_client(loop, options);
            QVERIFY(client);
            QVERIFY(states.wait_for(SessionState::connected));
            Sync zk(*client);
            if (run == 1) {
                QCOMPARE(std::get<0>(zk.create("/kept", "from the first run")), ErrorCode::ok);
            } else {
                QCOMPARE(zk.data_text("/kept"), QStringLiteral("from the first run"));
            }
            QCOMPARE(zk.close(), ErrorCode::ok);
        }
        ::kill(pid_t(app.processId()), SIGTERM);
        QVERIFY(app.waitForFinished(kWaitMs));
        QCOMPARE(app.exitStatus(), QProcess::NormalExit);
        QCOMPARE(app.exitCode(), 0);
        for (quint16 port : ports) {
            QVERIFY2(send_four_letter(QStringLiteral("127.0.0.1"), port, "ruok").isEmpty(),
                     "a member outlived the app");
        }
    }
}

void TestZooscopeCli::membersEndWhenTheAppIsKilled() {
    QTemporaryDir home;
    QProcess app;
    app.setProcessEnvironment(environment(home));
    app.start(QStringLiteral(ZS_ZOOSCOPE_PATH), {});
    QVERIFY(app.waitForStarted());
    QList<quint16> ports;
    QTRY_VERIFY_WITH_TIMEOUT((ports = member_ports(home)).size() == 3, kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(
        !send_four_letter(QStringLiteral("127.0.0.1"), ports[0], "ruok").isEmpty(), kWaitMs);
    app.kill();
    QVERIFY(app.waitForFinished(kWaitMs));
    for (quint16 port : ports) {
        QTRY_VERIFY_WITH_TIMEOUT(
            send_four_letter(QStringLiteral("127.0.0.1"), port, "ruok").isEmpty(), kWaitMs);
    }
}

void TestZooscopeCli::printsItsUsage() {
    QTemporaryDir home;
    QProcess app;
    app.setProcessEnvironment(environment(home));
    app.start(QStringLiteral(ZS_ZOOSCOPE_PATH), {QStringLiteral("--help")});
    QVERIFY(app.waitForFinished(kWaitMs));
    QCOMPARE(app.exitCode(), 0);
    QVERIFY(app.readAllStandardOutput().contains("--connect"));
}

QTEST_GUILESS_MAIN(TestZooscopeCli)
#include "tst_zooscope_cli.moc"
