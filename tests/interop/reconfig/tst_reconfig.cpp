// Dynamic reconfiguration (the reconfig request, opcode 16) on a 3-member ensemble with
// reconfigEnabled=true and two servers ready to join, run against Apache ZooKeeper 3.8 and then
// zoonode with the same tests. Refusals and a follower's removal are asked with requests built by
// hand (RawClient) so that every field, null or not, is what the test says; growing to five
// members and back goes through kazoo and zkCli.sh, under write load.
#include "../zkcli/zkcli_runner.h"
#include "child_process.h"
#include "client_harness.h"
#include "jute.h"
#include "load_writer.h"
#include "raw_client.h"
#include "zookeeper_ensemble.h"

#include <QDir>
#include <QFile>
#include <QObject>
#include <QTest>
#include <algorithm>
#include <cstring>
#include <optional>
#include <set>

using namespace zs::testing;
using namespace std::chrono_literals;

namespace {

// Members 0-2 make the ensemble; 3 and 4 are configured to join it.
constexpr int kMembers = 3;
constexpr int kJoiners = 2;

constexpr int32_t kReconfig = 16;
constexpr int32_t kGetData = 4;
constexpr int32_t kExists = 3;
constexpr int32_t kAuth = 100;
constexpr int32_t kAuthXid = -4;

// ZooKeeper's error codes a reconfig answers with.
constexpr int32_t kMarshallingError = -5;
constexpr int32_t kBadArguments = -8;
constexpr int32_t kNewConfigNoQuorum = -13;
constexpr int32_t kNoAuth = -102;
constexpr int32_t kBadVersion = -103;

// The super user: DigestAuthenticationProvider.superDigest of "super:secret".
const char* const kSuperDigest = "super:lK75jTNcA+U9vtVEw5vB51mj/w4=";

// A reconfig request's fields; a std::nullopt string is sent as null.
struct Change {
    std::optional<QByteArray> joining;
    std::optional<QByteArray> leaving;
    std::optional<QByteArray> new_members;
    int64_t from_config = -1;
};

// What a reconfig answers: the new membership and /zookeeper/config's mzxid, its version.
struct Committed {
    QByteArray data;
    int64_t mzxid = 0;
};

std::optional<Committed> committed_from(const RawClient::Reply& reply) {
    JuteReader reader(reply.body);
    Committed out;
    out.data = reader.buffer().value_or(QByteArray());
    reader.int64(); // czxid
    out.mzxid = reader.int64();
    return reader.ok() ? std::optional(out) : std::nullopt;
}

// `lines` (server lines) and the version line, as /zookeeper/config shows a membership.
QByteArray membership_text(const QList<QByteArray>& lines, int64_t version) {
    return lines.join('\n') + "\nversion=" + QByteArray::number(qulonglong(version), 16);
}

// A membership's server lines, its version line left out (the zxids of two servers' runs differ).
QList<QByteArray> server_lines(const QByteArray& membership) {
    QList<QByteArray> lines = membership.split('\n');
    if (!lines.isEmpty() && lines.back().startsWith("version=")) {
        lines.removeLast();
    }
    return lines;
}

// A create request's body: a persistent node open to everyone.
QByteArray create_body(const char* path, const char* data) {
    return JuteWriter()
        .buffer(path)
        .buffer(data)
        .int32(1)
        .int32(31)
        .buffer("world")
        .buffer("anyone")
        .int32(0)
        .bytes();
}

QByteArray reconfig_body(const Change& change) {
    JuteWriter body;
    for (const auto& field : {change.joining, change.leaving, change.new_members}) {
        if (field) {
            body.buffer(*field);
        } else {
            body.null_buffer();
        }
    }
    return body.int64(change.from_config).bytes();
}

} // namespace

class TestReconfig : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void firstLeaderVersionsTheMembership();
    void refusedChangesAnswerAsZooKeeper();
    void followerRemovedAndAddedBack();
    void growsToFiveAndBackUnderWriteLoad();
    void clientPortMoves();
    void removedLeaderHandsOver();

  private:
    // A session on member `index`; as the super user when `super`.
    std::unique_ptr<RawClient> session_on(int index, bool super);
    // /zookeeper/config as member `index` shows it.
    QByteArray config_on(int index);

    // Every path the writers had acknowledged is on member `index`; false names the first not.
    bool holds_every_write(int index, const std::vector<std::unique_ptr<LoadWriter>>& writers);

    std::unique_ptr<ZooKeeperEnsemble> ensemble_;
    Loop loop_;
};

