// The four-letter words, checked for the exact layout monitoring scripts parse, against one
// server. The same expectations hold for Apache ZooKeeper 3.8 and for zoonode.

#include "jute.h"
#include "raw_client.h"
#include "requests.h"
#include "server_process.h"

#include <QRegularExpression>
#include <QTest>
#include <algorithm>
#include <memory>

using zs::testing::create_body;
using zs::testing::path_watch_body;
using zs::testing::RawClient;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;

namespace {

constexpr int kSessionTimeoutMs = 4000;

QStringList lines_of(const QByteArray& text) {
    return QString::fromUtf8(text).split('\n');
}

// Every line of `text` must match the pattern at the same position (whole-line matches).
void expect_lines(const QByteArray& text, const QStringList& patterns) {
    const QStringList lines = lines_of(text);
    QCOMPARE(lines.size(), patterns.size());
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QRegularExpression pattern(QRegularExpression::anchoredPattern(patterns[i]));
        QVERIFY2(pattern.match(lines[i]).hasMatch(),
                 qPrintable(QString("line %1 '%2' does not match '%3' in:\n%4")
                                .arg(i)
                                .arg(lines[i], patterns[i], QString::fromUtf8(text))));
    }
}

QMap<QString, QString> key_values(const QByteArray& text, QChar separator) {
    QMap<QString, QString> values;
    for (const QString& line : lines_of(text)) {
        const qsizetype at = line.indexOf(separator);
        if (at > 0) {
            values.insert(line.left(at), line.mid(at + 1));
        }
    }
    return values;
}

const QString kVersion =
    R"(Zookeeper version: \d+\.\d+\.\d+-.+, built on \d{4}-\d\d-\d\d \d\d:\d\d UTC)";
const QString kConnection = R"( /127\.0\.0\.1:\d+\[[01]\]\(queued=\d+,recved=\d+,sent=\d+\))";

QStringList server_summary(int connections, const QString& zxid = "0x[0-9a-f]+",
                           const QString& nodes = R"(\d+)") {
    return {R"(Latency min/avg/max: \d+/\d+\.\d+/\d+)",
            R"(Received: \d+)",
            R"(Sent: \d+)",
            QString("Connections: %1").arg(connections),
            "Outstanding: 0",
            "Zxid: " + zxid,
            "Mode: standalone",
            "Node count: " + nodes,
            ""};
}

QString hex(int64_t value) {
    return "0x" + QString::number(quint64(value), 16);
}

} // namespace

class TestFourLetter : public QObject {
    Q_OBJECT

  private slots:
    void init();
    void cleanup();
    void ruokIsroAndResets();
    void srvrOnAFreshServer();
    void statListsClients();
    void consDescribesSessions();
    void watchSummaries();
    void dumpListsSessionsAndEphemerals();
    void confKeys();
    void dirsAndEnvi();
    void mntrGauges();

  private:
    std::unique_ptr<RawClient> session_with_watch_and_ephemeral();

    std::unique_ptr<ServerProcess> server_;
};

void TestFourLetter::init() {
    // A fresh server per test: counters and node counts start from the same state.
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    QVERIFY(server_->start());
}

void TestFourLetter::cleanup() {
    server_.reset();
}

std::unique_ptr<RawClient> TestFourLetter::session_with_watch_and_ephemeral() {
    auto client = std::make_unique<RawClient>();
    if (!client->connect_to(server_->host(), server_->port()) ||
        !client->handshake(kSessionTimeoutMs)) {
        QTest::qFail(qPrintable(client->last_error()), __FILE__, __LINE__);
        return nullptr;
    }
    const auto created = client->call(1, create_body("/flw", "abc", 1)); // ephemeral
    const auto watched = client->call(4, path_watch_body("/flw", true));
    if (!created || created->err != 0 || !watched || watched->err != 0) {
        QTest::qFail("could not create /flw and watch it", __FILE__, __LINE__);
        return nullptr;
    }
    return client;
}

void TestFourLetter::ruokIsroAndResets() {
    QCOMPARE(server_->four_letter("ruok"), QByteArray("imok"));
    QCOMPARE(server_->four_letter("isro"), QByteArray("rw"));
    QCOMPARE(server_->four_letter("srst"), QByteArray("Server stats reset.\n"));
    QCOMPARE(server_->four_letter("crst"), QByteArray("Connection stats reset.\n"));
}

