// Quotas: the StatsTrack text, the governing-quota rule, the stats bookkeeping of apply() and the
// enforcement in prepare(). Expected values come from the same sequences run against ZooKeeper
// 3.8 (zkCli's setquota/delquota node layout, -Dzookeeper.enforceQuota=true).
#include "tree/quota.h"
#include "tree_test_util.h"
#include "tree_tests.h"

#include <QtTest>

using namespace tree_test;
using zs::proto::CreateRequest;
using zs::proto::DeleteRequest;
using zs::proto::MultiRequest;
using zs::proto::Request;
using zs::proto::SetDataRequest;
using zs::tree::QuotaTrie;
using zs::tree::StatsTrack;
namespace op = zs::proto::op;

Q_DECLARE_METATYPE(ErrorCode)
Q_DECLARE_METATYPE(zs::proto::Request)
Q_DECLARE_METATYPE(std::vector<ErrorCode>)

namespace {

using Lines = std::vector<std::string>;

constexpr int32_t kEphemeral = 1;
constexpr int32_t kSequential = 2;
const std::string kStats = "/zookeeper/quota/q/zookeeper_stats";

// zkCli's setquota: the path's parents under /zookeeper/quota (null data), the limits node, then
// the stats node with zero usage, which the server replaces by a count of the subtree.
void set_quota(Harness& h, const std::string& path, std::optional<std::string> limits,
               bool with_stats = true) {
    std::string quota_path = "/zookeeper/quota";
    for (const auto& part : QString::fromStdString(path).split('/', Qt::SkipEmptyParts)) {
        quota_path += "/" + part.toStdString();
        if (h.tree.find(quota_path) == nullptr) {
            QCOMPARE(h.create(quota_path, std::nullopt).err, ErrorCode::ok);
        }
    }
    QCOMPARE(h.create(quota_path + "/zookeeper_limits", std::move(limits)).err, ErrorCode::ok);
    if (with_stats) {
        QCOMPARE(h.create(quota_path + "/zookeeper_stats", "count=0,bytes=0").err, ErrorCode::ok);
    }
}

// The data of a node, "<none>" when it does not exist.
std::string data_at(const Harness& h, const std::string& path) {
    const zs::tree::Node* node = h.tree.find(path);
    return node == nullptr ? "<none>" : h.tree.data_of(*node).value_or("<null>");
}

// /q "abc", /q/a "", /q/b "de" with a quota on /q: its stats say count=3,bytes=5.
Harness quota_fixture(std::optional<std::string> limits, bool with_stats = true) {
    Harness h;
    h.create("/q", "abc");
    h.create("/q/a");
    h.create("/q/b", "de");
    set_quota(h, "/q", std::move(limits), with_stats);
    return h;
}

Request create_request(std::string path, std::optional<std::string> data, int32_t flags = 0) {
    return request(op::create2, create_body(std::move(path), std::move(data), flags));
}

Request set_request(std::string path, std::optional<std::string> data, int32_t version = -1) {
    return request(op::set_data, SetDataRequest{std::move(path), std::move(data), version});
}

Request delete_request(std::string path) {
    return request(op::remove, DeleteRequest{std::move(path), -1});
}

Request multi_request(std::vector<zs::proto::MultiOp> ops) {
    return request(op::multi, MultiRequest{std::move(ops)});
}

// Per-op errors of an applied multi.
std::vector<ErrorCode> multi_errors(const zs::tree::ApplyResult& result) {
    std::vector<ErrorCode> out;
    for (const auto& op_result : result.multi) {
        out.push_back(op_result.err);
    }
    return out;
}

} // namespace

class TestQuota : public QObject {
    Q_OBJECT

  private slots:
    void stats_track_data();
    void stats_track();
    void trie_governing_data();
    void trie_governing();
    void trie_remove();
    void setquota_counts_the_subtree();
    void stats_follow_writes_data();
    void stats_follow_writes();
    void stats_rewrite_is_not_a_txn();
    void close_session_updates_stats();
    void nested_quotas();
    void delquota_stops_tracking();
    void stats_text_rewritten_canonically();
    void enforcement_data();
    void enforcement();
    void enforcement_in_multi_data();
    void enforcement_in_multi();
    void malformed_quota_text_fails_the_whole_multi();
    void quota_nodes_matched_by_string_prefix();
};