void TestReconfig::initTestCase() {
    ServerOptions options;
    options.extra_config_lines << QStringLiteral("reconfigEnabled=true")
                               << QStringLiteral("DigestAuthenticationProvider.superDigest=") +
                                      kSuperDigest;
    ensemble_ =
        std::make_unique<ZooKeeperEnsemble>(server_kind_from_env(), kMembers, options, 0, kJoiners);
    QVERIFY(ensemble_->start({0, 1, 2}));
}

std::unique_ptr<RawClient> TestReconfig::session_on(int index, bool super) {
    auto raw = std::make_unique<RawClient>();
    if (!raw->connect_to(ensemble_->member(index).host(), ensemble_->member(index).port()) ||
        !raw->handshake(10000)) {
        qWarning("member %d: %s", index, qPrintable(raw->last_error()));
        return nullptr;
    }
    if (super) {
        const auto added = raw->call_with_xid(
            kAuthXid, kAuth, JuteWriter().int32(0).buffer("digest").buffer("super:secret").bytes());
        if (!added || added->err != 0) {
            qWarning("member %d: super's credentials refused", index);
            return nullptr;
        }
    }
    return raw;
}

QByteArray TestReconfig::config_on(int index) {
    auto raw = session_on(index, false);
    if (!raw) {
        return {};
    }
    const auto reply =
        raw->call(kGetData, JuteWriter().buffer("/zookeeper/config").boolean(false).bytes());
    if (!reply || reply->err != 0) {
        return {};
    }
    JuteReader reader(reply->body);
    return reader.buffer().value_or(QByteArray());
}

void TestReconfig::firstLeaderVersionsTheMembership() {
    // With reconfigEnabled, the first leader gives the membership zoo.cfg listed (version 0) its
    // epoch's first zxid as version (ZOOKEEPER-1783); every member shows that version and
    // stores the membership in zoo.cfg.dynamic.<version>, as after a reconfig.
    const QByteArray first = config_on(0);
    const qsizetype at = first.lastIndexOf("\nversion=");
    QVERIFY2(at > 0, first.constData());
    const QByteArray version = first.mid(at + qsizetype(strlen("\nversion=")));
    QVERIFY2(version.size() > 8 && version.endsWith("00000000"), first.constData());
    for (int member = 0; member < kMembers; ++member) {
        QTRY_COMPARE_WITH_TIMEOUT(config_on(member), first, 10000);
        const QDir dir = QFileInfo(ensemble_->member(member).config_path()).dir();
        QTRY_VERIFY_WITH_TIMEOUT(
            dir.exists(QStringLiteral("zoo.cfg.dynamic.") + QString::fromUtf8(version)), 10000);
    }
}

void TestReconfig::refusedChangesAnswerAsZooKeeper() {
    // Each refusal as ZooKeeper gives it, asked of the leader and of a follower (which forwards
    // the request): the checks run in ZooKeeper's order, so a client without WRITE on
    // /zookeeper/config learns of every other fault first. Nothing changes, and the session goes
    // on being served.
    const int leader = ensemble_->leader();
    QVERIFY(leader >= 0);
    const QByteArray before = config_on(leader);
    QVERIFY(before.contains("server.3="));
    const QByteArray absent_server = "server.4=127.0.0.1:1:2;3";
    struct Case {
        const char* what;
        Change change;
        bool super;
        int32_t err;
    };
    const std::vector<Case> cases = {
        {"a valid change by a client without WRITE on /zookeeper/config",
         {{}, "9", {}, -1},
         false,
         kNoAuth},
        {"a fromConfig that is not the current version", {{}, "3", {}, 5}, false, kBadVersion},
        {"a joining server that is no server line", {"garbage", {}, {}, -1}, true, kBadArguments},
        {"a leaving id that is no number", {{}, "abc", {}, -1}, true, kMarshallingError},
        {"a joining server without a client port",
         {"server.4=127.0.0.1:23884:23894", {}, {}, -1},
         true,
         kBadArguments},
        {"a membership of one voter", {{}, "1,2", {}, -1}, true, kBadArguments},
        {"a membership whose quorum is not synchronized",
         {absent_server, "1,2", {}, -1},
         true,
         kNewConfigNoQuorum},
        {"a whole membership with a key that is no member",
         {{}, {}, "server.1=127.0.0.1:1:2;3,tickTime=2000", -1},
         true,
         kBadArguments},
    };
    const int follower = (leader + 1) % kMembers;
    for (const int member : {leader, follower}) {
        for (const Case& c : cases) {
            auto raw = session_on(member, c.super);
            QVERIFY(raw);
            const auto reply = raw->call(kReconfig, reconfig_body(c.change));
            QVERIFY2(reply, qPrintable(raw->last_error()));
            QVERIFY2(reply->err == c.err, qPrintable(QStringLiteral("member %1, %2: error %3")
                                                         .arg(member)
                                                         .arg(c.what)
                                                         .arg(reply->err)));
            const auto after = raw->call(kExists, JuteWriter().buffer("/").boolean(false).bytes());
            QVERIFY2(after && after->err == 0, c.what);
        }
    }
    for (int i = 0; i < kMembers; ++i) {
        QCOMPARE(config_on(i), before);
    }
}

