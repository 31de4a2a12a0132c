// The differential test: one scripted scenario against Apache ZooKeeper (the reference) and
// against the server under test, compared step by step after normalization.

#include "scenario.h"
#include "server_process.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <memory>
#include <zookeeper/zookeeper.h>

using zs::differential::first_difference;
using zs::differential::run_scenario;
using zs::differential::Transcript;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerKind;
using zs::testing::ServerProcess;

namespace {

QString render(const Transcript& transcript) {
    QString text;
    for (const auto& step : transcript.steps()) {
        text += QStringLiteral("## ") + step.name + QLatin1Char('\n');
        for (const QString& line : step.lines) {
            text += line + QLatin1Char('\n');
        }
    }
    return text;
}

// With ZS_TRANSCRIPT_DIR set, both transcripts are written there for a full diff.
void save(const QString& file_name, const Transcript& transcript) {
    const QString dir = qEnvironmentVariable("ZS_TRANSCRIPT_DIR");
    if (dir.isEmpty()) {
        return;
    }
    QDir().mkpath(dir);
    QFile file(QDir(dir).filePath(file_name));
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(render(transcript).toUtf8());
    }
}

} // namespace

class TestDifferential : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void same_behaviour();
    void cleanupTestCase();

  private:
    std::unique_ptr<ServerProcess> reference_;
    std::unique_ptr<ServerProcess> candidate_;
};

void TestDifferential::initTestCase() {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    reference_ = std::make_unique<ServerProcess>(ServerKind::zookeeper);
    candidate_ = std::make_unique<ServerProcess>(server_kind_from_env());
    qInfo("reference: zookeeper, candidate: %s", qPrintable(server_kind_name(candidate_->kind())));
    // start() records a failure, with the server's log, by itself.
    if (reference_->start()) {
        candidate_->start();
    }
}

void TestDifferential::cleanupTestCase() {
    candidate_.reset();
    reference_.reset();
}

void TestDifferential::same_behaviour() {
    Transcript expected;
    Transcript actual;
    QString error;
    QVERIFY2(run_scenario(reference_->host(), reference_->port(), &expected, &error),
             qPrintable(QStringLiteral("reference: ") + error));
    QVERIFY2(run_scenario(candidate_->host(), candidate_->port(), &actual, &error),
             qPrintable(QStringLiteral("candidate: ") + error));
    const QString candidate = server_kind_name(candidate_->kind());
    save(QStringLiteral("reference.txt"), expected);
    save(candidate + QStringLiteral(".txt"), actual);

    // The reference run must itself have done real work, or equality proves nothing.
    QVERIFY(expected.steps().size() > 20);
    const QString reference_text = render(expected);
    QVERIFY(!reference_text.contains(QLatin1String("not connected")));
    QVERIFY(reference_text.contains(QLatin1String("s1 create /diff flags=0 ttl=-1 -> ok(0)")));

    const QString difference =
        first_difference(expected, QStringLiteral("zookeeper (reference)"), actual, candidate);
    if (!difference.isEmpty()) {
        QFAIL(qPrintable(difference)); // QVERIFY2 would cut the message at about a kilobyte
    }
}

QTEST_GUILESS_MAIN(TestDifferential)
#include "tst_differential.moc"
