// zs::client::Client against a 3-member Apache ZooKeeper ensemble: a session outlives the server
// it was on, read-only mode when the quorum is lost, and the move to a read-write server found
// by asking the others ("isro"), as the Java client does. zoonode joins once it replicates.
#include "client_harness.h"
#include "zookeeper_ensemble.h"

#include <QObject>
#include <QProcess>
#include <memory>

using namespace zs::testing;
using zs::proto::AddWatchMode;
using zs::proto::CreateMode;

namespace {

// tickTime 500 lets sessions of up to 10 s; elections take a few ticks.
constexpr int kTickMs = 500;
constexpr std::chrono::milliseconds kSessionTimeout{10000};
constexpr std::chrono::milliseconds kRecovery{30000};

ServerOptions member_options() {
    ServerOptions options;
    options.tick_time_ms = kTickMs;
    options.jvm_flags = {QStringLiteral("-Dreadonlymode.enabled=true")};
    // Read-only mode needs local sessions (ZooKeeper's admin guide); a session becomes global,
    // and can move between servers, when it creates an ephemeral node.
    options.extra_config_lines = {QStringLiteral("localSessionsEnabled=true"),
                                  QStringLiteral("localSessionsUpgradingEnabled=true")};
    return options;
}

ClientOptions client_options(const QString& connect_string, States& states) {
    ClientOptions options;
    options.connect_string = connect_string.toStdString();
    options.session_timeout = kSessionTimeout;
    options.on_state = states.listener();
    return options;
}

// zooctl's exit code and standard output.
std::pair<int, QByteArray> zooctl(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(ZS_ZOOCTL_PATH), arguments);
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {-1, {}};
    }
    return {process.exitCode(), process.readAllStandardOutput()};
}

} // namespace

class TestFailover : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void sessionMovesWhenItsServerStops();
    void readOnlyWhileTheQuorumIsLost();
    void readOnlyClientFindsReadWriteServer();

  private:
    std::unique_ptr<ZooKeeperEnsemble> ensemble_;
    Loop loop_;
};

void TestFailover::initTestCase() {
    ensemble_ = std::make_unique<ZooKeeperEnsemble>(ServerKind::zookeeper, 3, member_options());
    QVERIFY(ensemble_->start());
}

// Stop the server the client is on: the client reconnects elsewhere within the session timeout,
// and the session keeps its id, its ephemeral node and its watches (re-registered with
// setWatches2, so a change made while it was away fires too).
void TestFailover::sessionMovesWhenItsServerStops() {
    States states;
    auto client = open_client(loop_, client_options(ensemble_->connect_string(), states));
    QVERIFY(client);
    QVERIFY(states.wait_for(SessionState::connected, kRecovery));
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/failover", "")), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.create("/failover/mine", "", CreateMode::ephemeral)), ErrorCode::ok);
    Events data;
    QCOMPARE(std::get<0>(zk.get_data("/failover", data.watcher())), ErrorCode::ok);
    Events tree;
    QCOMPARE(zk.add_watch("/failover", AddWatchMode::persistent_recursive, tree.watcher()),
             ErrorCode::ok);
    const int64_t session = client->session_id();
    const QString before = QString::fromStdString(client->server());
    const int lost = ensemble_->member_at(before);
    QVERIFY2(lost >= 0, qPrintable(before));

    ensemble_->member(lost).stop();
    QVERIFY(states.wait_for(SessionState::suspended));
    QVERIFY2(states.wait_for(SessionState::connected, kRecovery), qPrintable(states.history()));
    QCOMPARE(client->session_id(), session);
    QVERIFY(QString::fromStdString(client->server()) != before);

    States other_states;
    auto other = open_client(loop_, client_options(ensemble_->connect_string(), other_states));
    QVERIFY(other);
    Sync them(*other);
    const auto [err, stat] = them.exists("/failover/mine");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(stat.ephemeral_owner, session);
    QCOMPARE(std::get<0>(them.set_data("/failover", "changed")), ErrorCode::ok);
    QCOMPARE(data.next_text(), event_text(EventType::node_data_changed, "/failover"));
    QCOMPARE(tree.next_text(), event_text(EventType::node_data_changed, "/failover"));
    QCOMPARE(std::get<0>(them.create("/failover/theirs", "")), ErrorCode::ok);
    QCOMPARE(tree.next_text(), event_text(EventType::node_created, "/failover/theirs"));

    QVERIFY(ensemble_->member(lost).start());
    QCOMPARE(zk.close(), ErrorCode::ok);
    QCOMPARE(them.remove("/failover/theirs"), ErrorCode::ok);
    QCOMPARE(them.remove("/failover"), ErrorCode::ok);
}