void TestReconfig::followerRemovedAndAddedBack() {
    // A follower leaves the membership and comes back as a participant with a client address:
    // each reconfig answers with the new membership, which every member then shows in
    // /zookeeper/config and `conf`, stores next to its zoo.cfg, and serves with.
    const int leader = ensemble_->leader();
    QVERIFY(leader >= 0);
    const int follower = (leader + 1) % kMembers;
    const int other = (leader + 2) % kMembers;
    const QByteArray follower_id = QByteArray::number(follower + 1);
    const QByteArray before = config_on(leader);
    QList<QByteArray> lines = before.split('\n');
    lines.removeLast(); // version=
    const auto line = std::find_if(lines.cbegin(), lines.cend(), [&](const QByteArray& l) {
        return l.startsWith("server." + follower_id + "=");
    });
    QVERIFY(line != lines.cend());
    const qsizetype follower_line = line - lines.cbegin();
    const QByteArray joining = lines[follower_line] + ";127.0.0.1:" +
                               QByteArray::number(ensemble_->member(follower).port());
    auto super = session_on(leader, true);
    QVERIFY(super);
    // A data watch on /zookeeper/config, from a client of the other follower.
    auto watcher = session_on(other, false);
    QVERIFY(watcher);
    const auto watched =
        watcher->call(kGetData, JuteWriter().buffer("/zookeeper/config").boolean(true).bytes());
    QVERIFY(watched && watched->err == 0);

    auto reply = super->call(kReconfig, reconfig_body({{}, follower_id, {}, -1}));
    QVERIFY2(reply && reply->err == 0, qPrintable(QString::number(reply ? reply->err : 1)));
    auto removed = committed_from(*reply);
    QVERIFY(removed);
    QList<QByteArray> without = lines;
    without.removeAt(follower_line);
    QCOMPARE(removed->data, membership_text(without, removed->mzxid));
    for (const int member : {leader, other}) {
        QTRY_COMPARE_WITH_TIMEOUT(config_on(member), removed->data, 20000);
        const QByteArray conf = ensemble_->member(member).four_letter("conf");
        QVERIFY2(conf.endsWith("membership: \n" + removed->data), conf.constData());
    }
    QVERIFY(watcher->wait_for_notifications(1, 10000));
    const auto events = watcher->take_notifications();
    QCOMPARE(events.front().type, 3); // NodeDataChanged
    QCOMPARE(events.front().path, QByteArray("/zookeeper/config"));
    // The removed follower stays, synchronized, as a follower that does not vote.
    QTRY_VERIFY_WITH_TIMEOUT(
        ensemble_->member(leader).four_letter("mntr").contains("zk_synced_non_voting_followers\t1"),
        10000);
    QVERIFY(ensemble_->member(leader).four_letter("mntr").contains("zk_quorum_size\t2"));
    // zoo.cfg.dynamic.<version>: the server lines, sorted, without the version.
    const QDir dir = QFileInfo(ensemble_->member(leader).config_path()).dir();
    QFile dynamic(dir.filePath(
        QStringLiteral("zoo.cfg.dynamic.%1").arg(QString::number(qulonglong(removed->mzxid), 16))));
    QVERIFY2(dynamic.open(QIODevice::ReadOnly), qPrintable(dynamic.fileName()));
    std::sort(without.begin(), without.end());
    QCOMPARE(dynamic.readAll(), without.join('\n'));
    QFile cfg(ensemble_->member(leader).config_path());
    QVERIFY(cfg.open(QIODevice::ReadOnly));
    const QByteArray cfg_text = cfg.readAll();
    QVERIFY2(cfg_text.contains("dynamicConfigFile=" + dynamic.fileName().toUtf8()) &&
                 !cfg_text.contains("server.1="),
             cfg_text.constData());
    // The zoo.cfg that listed the servers itself is kept.
    QFile backup(ensemble_->member(leader).config_path() + QStringLiteral(".bak"));
    QVERIFY(backup.open(QIODevice::ReadOnly));
    QVERIFY(backup.readAll().contains("server.1="));

    reply = super->call(kReconfig, reconfig_body({joining, {}, {}, -1}));
    QVERIFY2(reply && reply->err == 0, qPrintable(QString::number(reply ? reply->err : 1)));
    auto added = committed_from(*reply);
    QVERIFY(added);
    QList<QByteArray> with = lines;
    with[follower_line] = joining;
    QCOMPARE(added->data, membership_text(with, added->mzxid));
    for (int member = 0; member < kMembers; ++member) {
        QTRY_COMPARE_WITH_TIMEOUT(config_on(member), added->data, 30000);
    }
    // Restarted, the follower reads its membership from the dynamic file its zoo.cfg now names
    // (its client port with it: zoo.cfg no longer has one).
    ensemble_->member(follower).stop();
    QVERIFY(ensemble_->member(follower).start());
    QTRY_COMPARE_WITH_TIMEOUT(config_on(follower), added->data, 30000);
    QFile restarted_cfg(ensemble_->member(follower).config_path());
    QVERIFY(restarted_cfg.open(QIODevice::ReadOnly));
    QVERIFY(!restarted_cfg.readAll().contains("clientPort="));
    // The follower takes writes again, and they reach the leader.
    auto writer = session_on(follower, false);
    QVERIFY(writer);
    const auto created = writer->call(1 /* create */, create_body("/back", "x"));
    QVERIFY2(created && created->err == 0, qPrintable(QString::number(created ? created->err : 1)));
    auto reader = session_on(leader, false);
    QVERIFY(reader);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto found =
                reader->call(kExists, JuteWriter().buffer("/back").boolean(false).bytes());
            return found && found->err == 0;
        }(),
        10000);
}

