// An ensemble (3 members, or ZS_ENSEMBLE) from plain zoo.cfg files, run as Apache ZooKeeper and
// then as zoonode with
// the same tests: writes sent to any member reach every member; the leader killed with SIGKILL
// under write load from several clients loses no acknowledged write, a new leader takes over,
// the clients fail over, and once the old leader is back every member holds the same tree; a
// leader cut off from the others (zoonode's fault injection) stops serving while the majority
// goes on, and catches up once healed.
#include "client_harness.h"
#include "jute.h"
#include "load_writer.h"
#include "raw_client.h"
#include "zookeeper_ensemble.h"

#include <QFile>
#include <QObject>
#include <atomic>
#include <map>
#include <memory>
#include <set>
#include <thread>

using namespace zs::testing;

namespace {

constexpr int kTickMs = 500;
constexpr std::chrono::milliseconds kSessionTimeout{10000};
constexpr std::chrono::milliseconds kRecovery{30000};

ClientOptions client_options(const QString& connect_string, States& states) {
    ClientOptions options;
    options.connect_string = connect_string.toStdString();
    options.session_timeout = kSessionTimeout;
    options.on_state = states.listener();
    return options;
}

} // namespace

class TestQuorum : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void configNodeShowsTheMembership();
    void reconfigIsRefusedWhenDisabled();
    void writesToAnyMemberReachEveryMember();
    void sessionMovesBetweenMembers();
    void laggingMemberResumesANewSession();
    void syncOnALaggingMemberSeesEarlierWrites();
    void leaderKilledUnderLoadLosesNoAcknowledgedWrite();
    void partitionedLeaderStopsServingUntilHealed();
    void observerServesAndForwards();

  private:
    // A client on member `index` alone, after a sync: it reads what the leader has committed.
    std::unique_ptr<Client> member_client(int index, States& states);
    // Every znode's path and data under / (but /zookeeper) as member `index` holds them.
    std::map<std::string, std::string> tree_of(int index);
    // Every member holds the same tree as member `reference`; a failure names the differences.
    void verify_same_trees(int reference);

    std::unique_ptr<ZooKeeperEnsemble> ensemble_;
    Loop loop_;
};

void TestQuorum::initTestCase() {
    ServerOptions options;
    options.tick_time_ms = kTickMs;
    // A member cut off for a while retries its election every 2 s at most, not every 60 s.
    options.extra_config_lines << QStringLiteral("fastleader.maxNotificationInterval=2000");
    ensemble_ = std::make_unique<ZooKeeperEnsemble>(server_kind_from_env(),
                                                    ensemble_size_from_env(3), options);
    QVERIFY(ensemble_->start());
}

std::unique_ptr<Client> TestQuorum::member_client(int index, States& states) {
    auto client =
        open_client(loop_, client_options(ensemble_->member(index).connect_string(), states));
    if (client && states.wait_for(SessionState::connected, kRecovery)) {
        Sync zk(*client);
        if (std::get<0>(zk.sync("/")) == ErrorCode::ok) {
            return client;
        }
    }
    return nullptr;
}

std::map<std::string, std::string> TestQuorum::tree_of(int index) {
    States states;
    auto client = member_client(index, states);
    if (!client) {
        return {{"(no client)", ""}};
    }
    Sync zk(*client);
    std::map<std::string, std::string> tree;
    std::vector<std::string> pending{"/"};
    while (!pending.empty()) {
        const std::string path = pending.back();
        pending.pop_back();
        const auto [err, data] = zk.get_data(path);
        const auto [children_err, children] = zk.get_children(path);
        if (err != ErrorCode::ok || children_err != ErrorCode::ok) {
            tree["(read failed at " + path + ")"];
            break;
        }
        tree[path] = data.data.value_or("");
        for (const std::string& name : children.children) {
            const std::string child = (path == "/" ? "/" : path + "/") + name;
            if (child != "/zookeeper") {
                pending.push_back(child);
            }
        }
    }
    zk.close();
    return tree;
}