void TestQuota::stats_track_data() {
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("canonical"); // empty: ZooKeeper's parser throws
    QTest::addColumn<qint64>("count");
    QTest::addColumn<qint64>("bytes");
    QTest::addColumn<qint64>("count_hard");
    QTest::addColumn<qint64>("bytes_hard");

    QTest::newRow("stats") << "count=3,bytes=5"
                           << "count=3,bytes=5" << 3LL << 5LL << -1LL << -1LL;
    QTest::newRow("3.7 limits") << "count=-1,bytes=-1=;byteHardLimit=30;countHardLimit=6"
                                << "count=-1,bytes=-1=;byteHardLimit=30;countHardLimit=6" << -1LL
                                << -1LL << 6LL << 30LL;
    QTest::newRow("empty") << ""
                           << "count=-1,bytes=-1" << -1LL << -1LL << -1LL << -1LL;
    QTest::newRow("only separators") << ",;"
                                     << "count=-1,bytes=-1" << -1LL << -1LL << -1LL << -1LL;
    QTest::newRow("unknown keys sorted after")
        << "zeta=1;count=7,alpha=2,bytes=9"
        << "count=7,bytes=9=;alpha=2;zeta=1" << 7LL << 9LL << -1LL << -1LL;
    QTest::newRow("runs of separators") << "bytes=7,,;;count=2;"
                                        << "count=2,bytes=7" << 2LL << 7LL << -1LL << -1LL;
    QTest::newRow("old parser trick") << "count=5="
                                      << "count=5,bytes=-1" << 5LL << -1LL << -1LL << -1LL;
    QTest::newRow("empty value") << "count==5"
                                 << "count=-1,bytes=-1" << -1LL << -1LL << -1LL << -1LL;
    QTest::newRow("plus sign") << "count=+4"
                               << "count=4,bytes=-1" << 4LL << -1LL << -1LL << -1LL;
    QTest::newRow("last duplicate wins") << "count=1,count=2"
                                         << "count=2,bytes=-1" << 2LL << -1LL << -1LL << -1LL;
    QTest::newRow("empty key") << "=5,count=1"
                               << "count=1,bytes=-1=;=5" << 1LL << -1LL << -1LL << -1LL;
    QTest::newRow("leading separator") << ",count=1"
                                       << "" << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("not a number") << "count=abc"
                                  << "" << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("no value") << "count="
                              << "" << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("no equals") << "count"
                               << "" << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("only equals") << "extra=="
                                 << "" << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("sign only") << "count=+"
                               << "" << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("two signs") << "count=+-1"
                               << "" << 0LL << 0LL << 0LL << 0LL;
    QTest::newRow("past 64 bits") << "count=9223372036854775808"
                                  << "" << 0LL << 0LL << 0LL << 0LL;
}

void TestQuota::stats_track() {
    QFETCH(QString, text);
    QFETCH(QString, canonical);
    const std::optional<StatsTrack> track = StatsTrack::parse(text.toStdString());
    QCOMPARE(track.has_value(), !canonical.isEmpty());
    if (!track) {
        return;
    }
    QCOMPARE(QString::fromStdString(track->to_string()), canonical);
    QTEST(qint64(track->count()), "count");
    QTEST(qint64(track->bytes()), "bytes");
    QTEST(qint64(track->count_hard_limit()), "count_hard");
    QTEST(qint64(track->byte_hard_limit()), "bytes_hard");
}

void TestQuota::trie_governing_data() {
    QTest::addColumn<QStringList>("quotas");
    QTest::addColumn<QString>("path");
    QTest::addColumn<QString>("governing"); // empty: none

    const QStringList one{"/a"};
    const QStringList nested{"/a", "/a/b/c"};
    QTest::newRow("no quotas") << QStringList{} << "/a"
                               << "";
    QTest::newRow("the quota path") << one << "/a"
                                    << "/a";
    QTest::newRow("below it") << one << "/a/b/c"
                              << "/a";
    QTest::newRow("a longer name is not below") << one << "/ab"
                                                << "";
    QTest::newRow("root") << one << "/"
                          << "";
    QTest::newRow("elsewhere") << one << "/b/a"
                               << "";
    QTest::newRow("deepest wins") << nested << "/a/b/c/d"
                                  << "/a/b/c";
    QTest::newRow("between the two") << nested << "/a/b"
                                     << "/a";
    QTest::newRow("sibling of the inner") << nested << "/a/b/cd"
                                          << "/a";
    // ZooKeeper's PathTrie skips empty and blank components on both sides.
    QTest::newRow("blank component in quota") << QStringList{"/a/ /b"} << "/a/b"
                                              << "/a/b";
    QTest::newRow("blank component in path") << QStringList{"/a/b"} << "/a/ /b/c"
                                             << "/a/b";
    QTest::newRow("quota path without slash") << QStringList{"x"} << "/x/y"
                                              << "/x";
    QTest::newRow("empty quota path") << QStringList{""} << "/a"
                                      << "";
}