bool TestReconfig::holds_every_write(int index,
                                     const std::vector<std::unique_ptr<LoadWriter>>& writers) {
    States states;
    ClientOptions options;
    options.connect_string = ensemble_->member(index).connect_string().toStdString();
    options.on_state = states.listener();
    auto client = open_client(loop_, options);
    if (!client || !states.wait_for(SessionState::connected, 30s)) {
        qWarning("member %d: no session", index);
        return false;
    }
    Sync zk(*client);
    const auto [synced, path] = zk.sync("/load");
    const auto [err, children] = zk.get_children("/load");
    if (synced != ErrorCode::ok || err != ErrorCode::ok) {
        qWarning("member %d: /load cannot be read", index);
        return false;
    }
    const std::set<std::string> names(children.children.begin(), children.children.end());
    for (const auto& writer : writers) {
        for (const std::string& written : writer->acknowledged()) {
            if (!names.contains(written.substr(std::string("/load/").size()))) {
                qWarning("member %d lost the acknowledged %s", index, written.c_str());
                return false;
            }
        }
    }
    return true;
}

void TestReconfig::growsToFiveAndBackUnderWriteLoad() {
    // Two servers configured to join (their own lists name the ensemble and themselves) find its
    // leader and follow it without a vote; kazoo's reconfig adds one, zkCli.sh's adds the other
    // as an observer, swaps their roles (a whole membership) and removes both, while three
    // clients write. Every member shows each membership, and no acknowledged write is lost.
    QVERIFY(ensemble_->start({3, 4}));
    const int leader = ensemble_->leader();
    QVERIFY(leader >= 0);
    const QList<QByteArray> three_lines = server_lines(config_on(leader));
    {
        auto raw = session_on(leader, false);
        QVERIFY(raw);
        const auto created = raw->call(1, create_body("/load", ""));
        QVERIFY(created && (created->err == 0 || created->err == -110));
    }
    std::vector<std::unique_ptr<LoadWriter>> writers;
    for (int member = 0; member < kMembers; ++member) {
        writers.push_back(std::make_unique<LoadWriter>(
            loop_, ensemble_->member(member).connect_string(), "w" + std::to_string(member)));
        QVERIFY(writers.back()->start(30s));
    }
    auto total = [&writers] {
        size_t sum = 0;
        for (const auto& writer : writers) {
            sum += writer->count();
        }
        return sum;
    };
    auto wait_for_writes = [&](size_t more) {
        const size_t target = total() + more;
        QTRY_VERIFY_WITH_TIMEOUT(total() >= target, 30000);
    };
    wait_for_writes(50);

    // kazoo adds server 4 as a participant.
    auto joining_line = [&](int joiner, const char* role) {
        return ensemble_->server_line(joiner).toUtf8() + ':' + role +
               ";127.0.0.1:" + QByteArray::number(ensemble_->member(joiner).port());
    };
    const QByteArray joining_4 = joining_line(3, "participant");
    ChildOptions python;
    python.extra_env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    python.extra_env.insert(QStringLiteral("PYTHONWARNINGS"),
                            QStringLiteral("ignore::DeprecationWarning"));
    const ChildResult added =
        run_child(QStringLiteral(ZS_PYTHON_PATH),
                  {QStringLiteral(ZS_RECONFIG_SCRIPT_DIR "/kazoo_reconfig.py"),
                   ensemble_->member(leader).connect_string(), QStringLiteral("secret"),
                   QStringLiteral("--add"), QString::fromUtf8(joining_4)},
                  python);
    QVERIFY2(added.ok(), qPrintable(added.describe()));
    const qsizetype marker = added.output.indexOf("membership:\n");
    QVERIFY2(marker >= 0, added.output.constData());
    const QByteArray four = added.output.mid(marker + qsizetype(strlen("membership:\n"))).trimmed();
    QCOMPARE(server_lines(four), three_lines + QList<QByteArray>{joining_4});
    for (int member = 0; member < kMembers + 1; ++member) {
        QTRY_COMPARE_WITH_TIMEOUT(config_on(member), four, 30000);
    }
    wait_for_writes(50);

    // zkCli.sh: server 5 added as an observer; a whole membership that swaps their roles
    // (server 4 demoted to observer, server 5 promoted); then both removed.
    const QList<QByteArray> five_lines =
        three_lines + QList<QByteArray>{joining_4, joining_line(4, "observer")};
    const QList<QByteArray> swapped =
        three_lines +
        QList<QByteArray>{joining_line(3, "observer"), joining_line(4, "participant")};
    ZkCliRunner zkcli(ensemble_->member(leader).connect_string());
    QString error;
    const auto transcript =
        zkcli.run({QStringLiteral("addauth digest super:secret"),
                   QStringLiteral("reconfig -add ") + QString::fromUtf8(five_lines.back()),
                   QStringLiteral("reconfig -members ") + QString::fromUtf8(swapped.join(',')),
                   QStringLiteral("reconfig -remove 4,5"), QStringLiteral("config")},
                  &error);
    QVERIFY2(transcript, qPrintable(error));
    // Each reconfig prints "Committed new configuration:" and the membership.
    auto committed_lines = [&](int command) {
        const QStringList printed = transcript->outputs[command];
        QList<QByteArray> lines;
        if (printed.isEmpty() || printed[0] != QStringLiteral("Committed new configuration:")) {
            return lines;
        }
        return server_lines(printed.mid(1).join(QLatin1Char('\n')).toUtf8());
    };
    QCOMPARE(committed_lines(1), five_lines);
    QCOMPARE(committed_lines(2), swapped);
    QCOMPARE(committed_lines(3), three_lines);
    const QByteArray three = transcript->outputs[3].mid(1).join(QLatin1Char('\n')).toUtf8();
    QCOMPARE(transcript->outputs[4].join(QLatin1Char('\n')).toUtf8(), three);
    for (int member = 0; member < kMembers; ++member) {
        QTRY_COMPARE_WITH_TIMEOUT(config_on(member), three, 30000);
    }
    wait_for_writes(50);
    for (auto& writer : writers) {
        writer->stop();
    }
    for (int member = 0; member < kMembers; ++member) {
        QVERIFY(holds_every_write(member, writers));
    }
}

