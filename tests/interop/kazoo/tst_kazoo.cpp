// Runs the kazoo scenarios (Python unittest modules next to this file) against one server, or
// an ensemble (ZS_ENSEMBLE: each scenario on one member, followers and leader in turn).

#include "child_process.h"
#include "zookeeper_ensemble.h"

#include <QDir>
#include <QTest>
#include <memory>

using zs::testing::ChildOptions;
using zs::testing::run_child;
using zs::testing::server_kind_from_env;
using zs::testing::ServerOptions;
using zs::testing::TestServers;

namespace {

// The digest of "super:letmein" (zscommon.SUPER_CREDENTIAL): lets the scenarios clean up nodes
// whose ACLs lock everyone else out, and test the super user.
const QString kSuperDigestLine =
    QStringLiteral("DigestAuthenticationProvider.superDigest=super:5ZIErkhbrC1ytr/v6D+dXQw7elQ=");
constexpr int kScenarioTimeoutMs = 90000;

} // namespace

class TestKazoo : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void scenario_data();
    void scenario();
    void cleanupTestCase();

  private:
    std::unique_ptr<TestServers> servers_;
    int scenarios_run_ = 0; // in an ensemble, each scenario on the next member
};

void TestKazoo::initTestCase() {
    ServerOptions options;
    options.extra_config_lines = {kSuperDigestLine};
    servers_ = std::make_unique<TestServers>(server_kind_from_env(), options);
    qInfo("server: %s", qPrintable(servers_->description()));
    servers_->start(); // on failure it records the QtTest failure, with the server's log
}

void TestKazoo::scenario_data() {
    QTest::addColumn<QString>("script");
    for (const char* name :
         {"test_crud", "test_stat", "test_sequential", "test_ephemeral", "test_watches",
          "test_multi", "test_acl", "test_recipes", "test_admin"}) {
        QTest::newRow(name) << QString::fromLatin1(name) + QStringLiteral(".py");
    }
}

void TestKazoo::scenario() {
    QFETCH(QString, script);
    ChildOptions options;
    options.timeout_ms = kScenarioTimeoutMs;
    // Keep the source tree free of __pycache__ and the output free of kazoo's deprecation noise.
    options.extra_env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    options.extra_env.insert(QStringLiteral("PYTHONWARNINGS"),
                             QStringLiteral("ignore::DeprecationWarning"));
    options.working_dir = QStringLiteral(ZS_KAZOO_SCRIPT_DIR);
    const auto result = run_child(QStringLiteral(ZS_PYTHON_PATH),
                                  {QDir(QStringLiteral(ZS_KAZOO_SCRIPT_DIR)).filePath(script),
                                   servers_->connect_string(scenarios_run_++)},
                                  options);
    // QFAIL, not QVERIFY2: QVERIFY2 cuts its message at about a kilobyte.
    if (!result.ok()) {
        QFAIL(qPrintable(result.describe()));
    }
    QVERIFY2(servers_->all_running(), "a server died during the scenario");
}

void TestKazoo::cleanupTestCase() {
    servers_.reset();
}

QTEST_GUILESS_MAIN(TestKazoo)
#include "tst_kazoo.moc"