void TestQuorum::verify_same_trees(int reference) {
    const auto expected = tree_of(reference);
    for (int i = 0; i < ensemble_->size(); ++i) {
        if (i == reference) {
            continue;
        }
        const auto actual = tree_of(i);
        QString differences;
        for (const auto& [path, data] : actual) {
            const auto it = expected.find(path);
            if (it == expected.end()) {
                differences += QStringLiteral(" +%1").arg(QString::fromStdString(path));
            } else if (it->second != data) {
                differences += QStringLiteral(" ~%1").arg(QString::fromStdString(path));
            }
        }
        for (const auto& [path, data] : expected) {
            if (!actual.contains(path)) {
                differences += QStringLiteral(" -%1").arg(QString::fromStdString(path));
            }
        }
        QVERIFY2(differences.isEmpty(),
                 qPrintable(QStringLiteral("member %1 against member %2 (%3 znodes):%4")
                                .arg(i + 1)
                                .arg(reference + 1)
                                .arg(expected.size())
                                .arg(differences.left(2000))));
    }
}

void TestQuorum::configNodeShowsTheMembership() {
    // The server.N lines every member was given, as ZooKeeper prints a member:
    // host:quorumPort:electionPort:participant|observer (no client part: it came from clientPort).
    QFile config(ensemble_->member(0).config_path());
    QVERIFY(config.open(QIODevice::ReadOnly));
    QStringList expected;
    for (const QByteArray& line : config.readAll().split('\n')) {
        if (line.startsWith("server.")) {
            const QString entry = QString::fromUtf8(line.trimmed());
            expected << (entry.endsWith(QLatin1String(":observer"))
                             ? entry
                             : entry + QStringLiteral(":participant"));
        }
    }
    QCOMPARE(expected.size(), ensemble_->size());
    QString version;
    for (int i = 0; i < ensemble_->size(); ++i) {
        States states;
        auto client = member_client(i, states);
        QVERIFY(client);
        Sync zk(*client);
        const auto [err, result] = zk.get_data("/zookeeper/config");
        QCOMPARE(err, ErrorCode::ok);
        const QString text = QString::fromStdString(result.data.value_or(""));
        // The Stat as ZooKeeper's members leave it: not a txn, dataVersion -1, set at start.
        QCOMPARE(result.stat.czxid, 0);
        QCOMPARE(result.stat.mzxid, 0);
        QCOMPARE(result.stat.version, -1);
        QVERIFY(result.stat.mtime > 0);
        qInfo("member %d: %s", i + 1,
              qPrintable(QString(text).replace('\n', QStringLiteral(" | "))));
        const qsizetype at = text.lastIndexOf(QStringLiteral("\nversion="));
        QVERIFY2(at > 0, qPrintable(text));
        QCOMPARE(text.left(at).split('\n'), expected);
        const QString member_version = text.mid(at + 9);
        bool hex = false;
        member_version.toLongLong(&hex, 16);
        QVERIFY2(hex, qPrintable(member_version));
        if (i == 0) {
            version = member_version;
        }
        QCOMPARE(member_version, version); // every member holds the same config
        // conf ends with the same, after this member's own quorum settings.
        const QByteArray conf = ensemble_->member(i).four_letter("conf");
        QVERIFY2(conf.endsWith("\nmembership: \n" + text.toUtf8()), conf.constData());
        const QString own = expected[i].section(QLatin1Char('='), 1);
        QVERIFY2(conf.contains(QStringLiteral("\nquorumPort=%1\n")
                                   .arg(own.section(QLatin1Char(':'), 1, 1))
                                   .toUtf8()),
                 conf.constData());
        QVERIFY2(conf.contains(QStringLiteral("\npeerType=%1\n")
                                   .arg(own.endsWith(QLatin1String(":observer")) ? 1 : 0)
                                   .toUtf8()),
                 conf.constData());
    }
}

void TestQuorum::reconfigIsRefusedWhenDisabled() {
    // reconfigEnabled is false by default: every member answers a reconfig (opcode 16) with
    // RECONFIGDISABLED, leader and followers alike, and goes on serving.
    constexpr int32_t kReconfig = 16;
    constexpr int32_t kReconfigDisabled = -123;
    for (int i = 0; i < ensemble_->size(); ++i) {
        zs::testing::RawClient raw;
        QVERIFY2(raw.connect_to(ensemble_->member(i).host(), ensemble_->member(i).port()) &&
                     raw.handshake(10000),
                 qPrintable(raw.last_error()));
        zs::testing::JuteWriter body; // joining, leaving, newMembers, curConfigId
        body.buffer("server.9=127.0.0.1:2888:3888").null_buffer().null_buffer().int64(-1);
        const auto reply = raw.call(kReconfig, body.bytes());
        QVERIFY2(reply, qPrintable(raw.last_error()));
        QCOMPARE(reply->err, kReconfigDisabled);
        const auto after =
            raw.call(3 /* exists */, zs::testing::JuteWriter().buffer("/").boolean(false).bytes());
        QVERIFY2(after && after->err == 0, qPrintable(raw.last_error()));
    }
}