void TestQuota::trie_governing() {
    QFETCH(QStringList, quotas);
    QFETCH(QString, path);
    QuotaTrie trie;
    for (const QString& quota : quotas) {
        trie.add(quota.toStdString());
    }
    const std::optional<std::string_view> governing = trie.governing(path.toStdString());
    QTEST(governing ? QString::fromStdString(std::string(*governing)) : QString(), "governing");
}

void TestQuota::trie_remove() {
    QuotaTrie trie;
    trie.add("/a");
    trie.add("/a/b/c");
    trie.remove("/a/b"); // no quota there: nothing changes
    trie.remove("/missing");
    QCOMPARE(trie.governing("/a/b"), std::optional<std::string_view>("/a"));
    trie.remove("/a");
    QCOMPARE(trie.governing("/a/b"), std::nullopt);
    QCOMPARE(trie.governing("/a/b/c/d"), std::optional<std::string_view>("/a/b/c"));
    QVERIFY(!trie.empty());
    trie.remove("/a/b/c");
    QVERIFY(trie.empty());
}

void TestQuota::setquota_counts_the_subtree() {
    Harness h;
    h.create("/q", "abc");
    h.create("/q/a");
    h.create("/q/b", "de");
    QCOMPARE(h.tree.quota_prefix_of("/q/a"), std::nullopt);
    QCOMPARE(h.create("/zookeeper/quota/q", std::nullopt).err, ErrorCode::ok);
    QCOMPARE(h.create("/zookeeper/quota/q/zookeeper_limits", "count=5,bytes=-1").err,
             ErrorCode::ok);
    QCOMPARE(h.tree.quota_prefix_of("/q/a"), std::optional<std::string_view>("/q"));
    // Until the stats node exists there is nothing to update.
    QCOMPARE(h.create("/q/c", "xyz").err, ErrorCode::ok);
    const zs::tree::ApplyResult stats = h.create(kStats, "count=0,bytes=0");
    QCOMPARE(stats.err, ErrorCode::ok);
    // The reply describes the node as created; the server then counts /q and its subtree.
    QCOMPARE(stats.stat.data_length, 15);
    QCOMPARE(data_at(h, kStats), std::string("count=4,bytes=8"));
    QCOMPARE(h.stat(kStats).data_length, 15);
    QCOMPARE(h.stat(kStats).version, 0);
    QCOMPARE(h.stat(kStats).mzxid, stats.stat.czxid);
}

void TestQuota::stats_follow_writes_data() {
    QTest::addColumn<Request>("write");
    QTest::addColumn<QString>("stats");

    QTest::newRow("create") << create_request("/q/c", "xyz") << "count=4,bytes=8";
    QTest::newRow("create null data") << create_request("/q/n", std::nullopt) << "count=4,bytes=5";
    QTest::newRow("create grandchild") << create_request("/q/a/x", "12") << "count=4,bytes=7";
    QTest::newRow("create sequential")
        << create_request("/q/s", "1", kSequential) << "count=4,bytes=6";
    QTest::newRow("create ephemeral")
        << create_request("/q/e", "1234", kEphemeral) << "count=4,bytes=9";
    QTest::newRow("create container")
        << request(op::create_container, create_body("/q/c", "", 4)) << "count=4,bytes=5";
    QTest::newRow("create outside") << create_request("/qq", "zzzz") << "count=3,bytes=5";
    QTest::newRow("create existing") << create_request("/q/a", "zzzz") << "count=3,bytes=5";
    QTest::newRow("setData grow") << set_request("/q/a", "12345") << "count=3,bytes=10";
    QTest::newRow("setData shrink") << set_request("/q/b", "") << "count=3,bytes=3";
    QTest::newRow("setData same size") << set_request("/q/b", "xy") << "count=3,bytes=5";
    QTest::newRow("setData null") << set_request("/q/b", std::nullopt) << "count=3,bytes=3";
    QTest::newRow("setData quota root") << set_request("/q", "abcdef") << "count=3,bytes=8";
    QTest::newRow("setData bad version") << set_request("/q", "abcdef", 7) << "count=3,bytes=5";
    QTest::newRow("delete") << delete_request("/q/b") << "count=2,bytes=3";
    QTest::newRow("delete missing") << delete_request("/q/x") << "count=3,bytes=5";
    QTest::newRow("setACL") << request(op::set_acl, zs::proto::SetAclRequest{"/q/a", kOpen, -1})
                            << "count=3,bytes=5";
    QTest::newRow("multi") << multi_request({{op::create, create_body("/q/m", "mm")},
                                             {op::set_data, SetDataRequest{"/q/m", "mmmm", -1}},
                                             {op::remove, DeleteRequest{"/q/b", -1}}})
                           << "count=3,bytes=7";
    QTest::newRow("failed multi") << multi_request({{op::create, create_body("/q/m", "mm")},
                                                    {op::remove, DeleteRequest{"/q/x", -1}}})
                                  << "count=3,bytes=5";
}

