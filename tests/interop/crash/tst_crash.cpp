// Durability under kill -9: several clients write as fast as the server answers, the server is
// killed at a random moment and restarted, and every write that was acknowledged must be there —
// in order, with the right versions — and sequential numbering must continue, never reuse.

#include "jute.h"
#include "raw_client.h"
#include "requests.h"
#include "server_process.h"

#include <QRandomGenerator>
#include <QTest>
#include <atomic>
#include <memory>
#include <thread>
#include <vector>

using zs::testing::create_body;
using zs::testing::JuteReader;
using zs::testing::JuteWriter;
using zs::testing::RawClient;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;

namespace {

constexpr int kWriters = 4;
constexpr int kRounds = 5;
constexpr int kSessionTimeoutMs = 6000;
constexpr int32_t kCreate = 1, kGetData = 4, kSetData = 5, kGetChildren = 8;
constexpr int32_t kSequential = 2;

// The Stat's version field, which follows czxid, mzxid, ctime and mtime.
int32_t stat_version(JuteReader& reader) {
    for (int i = 0; i < 4; ++i) {
        reader.int64();
    }
    const int32_t version = reader.int32();
    reader.int32();
    reader.int32();
    reader.int64();
    reader.int32();
    reader.int32();
    reader.int64();
    return version;
}

// What one writer saw acknowledged before the server died.
struct Acked {
    int32_t version = -1;                // newest acknowledged data version of its node
    std::vector<QByteArray> sequentials; // acknowledged sequential children, in creation order
};

// Writes until the connection breaks: setData with the version it expects next, then a
// sequential create, recording each acknowledgement.
void write_until_killed(quint16 port, const QByteArray& node, int32_t start_version, Acked* acked) {
    RawClient client;
    if (!client.connect_to("127.0.0.1", port) || !client.handshake(kSessionTimeoutMs)) {
        return;
    }
    int32_t version = start_version;
    for (;;) {
        const QByteArray data = QByteArray::number(version + 1);
        const auto set =
            client.call(kSetData, JuteWriter().buffer(node).buffer(data).int32(version).bytes());
        if (!set || set->err != 0) {
            return;
        }
        JuteReader stat(set->body);
        version = stat_version(stat);
        acked->version = version;
        const auto created = client.call(kCreate, create_body(node + "/s-", data, kSequential));
        if (!created || created->err != 0) {
            return;
        }
        acked->sequentials.push_back(JuteReader(created->body).buffer().value_or(""));
    }
}

} // namespace

class TestCrash : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void acknowledgedWritesSurviveKill9();

  private:
    std::unique_ptr<ServerProcess> server_;
};

void TestCrash::initTestCase() {
    // A small snapCount: kills also land while a snapshot is being written, and restarts
    // recover from a snapshot plus the log after it.
    zs::testing::ServerOptions options;
    options.extra_config_lines = {QStringLiteral("snapCount=1000")};
    server_ = std::make_unique<ServerProcess>(server_kind_from_env(), options);
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    QVERIFY(server_->start());
}

void TestCrash::acknowledgedWritesSurviveKill9() {
    std::vector<QByteArray> nodes;
    std::vector<int32_t> versions(kWriters, 0);
    std::vector<QByteArray> last_sequential(kWriters);
    {
        RawClient setup;
        QVERIFY(setup.connect_to(server_->host(), server_->port()));
        QVERIFY(setup.handshake(kSessionTimeoutMs));
        QCOMPARE(setup.call(kCreate, create_body("/crash", "", 0))->err, 0);
        for (int w = 0; w < kWriters; ++w) {
            nodes.push_back("/crash/w" + QByteArray::number(w));
            QCOMPARE(setup.call(kCreate, create_body(nodes.back(), "0", 0))->err, 0);
        }
    }

    for (int round = 1; round <= kRounds; ++round) {
        std::vector<Acked> acked(kWriters);
        std::vector<std::thread> writers;
        for (int w = 0; w < kWriters; ++w) {
            writers.emplace_back(write_until_killed, server_->port(), nodes[size_t(w)],
                                 versions[size_t(w)], &acked[size_t(w)]);
        }
        QTest::qWait(300 + int(QRandomGenerator::global()->bounded(700)));
        server_->kill9();
        for (auto& writer : writers) {
            writer.join();
        }
        QVERIFY(server_->start());

        RawClient check;
        QVERIFY(check.connect_to(server_->host(), server_->port()));
        QVERIFY(check.handshake(kSessionTimeoutMs));
        int acknowledged = 0;
        for (int w = 0; w < kWriters; ++w) {
            const Acked& seen = acked[size_t(w)];
            const QByteArray& node = nodes[size_t(w)];
            const auto data =
                check.call(kGetData, JuteWriter().buffer(node).boolean(false).bytes());
            QVERIFY(data && data->err == 0);
            JuteReader reader(data->body);
            const QByteArray value = reader.buffer().value_or("");
            const int32_t version = stat_version(reader);
            // Every acknowledged setData is there; at most the one in flight landed beyond it.
            const int32_t floor = std::max(seen.version, versions[size_t(w)]);
            QVERIFY2(version == floor || version == floor + 1,
                     qPrintable(QString("round %1, %2: version %3, acknowledged %4")
                                    .arg(round)
                                    .arg(QString::fromUtf8(node))
                                    .arg(version)
                                    .arg(floor)));
            QCOMPARE(value, QByteArray::number(version)); // the data that version was written with
            versions[size_t(w)] = version;

            const auto children =
                check.call(kGetChildren, JuteWriter().buffer(node).boolean(false).bytes());
            QVERIFY(children && children->err == 0);
            JuteReader list(children->body);
            QSet<QByteArray> present;
            for (int32_t i = list.int32(); i > 0; --i) {
                present.insert(node + "/" + list.buffer().value_or(""));
            }
            for (const QByteArray& path : seen.sequentials) {
                QVERIFY2(present.contains(path), path.constData());
            }
            acknowledged += int(seen.sequentials.size());
            // Numbering continues after everything that exists: a new name is larger than all.
            const auto next = check.call(kCreate, create_body(node + "/s-", "", kSequential));
            QVERIFY(next && next->err == 0);
            const QByteArray name = JuteReader(next->body).buffer().value_or("");
            for (const QByteArray& path : std::as_const(present)) {
                QVERIFY2(path < name, qPrintable(QString::fromUtf8(path + " >= " + name)));
            }
        }
        qInfo("round %d: %d acknowledged sequential creates checked", round, acknowledged);
        QVERIFY(acknowledged > 0);
    }
}

QTEST_GUILESS_MAIN(TestCrash)
#include "tst_crash.moc"