void TestQuorum::writesToAnyMemberReachEveryMember() {
    std::vector<std::unique_ptr<States>> states;
    std::vector<std::unique_ptr<Client>> clients;
    for (int i = 0; i < ensemble_->size(); ++i) {
        states.push_back(std::make_unique<States>());
        clients.push_back(member_client(i, *states.back()));
        QVERIFY(clients.back());
    }
    Sync first(*clients[0]);
    QCOMPARE(std::get<0>(first.create("/spread", "")), ErrorCode::ok);
    for (int i = 0; i < ensemble_->size(); ++i) {
        Sync zk(*clients[size_t(i)]);
        const std::string path = "/spread/from-" + std::to_string(i);
        QCOMPARE(std::get<0>(zk.create(path, "member " + std::to_string(i))), ErrorCode::ok);
    }
    for (int i = 0; i < ensemble_->size(); ++i) {
        Sync zk(*clients[size_t(i)]);
        QCOMPARE(std::get<0>(zk.sync("/spread")), ErrorCode::ok);
        const auto [err, children] = zk.get_children("/spread");
        QCOMPARE(err, ErrorCode::ok);
        QCOMPARE(children.children.size(), size_t(ensemble_->size()));
        QCOMPARE(zk.data_text("/spread/from-2"), QStringLiteral("member 2"));
    }
    // An ephemeral node goes everywhere with its session.
    Sync second(*clients[1]);
    QCOMPARE(std::get<0>(second.create("/spread/mine", "", zs::proto::CreateMode::ephemeral)),
             ErrorCode::ok);
    QCOMPARE(second.close(), ErrorCode::ok);
    Sync third(*clients[2]);
    QCOMPARE(std::get<0>(third.sync("/spread")), ErrorCode::ok);
    QCOMPARE(std::get<0>(third.exists("/spread/mine")), ErrorCode::no_node);
    if (server_kind_from_env() == ServerKind::zoonode) {
        // Each member streams its trace: the election, the epoch, and the sessions.
        const QByteArray trace = ensemble_->trace(2, 500);
        for (const char* type : {"\"ElectionFinished\"", "\"EpochChanged\"", "\"SessionCreated\"",
                                 "\"SessionClosed\""}) {
            QVERIFY2(trace.contains(type), type);
        }
    }
}

// The member a session is on stops: the client reconnects to another member with the same
// session, whose ephemeral node lives on.
void TestQuorum::sessionMovesBetweenMembers() {
    States states;
    auto client = open_client(loop_, client_options(ensemble_->connect_string(), states));
    QVERIFY(client);
    QVERIFY(states.wait_for(SessionState::connected, kRecovery));
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/moving", "", zs::proto::CreateMode::ephemeral)),
             ErrorCode::ok);
    const int64_t session = client->session_id();
    const int before = ensemble_->member_at(QString::fromStdString(client->server()));
    QVERIFY(before >= 0);
    ensemble_->member(before).stop();
    QVERIFY(states.wait_for(SessionState::suspended));
    QVERIFY2(states.wait_for(SessionState::connected, kRecovery), qPrintable(states.history()));
    QCOMPARE(client->session_id(), session);
    QVERIFY(ensemble_->member_at(QString::fromStdString(client->server())) != before);
    const auto [err, stat] = zk.exists("/moving");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(stat.ephemeral_owner, session);
    QVERIFY(ensemble_->member(before).start());
    QCOMPARE(zk.close(), ErrorCode::ok);
}