void TestReconfig::clientPortMoves() {
    // A reconfig that gives a member another client port: it listens there from then on (and no
    // longer on the old one), and moves back the same way.
    const int leader = ensemble_->leader();
    QVERIFY(leader >= 0);
    const int follower = (leader + 1) % kMembers;
    const QByteArray id = QByteArray::number(follower + 1);
    QByteArray line;
    for (const QByteArray& l : server_lines(config_on(leader))) {
        if (l.startsWith("server." + id + "=")) {
            line = l.left(l.indexOf(';') < 0 ? l.size() : l.indexOf(';'));
        }
    }
    QVERIFY(!line.isEmpty());
    const quint16 old_port = ensemble_->member(follower).port();
    const quint16 new_port = pick_free_port();
    auto super = session_on(leader, true);
    QVERIFY(super);
    for (const quint16 port : {new_port, old_port}) {
        const QByteArray joining = line + ";127.0.0.1:" + QByteArray::number(port);
        const auto reply = super->call(kReconfig, reconfig_body({joining, {}, {}, -1}));
        QVERIFY2(reply && reply->err == 0, qPrintable(QString::number(reply ? reply->err : 1)));
        const quint16 gone = port == new_port ? old_port : new_port;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                RawClient fresh;
                return fresh.connect_to(QStringLiteral("127.0.0.1"), port, 1000) &&
                       fresh.handshake(10000);
            }(),
            15000);
        QTRY_VERIFY_WITH_TIMEOUT(!RawClient().connect_to(QStringLiteral("127.0.0.1"), gone, 1000),
                                 15000);
    }
}