// With two of three members gone, the last one serves reads only. A client that accepts
// read-only servers connects (connected_read_only), reads, and gets NOTREADONLY for writes; one
// that does not accept them gets no connection. Once the quorum is back the first is read-write
// again, in a new session: the read-only server's session was valid there alone.
void TestFailover::readOnlyWhileTheQuorumIsLost() {
    {
        States states;
        auto writer = open_client(loop_, client_options(ensemble_->connect_string(), states));
        QVERIFY(writer);
        Sync zk(*writer);
        QCOMPARE(std::get<0>(zk.create("/ro", "before")), ErrorCode::ok);
        QCOMPARE(zk.close(), ErrorCode::ok);
    }
    ensemble_->member(1).stop();
    ensemble_->member(2).stop();

    States states;
    ClientOptions options = client_options(ensemble_->connect_string(), states);
    options.can_be_read_only = true;
    auto client = open_client(loop_, options);
    QVERIFY(client);
    States refused_states;
    auto refused = open_client(loop_, client_options(ensemble_->connect_string(), refused_states));
    QVERIFY(refused);
    QVERIFY2(states.wait_for(SessionState::connected_read_only, kRecovery),
             qPrintable(states.history()));
    QCOMPARE(client->server(), ensemble_->member(0).connect_string().toStdString());
    const int64_t read_only_session = client->session_id();
    Sync zk(*client);
    QCOMPARE(zk.data_text("/ro"), QStringLiteral("before"));
    QCOMPARE(std::get<0>(zk.set_data("/ro", "during")), ErrorCode::not_read_only);
    QCOMPARE(std::get<0>(zk.create("/ro/child", "")), ErrorCode::not_read_only);
    QCOMPARE(refused->state(), SessionState::connecting);
    // The command line: -r reads from the read-only server; without it there is no connection.
    const QString member = ensemble_->member(0).connect_string();
    QCOMPARE(zooctl({"-r", "-s", member, "get", "/ro"}), std::make_pair(0, QByteArray("before")));
    QCOMPARE(zooctl({"-s", member, "--timeout", "2", "get", "/ro"}).first, 2);

    QVERIFY(ensemble_->start({1, 2}));
    QVERIFY2(states.wait_for(SessionState::connected, kRecovery), qPrintable(states.history()));
    QVERIFY(client->session_id() != read_only_session);
    QCOMPARE(std::get<0>(zk.set_data("/ro", "after")), ErrorCode::ok);
    QVERIFY(refused_states.wait_for(SessionState::connected, kRecovery));
    QCOMPARE(zk.remove("/ro"), ErrorCode::ok);
    QCOMPARE(zk.close(), ErrorCode::ok);
}

// A client whose only reachable server is read-only keeps asking the others; when a read-write
// one appears it moves there, with a new session, as a read-only server's session is valid only
// on that server.
void TestFailover::readOnlyClientFindsReadWriteServer() {
    // One member of a 3-member ensemble whose peers never start: read-only for good.
    ZooKeeperEnsemble lonely(ServerKind::zookeeper, 3, member_options());
    QVERIFY(lonely.start({0}));
    ServerOptions standalone_options;
    standalone_options.tick_time_ms = kTickMs;
    ServerProcess standalone(ServerKind::zookeeper, standalone_options);
    QVERIFY(standalone.start()); // fixes its port
    standalone.stop();

    States states;
    ClientOptions options = client_options(
        lonely.member(0).connect_string() + "," + standalone.connect_string(), states);
    options.can_be_read_only = true;
    auto client = open_client(loop_, options);
    QVERIFY(client);
    QVERIFY2(states.wait_for(SessionState::connected_read_only, kRecovery),
             qPrintable(states.history()));
    const int64_t read_only_session = client->session_id();
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.exists("/")), ErrorCode::ok);

    QVERIFY(standalone.start());
    QVERIFY2(states.wait_for(SessionState::connected, kRecovery), qPrintable(states.history()));
    QCOMPARE(client->server(), standalone.connect_string().toStdString());
    QVERIFY(client->session_id() != read_only_session);
    QCOMPARE(std::get<0>(zk.create("/found", "")), ErrorCode::ok);
    QCOMPARE(zk.close(), ErrorCode::ok);
}

QTEST_GUILESS_MAIN(TestFailover)
#include "tst_failover.moc"
