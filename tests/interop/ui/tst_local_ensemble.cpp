// The local ensemble the desktop app launches: three zoonode members from configs it writes,
// serving a client, keeping their data across a restart, stopping with no process left behind.
#include "client_harness.h"
#include "ensemble/local_ensemble.h"
#include "server_process.h"

#include <QTemporaryDir>

using namespace zs::testing;
using zs::ensemble::LocalEnsemble;
using zs::ensemble::LocalEnsembleOptions;

namespace {

constexpr std::chrono::milliseconds kElection{30000};

} // namespace

class TestLocalEnsemble : public QObject {
    Q_OBJECT

  private slots:
    void servesKeepsItsDataAndStops();
    void refusesAMissingExecutable();

  private:
    LocalEnsembleOptions options_in(const QTemporaryDir& dir) const {
        LocalEnsembleOptions options;
        options.zoonode = ZS_ZOONODE_PATH;
        options.dir = dir.path().toStdString();
        options.tick_time_ms = 500;
        return options;
    }
};

void TestLocalEnsemble::servesKeepsItsDataAndStops() {
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    for (int run = 1; run <= 2; ++run) {
        QStringList ports;
        {
            auto started = LocalEnsemble::start(options_in(dir));
            QVERIFY2(std::holds_alternative<std::unique_ptr<LocalEnsemble>>(started),
                     std::get_if<std::string>(&started) ? std::get<std::string>(started).c_str()
                                                        : "");
            auto& ensemble = *std::get<std::unique_ptr<LocalEnsemble>>(started);
            QCOMPARE(ensemble.size(), 3);
            Loop loop;
            States states;
            ClientOptions options;
            options.connect_string = ensemble.connect_string();
            options.on_state = states.listener();
            auto client = open_client(loop, options);
            QVERIFY(client);
            QVERIFY(states.wait_for(SessionState::connected, kElection));
            Sync zk(*client);
            if (run == 1) {
                QCOMPARE(std::get<0>(zk.create("/local", "kept")), ErrorCode::ok);
            } else {
                QCOMPARE(zk.data_text("/local"), QStringLiteral("kept")); // the data stayed
            }
            QCOMPARE(zk.close(), ErrorCode::ok);
            int leaders = 0;
            for (const QString& address :
                 QString::fromStdString(ensemble.connect_string()).split(',')) {
                ports << address.section(':', 1);
                leaders += send_four_letter("127.0.0.1", ports.back().toUShort(), "srvr")
                               .contains("Mode: leader");
            }
            QCOMPARE(leaders, 1);
            for (int i = 0; i < ensemble.size(); ++i) {
                QVERIFY(!ensemble.problem(i));
            }
        } // stopped here
        for (const QString& port : ports) {
            QVERIFY(send_four_letter("127.0.0.1", port.toUShort(), "ruok").isEmpty());
        }
    }
}

void TestLocalEnsemble::refusesAMissingExecutable() {
    QTemporaryDir dir;
    LocalEnsembleOptions options = options_in(dir);
    options.zoonode = dir.filePath(QStringLiteral("no-such-zoonode")).toStdString();
    auto started = LocalEnsemble::start(options);
    QVERIFY(std::holds_alternative<std::string>(started));
    QVERIFY(std::get<std::string>(started).find("no zoonode executable") != std::string::npos);
}

QTEST_GUILESS_MAIN(TestLocalEnsemble)
#include "tst_local_ensemble.moc"