void TestQuota::stats_follow_writes() {
    QFETCH(Request, write);
    Harness h = quota_fixture("count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=-1");
    QCOMPARE(data_at(h, kStats), std::string("count=3,bytes=5"));
    h.submit(write);
    QTEST(QString::fromStdString(data_at(h, kStats)), "stats");
}

void TestQuota::stats_rewrite_is_not_a_txn() {
    Harness h = quota_fixture("count=5,bytes=-1");
    const zs::proto::Stat before = h.stat(kStats);
    const int64_t size_before = h.tree.approximate_data_size();
    const size_t watcher_count = h.tree.watches().watch_count();
    h.tree.watches().add(kStats, 7, zs::tree::WatchKind::data);
    h.tree.watches().add("/zookeeper/quota/q", 7, zs::tree::WatchKind::child);

    const zs::tree::ApplyResult created = h.create("/q/data", "0123456789");
    QCOMPARE(created.err, ErrorCode::ok);
    QCOMPARE(data_at(h, kStats), std::string("count=4,bytes=15"));
    // Only the data (and so dataLength) changes: no version, mzxid or mtime of its own, no
    // notification, and the approximate data size only counts the created node, as in ZooKeeper.
    zs::proto::Stat expected = before;
    expected.data_length = 16;
    QCOMPARE(h.stat(kStats), expected);
    QCOMPARE(describe(created.events), Lines{});
    QCOMPARE(h.tree.watches().watch_count(), watcher_count + 2);
    QCOMPARE(h.tree.approximate_data_size() - size_before, int64_t(7 + 10));
}

void TestQuota::close_session_updates_stats() {
    Harness h = quota_fixture("count=5,bytes=-1");
    h.session_id = 0x200;
    QCOMPARE(h.create("/q/e1", "abc", kEphemeral).err, ErrorCode::ok);
    QCOMPARE(h.create("/q/a/e2", "", kEphemeral).err, ErrorCode::ok);
    QCOMPARE(h.create("/other", "zz", kEphemeral).err, ErrorCode::ok);
    QCOMPARE(data_at(h, kStats), std::string("count=5,bytes=8"));
    const zs::tree::ApplyResult closed =
        h.submit(request(op::close_session, zs::proto::EmptyRequest{}));
    QCOMPARE(closed.err, ErrorCode::ok);
    QVERIFY(h.tree.find("/q/e1") == nullptr);
    QCOMPARE(data_at(h, kStats), std::string("count=3,bytes=5"));
}