void TestFourLetter::srvrOnAFreshServer() {
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    // Five nodes on a fresh server (ZooKeeper counts the root twice), nothing committed yet.
    expect_lines(server_->four_letter("srvr"),
                 QStringList{kVersion} + server_summary(1, "0x0", "5"));
}

void TestFourLetter::statListsClients() {
    auto client = session_with_watch_and_ephemeral();
    QVERIFY(client);
    const QStringList expected = QStringList{kVersion, "Clients:"} +
                                 QStringList{kConnection, kConnection, ""} +
                                 server_summary(2, "0x[0-9a-f]+", "6");
    const QByteArray stat = server_->four_letter("stat");
    // The two client lines come in no particular order; one is this very request.
    expect_lines(stat, expected);
    // ZooKeeper updates these counters a moment after the reply has left: the last reply may
    // still be queued and not yet counted as sent, and the connection not yet readable again.
    QVERIFY(
        QRegularExpression(R"(\[[01]\]\(queued=[01],recved=3,sent=[23]\))").match(stat).hasMatch());
}

void TestFourLetter::consDescribesSessions() {
    auto client = session_with_watch_and_ephemeral();
    QVERIFY(client);
    const QByteArray cons = server_->four_letter("cons");
    const QString session_line =
        // ZooKeeper counts the last reply a moment after it left (see statListsClients).
        QString(
            R"( /127\.0\.0\.1:\d+\[[01]\]\(queued=[01],recved=3,sent=[23],sid=%1,lop=GETD,est=\d+,)"
            R"(to=%2,lcxid=0x2,lzxid=0x[0-9a-f]+,lresp=\d+,llat=\d+,minlat=\d+,avglat=\d+,)"
            R"(maxlat=\d+\))")
            .arg(hex(client->session_id()))
            .arg(kSessionTimeoutMs);
    const QStringList lines = lines_of(cons);
    QCOMPARE(lines.size(), 4); // two connections, the closing blank line, and the final ""
    QCOMPARE(lines[2], QString());
    const bool first_is_session = lines[0].contains("sid=");
    expect_lines((first_is_session ? lines[0] : lines[1]).toUtf8(), {session_line});
    expect_lines((first_is_session ? lines[1] : lines[0]).toUtf8(),
                 {R"( /127\.0\.0\.1:\d+\[0\]\(queued=0,recved=1,sent=0\))"});
}

void TestFourLetter::watchSummaries() {
    auto client = session_with_watch_and_ephemeral();
    QVERIFY(client);
    const QString sid = hex(client->session_id());
    QCOMPARE(server_->four_letter("wchs"),
             QByteArray("1 connections watching 1 paths\nTotal watches:1\n"));
    QCOMPARE(QString::fromUtf8(server_->four_letter("wchc")), sid + "\n\t/flw\n\n");
    QCOMPARE(QString::fromUtf8(server_->four_letter("wchp")), "/flw\n\t" + sid + "\n\n");
}

void TestFourLetter::dumpListsSessionsAndEphemerals() {
    auto client = session_with_watch_and_ephemeral();
    QVERIFY(client);
    const QString sid = hex(client->session_id());
    const QString date = R"(\w{3} \w{3} \d\d \d\d:\d\d:\d\d \w+ \d{4})";
    const QByteArray dump = server_->four_letter("dump");
    QStringList lines = lines_of(dump);
    // ZooKeeper keeps an expiry bucket its sessions have left until its expirer passes it, so
    // the dump may list an empty one ("0 expire at ...:") before the session's own; and as its
    // expirer runs while the dump is written, the count of sets may include one that was gone
    // by the time the sets were listed.
    const QRegularExpression empty_bucket(
        QRegularExpression::anchoredPattern("0 expire at " + date + ":"));
    const qsizetype before = lines.size();
    lines.erase(
        std::remove_if(lines.begin() + 2, lines.end(),
                       [&](const QString& line) { return empty_bucket.match(line).hasMatch(); }),
        lines.end());
    const qsizetype empty_buckets = before - lines.size();
    QVERIFY2(lines.size() >= 10, dump.constData());
    expect_lines(lines.mid(0, 9).join('\n').toUtf8(),
                 {"SessionTracker dump:", R"(Session Sets \(\d+\)/\(1\):)",
                  "1 expire at " + date + ":", "\t" + sid, "ephemeral nodes dump:",
                  R"(Sessions with Ephemerals \(1\):)", sid + ":", "\t/flw", "Connections dump:"});
    QVERIFY2(dump.contains(("sessionId: " + sid).toUtf8()), dump.constData());
    const qsizetype sets =
        lines[1].section(QLatin1Char('('), 1, 1).section(QLatin1Char(')'), 0, 0).toInt();
    QVERIFY2(sets >= 1 + empty_buckets && sets <= 2 + empty_buckets, dump.constData());
}