// A session created through one member resumes on another that has not applied its
// createSession yet (its traffic with the leader delayed): the member asks the leader (a SYNC)
// before it answers, instead of calling the session expired.
void TestQuorum::laggingMemberResumesANewSession() {
    if (server_kind_from_env() != ServerKind::zoonode) {
        QSKIP("Apache ZooKeeper has no command to delay its peer traffic");
    }
    const int leader = ensemble_->leader();
    QVERIFY(leader >= 0);
    const int creator = (leader + 1) % ensemble_->size();
    const int lagging = (leader + 2) % ensemble_->size();
    const QString delay = QStringLiteral("peer_traffic?server=%1&traffic=%2&delay_ms=1000");
    QVERIFY(ensemble_->admin(lagging, delay.arg(leader + 1).arg("delay")).contains("null"));

    States first_states;
    auto first = open_client(
        loop_, client_options(ensemble_->member(creator).connect_string(), first_states));
    QVERIFY(first);
    QVERIFY(first_states.wait_for(SessionState::connected, kRecovery));
    States second_states;
    ClientOptions resume =
        client_options(ensemble_->member(lagging).connect_string(), second_states);
    resume.session_id = first->session_id();
    resume.session_password = first->session_password();
    auto second = open_client(loop_, resume);
    QVERIFY(second);
    QVERIFY2(second_states.wait_for(SessionState::connected, kRecovery),
             qPrintable(second_states.history()));
    QCOMPARE(second->session_id(), first->session_id());

    QVERIFY(ensemble_->admin(lagging, delay.arg(leader + 1).arg("normal")).contains("null"));
    Sync zk(*second);
    QCOMPARE(zk.close(), ErrorCode::ok);
}

// A member whose traffic with the leader is delayed lags behind; a read there may miss a write
// acknowledged through another member, but not after a sync.
void TestQuorum::syncOnALaggingMemberSeesEarlierWrites() {
    if (server_kind_from_env() != ServerKind::zoonode) {
        QSKIP("Apache ZooKeeper has no command to delay its peer traffic");
    }
    const int leader = ensemble_->leader();
    QVERIFY(leader >= 0);
    const int writer = (leader + 1) % ensemble_->size();
    const int lagging = (leader + 2) % ensemble_->size();
    States reader_states;
    auto reader = member_client(lagging, reader_states);
    QVERIFY(reader);
    States writer_states;
    auto writing = member_client(writer, writer_states);
    QVERIFY(writing);
    const QString delay = QStringLiteral("peer_traffic?server=%1&traffic=%2&delay_ms=500");
    QVERIFY(ensemble_->admin(lagging, delay.arg(leader + 1).arg("delay")).contains("null"));

    Sync w(*writing);
    QCOMPARE(std::get<0>(w.create("/lagging", "written elsewhere")), ErrorCode::ok);
    Sync r(*reader);
    QCOMPARE(std::get<0>(r.sync("/lagging")), ErrorCode::ok);
    QCOMPARE(r.data_text("/lagging"), QStringLiteral("written elsewhere"));

    QVERIFY(ensemble_->admin(lagging, delay.arg(leader + 1).arg("normal")).contains("null"));
    QCOMPARE(w.remove("/lagging"), ErrorCode::ok);
}

void TestQuorum::leaderKilledUnderLoadLosesNoAcknowledgedWrite() {
    {
        States states;
        auto client = member_client(0, states);
        QVERIFY(client);
        Sync zk(*client);
        QCOMPARE(std::get<0>(zk.create("/load", "")), ErrorCode::ok);
    }
    std::vector<std::unique_ptr<LoadWriter>> writers;
    for (int i = 0; i < 4; ++i) {
        writers.push_back(std::make_unique<LoadWriter>(loop_, ensemble_->connect_string(),
                                                       "w" + std::to_string(i)));
        QVERIFY(writers.back()->start(kRecovery));
    }
    auto total = [&writers] {
        size_t sum = 0;
        for (const auto& writer : writers) {
            sum += writer->count();
        }
        return sum;
    };
    QTRY_VERIFY_WITH_TIMEOUT(total() >= 200, 30000);
    const int old_leader = ensemble_->leader();
    QVERIFY(old_leader >= 0);
    ensemble_->member(old_leader).kill9();
    const size_t at_kill = total();
    // A new leader, and writes acknowledged again, from every writer.
    QTRY_VERIFY_WITH_TIMEOUT(total() >= at_kill + 400, 60000);
    const int new_leader = ensemble_->leader();
    QVERIFY(new_leader >= 0 && new_leader != old_leader);
    for (auto& writer : writers) {
        writer->stop();
    }

    for (int i = 0; i < ensemble_->size(); ++i) {
        if (i == old_leader) {
            continue;
        }
        States states;
        auto client = member_client(i, states);
        QVERIFY(client);
        Sync zk(*client);
        const auto [err, children] = zk.get_children("/load");
        QCOMPARE(err, ErrorCode::ok);
        const std::set<std::string> present(children.children.begin(), children.children.end());
        size_t missing = 0;
        for (const auto& writer : writers) {
            for (const std::string& path : writer->acknowledged()) {
                missing += present.contains(path.substr(std::string("/load/").size())) ? 0 : 1;
            }
        }
        QCOMPARE(missing, size_t(0));
    }

    QVERIFY(ensemble_->member(old_leader).start());
    verify_same_trees(new_leader);
}