void TestQuota::nested_quotas() {
    Harness h;
    h.create("/n", "1");
    h.create("/n/a", "22");
    h.create("/n/a/deep", "333");
    h.create("/n/a/deep/x", "4444");
    set_quota(h, "/n", "count=100,bytes=-1");
    QCOMPARE(data_at(h, "/zookeeper/quota/n/zookeeper_stats"), std::string("count=4,bytes=10"));
    set_quota(h, "/n/a/deep", "count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=4");
    // The outer stats keep counting the inner subtree as it was; only the governing (deepest)
    // quota follows later writes.
    QCOMPARE(data_at(h, "/zookeeper/quota/n/zookeeper_stats"), std::string("count=4,bytes=10"));
    QCOMPARE(data_at(h, "/zookeeper/quota/n/a/deep/zookeeper_stats"),
             std::string("count=2,bytes=7"));
    QCOMPARE(h.create("/n/a/deep/y", "55555").err, ErrorCode::ok);
    QCOMPARE(h.create("/n/a/b", "66").err, ErrorCode::ok);
    QCOMPARE(h.create("/n/ab", "7").err, ErrorCode::ok);
    QCOMPARE(h.create("/na", "x").err, ErrorCode::ok);
    QCOMPARE(data_at(h, "/zookeeper/quota/n/zookeeper_stats"), std::string("count=6,bytes=13"));
    QCOMPARE(data_at(h, "/zookeeper/quota/n/a/deep/zookeeper_stats"),
             std::string("count=3,bytes=12"));
    QCOMPARE(h.tree.quota_prefix_of("/n/a/deep/y"), std::optional<std::string_view>("/n/a/deep"));
    QCOMPARE(h.tree.quota_prefix_of("/n/a/deeper"), std::optional<std::string_view>("/n"));
}

void TestQuota::delquota_stops_tracking() {
    Harness h;
    h.create("/n", "1");
    h.create("/n/deep", "333");
    h.create("/n/deep/x", "4444");
    set_quota(h, "/n", "count=100,bytes=-1");
    set_quota(h, "/n/deep", "count=100,bytes=-1");
    const std::string outer = "/zookeeper/quota/n/zookeeper_stats";
    const std::string inner = "/zookeeper/quota/n/deep/zookeeper_stats";
    QCOMPARE(data_at(h, outer), std::string("count=3,bytes=8"));

    // Stats gone, limits still there: the inner quota still governs but nothing is counted.
    QCOMPARE(h.remove(inner).err, ErrorCode::ok);
    QCOMPARE(h.create("/n/deep/g").err, ErrorCode::ok);
    QCOMPARE(data_at(h, outer), std::string("count=3,bytes=8"));
    // Limits gone too (zkCli's delquota): the outer quota takes over.
    QCOMPARE(h.remove("/zookeeper/quota/n/deep/zookeeper_limits").err, ErrorCode::ok);
    QCOMPARE(h.remove("/zookeeper/quota/n/deep").err, ErrorCode::ok);
    QCOMPARE(h.tree.quota_prefix_of("/n/deep/h"), std::optional<std::string_view>("/n"));
    QCOMPARE(h.create("/n/deep/h", "hh").err, ErrorCode::ok);
    QCOMPARE(data_at(h, outer), std::string("count=4,bytes=10"));

    // Quota back: a stats node is always counted from scratch, whatever data it is created with.
    set_quota(h, "/n/deep", "count=100,bytes=-1", false);
    QCOMPARE(h.create("/n/deep/i", "i").err, ErrorCode::ok);
    const zs::tree::ApplyResult stats = h.create(inner, "whatever");
    QCOMPARE(stats.stat.data_length, 8);
    QCOMPARE(data_at(h, inner), std::string("count=5,bytes=10"));
    QCOMPARE(data_at(h, outer), std::string("count=4,bytes=10"));

    // Deleting the quota'd node itself leaves the quota nodes alone, and stats may go negative.
    for (const char* path : {"/n/deep/x", "/n/deep/g", "/n/deep/h", "/n/deep/i", "/n/deep"}) {
        QCOMPARE(h.remove(path).err, ErrorCode::ok);
    }
    QCOMPARE(data_at(h, inner), std::string("count=0,bytes=0"));
    QCOMPARE(h.tree.quota_prefix_of("/n/deep"), std::optional<std::string_view>("/n/deep"));

    // Removing the outer quota leaves a tree without quotas.
    for (const char* path : {"/zookeeper/quota/n/deep/zookeeper_limits", inner.c_str(),
                             "/zookeeper/quota/n/zookeeper_limits"}) {
        QCOMPARE(h.remove(path).err, ErrorCode::ok);
    }
    QCOMPARE(h.tree.quota_prefix_of("/n/x"), std::nullopt);
    QCOMPARE(h.create("/n/x", "x").err, ErrorCode::ok);
    QCOMPARE(data_at(h, outer), std::string("count=4,bytes=10"));
}