void TestFourLetter::confKeys() {
    const auto conf = key_values(server_->four_letter("conf"), '=');
    QCOMPARE(QStringList(conf.keys()),
             (QStringList{"clientPort", "clientPortListenBacklog", "dataDir", "dataDirSize",
                          "dataLogDir", "dataLogSize", "maxClientCnxns", "maxSessionTimeout",
                          "minSessionTimeout", "secureClientPort", "serverId", "tickTime"}));
    QCOMPARE(conf["clientPort"], QString::number(server_->port()));
    QCOMPARE(conf["tickTime"], QString::number(server_->tick_time_ms()));
    QCOMPARE(conf["minSessionTimeout"], QString::number(2 * server_->tick_time_ms()));
    QCOMPARE(conf["maxSessionTimeout"], QString::number(20 * server_->tick_time_ms()));
    QCOMPARE(conf["maxClientCnxns"], QString("60"));
    QCOMPARE(conf["secureClientPort"], QString("-1"));
    QVERIFY(conf["dataDir"].startsWith(server_->data_dir()));
}

void TestFourLetter::dirsAndEnvi() {
    expect_lines(server_->four_letter("dirs"), {R"(datadir_size: \d+)", R"(logdir_size: \d+)", ""});
    const QByteArray envi = server_->four_letter("envi");
    QVERIFY(envi.startsWith("Environment:\n"));
    const auto values = key_values(envi, '=');
    for (const char* key : {"zookeeper.version", "host.name", "os.name", "os.arch", "os.version",
                            "user.name", "user.home", "user.dir"}) {
        QVERIFY2(values.contains(key), key);
    }
    QCOMPARE(values["os.name"], QString("Linux"));
}

void TestFourLetter::mntrGauges() {
    auto client = session_with_watch_and_ephemeral();
    QVERIFY(client);
    const QByteArray mntr = server_->four_letter("mntr");
    const QStringList lines = lines_of(mntr);
    QVERIFY(lines[0].startsWith("zk_version\t"));
    QCOMPARE(lines[1], QString("zk_server_state\tstandalone"));
    const auto values = key_values(mntr, '\t');
    for (auto it = values.begin(); it != values.end(); ++it) {
        QVERIFY2(it.key().startsWith("zk_"), qPrintable(it.key()));
        if (it.key() != "zk_version" && it.key() != "zk_server_state") {
            bool number = false;
            it.value().toDouble(&number);
            QVERIFY2(number, qPrintable(it.key() + " = " + it.value()));
        }
    }
    QCOMPARE(values["zk_znode_count"], QString("6"));
    QCOMPARE(values["zk_ephemerals_count"], QString("1"));
    QCOMPARE(values["zk_watch_count"], QString("1"));
    QCOMPARE(values["zk_global_sessions"], QString("1"));
    QCOMPARE(values["zk_num_alive_connections"], QString("2"));
    QCOMPARE(values["zk_outstanding_requests"], QString("0"));
    // 44 bytes of built-in paths plus "/flw" and its three bytes of data.
    QCOMPARE(values["zk_approximate_data_size"], QString("51"));
    for (const char* key :
         {"zk_avg_latency", "zk_min_latency", "zk_max_latency", "zk_packets_received",
          "zk_packets_sent", "zk_uptime", "zk_open_file_descriptor_count",
          "zk_max_file_descriptor_count", "zk_auth_failed_count", "zk_local_sessions"}) {
        QVERIFY2(values.contains(key), key);
    }
}

QTEST_GUILESS_MAIN(TestFourLetter)
#include "tst_four_letter.moc"