void TestReconfig::removedLeaderHandsOver() {
    // The leader removes itself (asked through a follower): another member leads the new
    // membership, writes go on, and the old leader, added back, follows it.
    const int old_leader = ensemble_->leader();
    QVERIFY(old_leader >= 0);
    const int follower = (old_leader + 1) % kMembers;
    const QList<QByteArray> lines = server_lines(config_on(follower));
    const QByteArray leader_id = QByteArray::number(old_leader + 1);
    // The answer may not come: members leave the old leader as soon as they learn of the new
    // membership, and a member that leaves its leader drops its clients (ZooKeeper's too).
    auto super = session_on(old_leader, true);
    QVERIFY(super);
    const auto reply = super->call(kReconfig, reconfig_body({{}, leader_id, {}, -1}));
    QVERIFY(!reply || reply->err == 0);
    QList<QByteArray> without;
    QByteArray leader_line;
    for (const QByteArray& line : lines) {
        if (line.startsWith("server." + leader_id + "=")) {
            leader_line = line;
        } else {
            without << line;
        }
    }
    QTRY_COMPARE_WITH_TIMEOUT(server_lines(config_on(follower)), without, 30000);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const int now = ensemble_->leader(2000);
            return now >= 0 && now != old_leader;
        }(),
        30000);
    auto writer = session_on(follower, false);
    QVERIFY(writer);
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const auto created = writer->call(1, create_body("/after-handover", ""));
            return created && (created->err == 0 || created->err == -110);
        }(),
        30000);

    const QByteArray joining =
        (leader_line.contains(';') ? leader_line.left(leader_line.indexOf(';')) : leader_line) +
        ";127.0.0.1:" + QByteArray::number(ensemble_->member(old_leader).port());
    const int new_leader = ensemble_->leader();
    QVERIFY(new_leader >= 0 && new_leader != old_leader);
    auto back_super = session_on(new_leader, true);
    QVERIFY(back_super);
    const auto back = back_super->call(kReconfig, reconfig_body({joining, {}, {}, -1}));
    QVERIFY2(back && back->err == 0, qPrintable(QString::number(back ? back->err : 1)));
    const auto added = committed_from(*back);
    QVERIFY(added);
    for (int member = 0; member < kMembers; ++member) {
        QTRY_COMPARE_WITH_TIMEOUT(config_on(member), added->data, 30000);
    }
    QCOMPARE(ensemble_->leader(), new_leader);
}

QTEST_GUILESS_MAIN(TestReconfig)
#include "tst_reconfig.moc"