void TestQuota::stats_text_rewritten_canonically() {
    Harness h = quota_fixture("count=5,bytes=-1");
    QCOMPARE(h.set_data(kStats, "zeta=1;count=7,alpha=2,bytes=9").err, ErrorCode::ok);
    QCOMPARE(h.create("/q/k", "k").err, ErrorCode::ok);
    QCOMPARE(data_at(h, kStats), std::string("count=8,bytes=10=;alpha=2;zeta=1"));
    QCOMPARE(h.stat(kStats).version, 1);
    // Rewritten even when the size does not change.
    QCOMPARE(h.set_data(kStats, "bytes=10;count=8").err, ErrorCode::ok);
    QCOMPARE(h.set_data("/q/k", "x").err, ErrorCode::ok);
    QCOMPARE(data_at(h, kStats), std::string("count=8,bytes=10"));
    // Text ZooKeeper cannot parse makes its apply throw (the server stops); here the stats are
    // left as they are.
    QCOMPARE(h.set_data(kStats, "count=8,bytes=10;extra==").err, ErrorCode::ok);
    QCOMPARE(h.create("/q/m", "m").err, ErrorCode::ok);
    QCOMPARE(data_at(h, kStats), std::string("count=8,bytes=10;extra=="));
}

void TestQuota::enforcement_data() {
    QTest::addColumn<std::optional<std::string>>("limits");
    QTest::addColumn<bool>("with_stats");
    QTest::addColumn<bool>("enforce");
    QTest::addColumn<Request>("write");
    QTest::addColumn<ErrorCode>("expected");

    // The fixture's stats: count=3,bytes=5.
    const auto hard = [](int count, int bytes) {
        return std::optional<std::string>(
            "count=-1,bytes=-1=;byteHardLimit=" + std::to_string(bytes) +
            ";countHardLimit=" + std::to_string(count));
    };
    const Request create_c = create_request("/q/c", "xyz");
    QTest::newRow("count at hard limit")
        << hard(3, -1) << true << true << create_c << ErrorCode::quota_exceeded;
    QTest::newRow("not enforced") << hard(3, -1) << true << false << create_c << ErrorCode::ok;
    QTest::newRow("count below hard limit")
        << hard(4, -1) << true << true << create_c << ErrorCode::ok;
    QTest::newRow("soft count only") << std::optional<std::string>("count=3,bytes=-1") << true
                                     << true << create_c << ErrorCode::ok;
    QTest::newRow("hard wins over soft")
        << std::optional<std::string>("count=1,bytes=-1=;countHardLimit=10") << true << true
        << create_c << ErrorCode::ok;
    QTest::newRow("soft ignored under hard")
        << std::optional<std::string>("count=10,bytes=-1=;countHardLimit=3") << true << true
        << create_c << ErrorCode::quota_exceeded;
    QTest::newRow("bytes over hard limit")
        << hard(-1, 7) << true << true << create_c << ErrorCode::quota_exceeded;
    QTest::newRow("bytes at hard limit")
        << hard(-1, 8) << true << true << create_c << ErrorCode::ok;
    QTest::newRow("empty create past byte limit")
        << hard(-1, 4) << true << true << create_request("/q/c", "") << ErrorCode::ok;
    QTest::newRow("sequential create")
        << hard(3, -1) << true << true << create_request("/q/s", "", kSequential)
        << ErrorCode::quota_exceeded;
    QTest::newRow("ephemeral create")
        << hard(3, -1) << true << true << create_request("/q/e", "", kEphemeral)
        << ErrorCode::quota_exceeded;
    QTest::newRow("container create")
        << hard(3, -1) << true << true << request(op::create_container, create_body("/q/c", "", 4))
        << ErrorCode::quota_exceeded;
    QTest::newRow("grandchild create")
        << hard(3, -1) << true << true << create_request("/q/a/x", "") << ErrorCode::quota_exceeded;
    QTest::newRow("outside the quota")
        << hard(3, 0) << true << true << create_request("/qq", "xyz") << ErrorCode::ok;
    QTest::newRow("node exists comes first")
        << hard(3, -1) << true << true << create_request("/q/a", "") << ErrorCode::node_exists;
    QTest::newRow("no parent comes first")
        << hard(3, -1) << true << true << create_request("/q/none/x", "") << ErrorCode::no_node;
    QTest::newRow("setData over bytes")
        << hard(-1, 7) << true << true << set_request("/q/a", "123") << ErrorCode::quota_exceeded;
    QTest::newRow("setData within bytes")
        << hard(-1, 7) << true << true << set_request("/q/b", "dex") << ErrorCode::ok;
    QTest::newRow("setData shrinking back to the limit")
        << hard(-1, 4) << true << true << set_request("/q/b", "d") << ErrorCode::ok;
    QTest::newRow("setData shrinking but still over")
        << hard(-1, 3) << true << true << set_request("/q/b", "d") << ErrorCode::quota_exceeded;
    QTest::newRow("setData same size past limit")
        << hard(-1, 4) << true << true << set_request("/q/b", "xy") << ErrorCode::ok;
    QTest::newRow("setData ignores count")
        << hard(3, -1) << true << true << set_request("/q/a", "zz") << ErrorCode::ok;
    QTest::newRow("quota before version")
        << hard(-1, 5) << true << true << set_request("/q/a", "x", 9) << ErrorCode::quota_exceeded;
    QTest::newRow("version when within quota")
        << hard(-1, 6) << true << true << set_request("/q/a", "x", 9) << ErrorCode::bad_version;
    QTest::newRow("delete never checked")
        << hard(1, 0) << true << true << delete_request("/q/b") << ErrorCode::ok;
    QTest::newRow("limits without stats")
        << hard(3, -1) << false << true << create_c << ErrorCode::ok;
    QTest::newRow("malformed limits") << std::optional<std::string>("count=abc") << true << true
                                      << create_c << ErrorCode::marshalling_error;
    QTest::newRow("malformed limits not enforced")
        << std::optional<std::string>("count=abc") << true << false << create_c << ErrorCode::ok;
    QTest::newRow("null limits") << std::optional<std::string>() << true << true << create_c
                                 << ErrorCode::marshalling_error;
}