void TestQuorum::partitionedLeaderStopsServingUntilHealed() {
    if (server_kind_from_env() != ServerKind::zoonode) {
        QSKIP("Apache ZooKeeper has no command to cut its peer traffic (a partition needs root)");
    }
    const int old_leader = ensemble_->leader();
    QVERIFY(old_leader >= 0);
    States states;
    auto isolated = member_client(old_leader, states);
    QVERIFY(isolated);
    Sync cut_off(*isolated);
    QCOMPARE(std::get<0>(cut_off.create("/partition", "")), ErrorCode::ok);
    auto set_traffic = [this, old_leader](const char* traffic) {
        for (int i = 0; i < ensemble_->size(); ++i) {
            if (i != old_leader) {
                const QByteArray answer = ensemble_->admin(
                    old_leader,
                    QStringLiteral("peer_traffic?server=%1&traffic=%2").arg(i + 1).arg(traffic));
                QVERIFY2(answer.contains("\"error\": null"), answer.constData());
            }
        }
    };
    set_traffic("drop");
    if (QTest::currentTestFailed()) {
        return;
    }

    // The minority side takes no write: its member stops serving.
    QVERIFY(std::get<0>(cut_off.create("/partition/minority", "")) != ErrorCode::ok);
    QTRY_VERIFY_WITH_TIMEOUT(
        ensemble_->member(old_leader).four_letter("srvr").contains("not currently serving"), 10000);
    // A create the client could not send yet waits for its next connection (as with ZooKeeper's
    // clients) and would reach the healed ensemble: the client goes away with it.
    isolated.reset();
    // The majority elects a leader of its own and goes on.
    const int new_leader = ensemble_->leader();
    QVERIFY(new_leader >= 0 && new_leader != old_leader);
    States majority_states;
    auto majority = member_client(new_leader, majority_states);
    QVERIFY(majority);
    Sync zk(*majority);
    QCOMPARE(std::get<0>(zk.create("/partition/majority", "")), ErrorCode::ok);

    set_traffic("normal");
    QTRY_VERIFY_WITH_TIMEOUT(
        ensemble_->member(old_leader).four_letter("srvr").contains("Mode: follower"), 30000);
    States healed_states;
    auto healed = member_client(old_leader, healed_states);
    QVERIFY(healed);
    Sync back(*healed);
    QCOMPARE(std::get<0>(back.exists("/partition/majority")), ErrorCode::ok);
    QCOMPARE(std::get<0>(back.exists("/partition/minority")), ErrorCode::no_node);
    verify_same_trees(new_leader);
}

// An ensemble of three participants and an observer: the observer serves reads, forwards writes,
// syncs, and the leader counts it among its synced observers, not its followers.
void TestQuorum::observerServesAndForwards() {
    ensemble_.reset();
    ServerOptions options;
    options.tick_time_ms = kTickMs;
    ZooKeeperEnsemble ensemble(server_kind_from_env(), 3, options, 1);
    QVERIFY(ensemble.start());
    QVERIFY(ensemble.member(3).four_letter("srvr").contains("Mode: observer"));
    States states;
    auto client = open_client(loop_, client_options(ensemble.member(3).connect_string(), states));
    QVERIFY(client);
    QVERIFY(states.wait_for(SessionState::connected, kRecovery));
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/observed", "through the observer")), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.sync("/observed")), ErrorCode::ok);
    QCOMPARE(zk.data_text("/observed"), QStringLiteral("through the observer"));
    const int leader = ensemble.leader();
    QVERIFY(leader >= 0 && leader < 3);
    const QByteArray mntr = ensemble.member(leader).four_letter("mntr");
    QVERIFY2(mntr.contains("zk_synced_observers\t1\n"), mntr.constData());
    QVERIFY2(mntr.contains("zk_synced_followers\t2\n"), mntr.constData());
    QCOMPARE(zk.close(), ErrorCode::ok);
}

QTEST_GUILESS_MAIN(TestQuorum)
#include "tst_quorum.moc"