void TestQuota::enforcement() {
    QFETCH(std::optional<std::string>, limits);
    QFETCH(bool, with_stats);
    QFETCH(bool, enforce);
    QFETCH(Request, write);
    Harness h = quota_fixture(limits, with_stats);
    h.enforce_quota = enforce;
    const zs::tree::Txn txn = h.prepare(write);
    QTEST(error_of(txn), "expected");
    // A refused write is still logged as an error txn and changes nothing.
    const std::string stats = data_at(h, kStats);
    if (error_of(txn) != ErrorCode::ok) {
        QCOMPARE(h.apply(txn).err, error_of(txn));
        QCOMPARE(data_at(h, kStats), stats);
    }
}

void TestQuota::enforcement_in_multi_data() {
    QTest::addColumn<int>("count_limit");
    QTest::addColumn<Request>("write");
    QTest::addColumn<std::vector<ErrorCode>>("errors");
    QTest::addColumn<QString>("stats");

    // The fixture: count=5,bytes=7 under byteHardLimit=30 and the row's countHardLimit; /q/m
    // holds "bb".
    const ErrorCode ok = ErrorCode::ok;
    const ErrorCode exceeded = ErrorCode::quota_exceeded;
    const ErrorCode later = ErrorCode::runtime_inconsistency;
    // Every op is checked against the tree, not against the ops before it: both creates fit.
    QTest::newRow("two creates each fit")
        << 6
        << multi_request(
               {{op::create, create_body("/q/m1", "aa")}, {op::create, create_body("/q/m2", "bb")}})
        << std::vector<ErrorCode>{ok, ok} << "count=7,bytes=11";
    QTest::newRow("delete does not make room")
        << 5
        << multi_request(
               {{op::remove, DeleteRequest{"/q/b", -1}}, {op::create, create_body("/q/m1", "")}})
        << std::vector<ErrorCode>{ok, exceeded} << "count=5,bytes=7";
    QTest::newRow("first op over")
        << 6
        << multi_request({{op::set_data, SetDataRequest{"/q/m", std::string(26, 'x'), -1}},
                          {op::set_data, SetDataRequest{"/q/m", "", -1}}})
        << std::vector<ErrorCode>{exceeded, later} << "count=5,bytes=7";
    // A setData compares with the data the ops before it left, like ZooKeeper's change records.
    QTest::newRow("setData after setData")
        << 6
        << multi_request({{op::set_data, SetDataRequest{"/q/m", "", -1}},
                          {op::set_data, SetDataRequest{"/q/m", std::string(24, 'y'), -1}}})
        << std::vector<ErrorCode>{ok, exceeded} << "count=5,bytes=7";
    QTest::newRow("setData after create")
        << 6
        << multi_request({{op::create, create_body("/q/new", "zzz")},
                          {op::set_data, SetDataRequest{"/q/new", std::string(26, 'q'), -1}}})
        << std::vector<ErrorCode>{ok, ok} << "count=6,bytes=33";
    QTest::newRow("setData after delete and create")
        << 6
        << multi_request({{op::remove, DeleteRequest{"/q/m", -1}},
                          {op::create, create_body("/q/m", "")},
                          {op::set_data, SetDataRequest{"/q/m", std::string(24, 'q'), -1}}})
        << std::vector<ErrorCode>{ok, ok, exceeded} << "count=5,bytes=7";
}

void TestQuota::enforcement_in_multi() {
    QFETCH(int, count_limit);
    QFETCH(Request, write);
    Harness h = quota_fixture("count=-1,bytes=-1=;byteHardLimit=30;countHardLimit=" +
                              std::to_string(count_limit));
    h.create("/q/m", "bb");
    h.create("/q/f", "");
    QCOMPARE(data_at(h, kStats), std::string("count=5,bytes=7"));
    h.enforce_quota = true;
    const zs::tree::ApplyResult result = h.submit(write);
    QTEST(multi_errors(result), "errors");
    QTEST(QString::fromStdString(data_at(h, kStats)), "stats");
}

void TestQuota::malformed_quota_text_fails_the_whole_multi() {
    Harness h = quota_fixture("count=-1,bytes=-1=;byteHardLimit=-1;countHardLimit=100");
    h.enforce_quota = true;
    QCOMPARE(h.set_data(kStats, ",count=1").err, ErrorCode::ok);
    const Request multi = multi_request(
        {{op::create, create_body("/elsewhere", "")}, {op::create, create_body("/q/m", "")}});
    const zs::tree::Txn txn = h.prepare(multi);
    QVERIFY(std::holds_alternative<zs::tree::ErrorTxn>(txn));
    QCOMPARE(error_of(txn), ErrorCode::marshalling_error);
    QCOMPARE(error_of(h.prepare(create_request("/q/m", ""))), ErrorCode::marshalling_error);
    QCOMPARE(error_of(h.prepare(create_request("/elsewhere", ""))), ErrorCode::ok);
}

void TestQuota::quota_nodes_matched_by_string_prefix() {
    // ZooKeeper tests a new node's parent with startsWith("/zookeeper/quota") and takes the rest
    // as the quota path, so nodes under /zookeeper/quotax act on "x" (which it finds as "/x").
    Harness h;
    h.create("/x", "12");
    h.create("/x/y", "345");
    h.create("/zookeeper/quotax", std::nullopt);
    h.create("/zookeeper/quotax/zookeeper_limits", "count=-1,bytes=-1=;countHardLimit=2");
    QCOMPARE(h.tree.quota_prefix_of("/x/z"), std::optional<std::string_view>("/x"));
    h.create("/zookeeper/quotax/zookeeper_stats", "count=9,bytes=9");
    QCOMPARE(data_at(h, "/zookeeper/quotax/zookeeper_stats"), std::string("count=0,bytes=0"));
    // The limits are looked up at /zookeeper/quota/x, where there are none.
    h.enforce_quota = true;
    QCOMPARE(h.create("/x/z").err, ErrorCode::ok);
    h.create("/zookeeper/quota/x", std::nullopt);
    h.create("/zookeeper/quota/x/zookeeper_stats", "count=0,bytes=0");
    QCOMPARE(data_at(h, "/zookeeper/quota/x/zookeeper_stats"), std::string("count=3,bytes=5"));
    QCOMPARE(h.remove("/zookeeper/quotax/zookeeper_limits").err, ErrorCode::ok);
    QCOMPARE(h.tree.quota_prefix_of("/x/z"), std::nullopt);
    // A limits node right under /zookeeper/quota makes ZooKeeper throw; here it sets no quota.
    h.create("/zookeeper/quota/zookeeper_limits", "count=1,bytes=1");
    QCOMPARE(h.tree.quota_prefix_of("/x"), std::nullopt);
}

int run_quota_tests(int argc, char** argv) {
    TestQuota test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_quota.moc"
