#include "tree/data_tree.h"
#include "tree_test_util.h"
#include "tree_tests.h"

#include <QtTest>
#include <algorithm>
#include <random>
#include <set>

using namespace tree_test;
using zs::proto::Stat;
using zs::tree::ApplyResult;
using zs::tree::CreateTxn;
using zs::tree::DataTree;
using zs::tree::DeleteTxn;
using zs::tree::TxnHeader;
using zs::tree::WatchKind;
namespace op = zs::proto::op;
namespace perm = zs::proto::perm;

namespace {

using Lines = std::vector<std::string>;

const std::vector<Acl> kRead{Acl{perm::read, Id{"world", "anyone"}}};

// czxid, mzxid, ctime, mtime, version, cversion, aversion, ephemeralOwner, dataLength,
// numChildren, pzxid: the order ZooKeeper prints a Stat in.
Stat stat(int64_t czxid, int64_t mzxid, int64_t ctime, int64_t mtime, int32_t version,
          int32_t cversion, int32_t aversion, int64_t owner, int32_t data_length,
          int32_t num_children, int64_t pzxid) {
    return Stat{czxid,    mzxid, ctime,       mtime,        version, cversion,
                aversion, owner, data_length, num_children, pzxid};
}

Stat stat_at(const DataTree& tree, std::string_view path) {
    const zs::tree::Node* node = tree.find(path);
    return node != nullptr ? tree.stat_of(*node) : Stat{};
}

CreateTxn create_txn(std::string path, std::optional<std::string> data, int32_t parent_cversion,
                     int64_t owner = 0, std::vector<Acl> acl = kOpen, int32_t opcode = op::create) {
    return CreateTxn{std::move(path), std::move(data), std::move(acl),
                     owner,           parent_cversion, opcode};
}

TxnHeader header(int64_t zxid, int64_t time_ms, int64_t session_id = 0x1234) {
    return TxnHeader{session_id, 1, zxid, time_ms};
}

} // namespace

class TestDataTree : public QObject {
    Q_OBJECT

  private slots:
    void initial_tree();
    void stats_match_zookeeper();
    void parent_fields_on_create_and_delete();
    void null_data();
    void acl_cache_shares_lists();
    void large_directory();
    void deep_chain();
    void node_kinds_and_ephemeral_index();
    void expired_containers();
    void close_session_deletes_ephemerals_with_events();
    void multi_applies_all_with_one_zxid();
    void failed_multi_applies_nothing();
    void error_and_session_txns();
    void replayed_create_moves_parent_forward();
    void apply_fires_watches();
    void set_watches_data();
    void set_watches();
    void set_config_data();
};

void TestDataTree::initial_tree() {
    const DataTree tree;
    QCOMPARE(tree.find(""), tree.find("/"));
    QVERIFY(tree.find("/zookeeper/quota") != nullptr);
    QVERIFY(tree.find("zookeeper") == nullptr);
    QVERIFY(tree.find("/zookeeper/") == nullptr);
    QVERIFY(tree.find("//zookeeper") == nullptr);
    // Values printed by ZooKeeper 3.8's DataTree for the same nodes.
    QCOMPARE(stat_at(tree, "/"), stat(0, 0, 0, 0, 0, -1, 0, 0, 0, 1, 0));
    QCOMPARE(stat_at(tree, "/zookeeper"), stat(0, 0, 0, 0, 0, -2, 0, 0, 0, 2, 0));
    QCOMPARE(stat_at(tree, "/zookeeper/quota"), stat(0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0));
    QCOMPARE(stat_at(tree, "/zookeeper/config"), stat(0, 0, 0, 0, 0, 0, -1, 0, 0, 0, 0));
    QVERIFY(tree.acl_of(*tree.find("/")) == kOpen);
    QVERIFY(tree.acl_of(*tree.find("/zookeeper/quota")) == kOpen);
    QVERIFY(tree.acl_of(*tree.find("/zookeeper/config")) == kRead);
    QCOMPARE(tree.data_of(*tree.find("/zookeeper/config")), std::optional<std::string>(""));
    QCOMPARE(tree.children_of(*tree.find("/zookeeper")), (Lines{"config", "quota"}));
    QCOMPARE(tree.node_count(), size_t(5));
    QCOMPARE(tree.approximate_data_size(), int64_t(44));
    QCOMPARE(tree.descendant_count("/"), 3);
    QCOMPARE(tree.descendant_count("/zookeeper"), 2);
    QCOMPARE(tree.descendant_count("/missing"), 0);
    QCOMPARE(tree.ephemeral_count(), size_t(0));
    QCOMPARE(tree.last_processed_zxid(), int64_t(0));
}

void TestDataTree::stats_match_zookeeper() {
    // The same txns fed to ZooKeeper 3.8's DataTree gave the stats compared below.
    DataTree tree;
    QCOMPARE(tree.apply(header(5, 1050), create_txn("/a", "xy", 1)).err, ErrorCode::ok);
    QCOMPARE(tree.apply(header(6, 1060), create_txn("/a/b", std::nullopt, 1)).err, ErrorCode::ok);
    QCOMPARE(tree.apply(header(7, 1070), create_txn("/a/c", "q", 2)).err, ErrorCode::ok);
    QCOMPARE(tree.apply(header(8, 1080), DeleteTxn{"/a/b"}).err, ErrorCode::ok);
    const ApplyResult set = tree.apply(header(9, 1090), zs::tree::SetDataTxn{"/a", "hello", 1});
    QCOMPARE(set.stat, stat(5, 9, 1050, 1090, 1, 3, 0, 0, 5, 1, 8));
    const ApplyResult acl = tree.apply(header(9, 1090), zs::tree::SetAclTxn{"/a", kRead, 1});
    QCOMPARE(acl.stat, stat(5, 9, 1050, 1090, 1, 3, 1, 0, 5, 1, 8));
    QCOMPARE(tree.apply(header(10, 1100), create_txn("/caf\xc3\xa9", std::nullopt, 2, 0x1234)).err,
             ErrorCode::ok);

    QCOMPARE(stat_at(tree, "/"), stat(0, 0, 0, 0, 0, 1, 0, 0, 0, 3, 10));
    QCOMPARE(stat_at(tree, "/a"), stat(5, 9, 1050, 1090, 1, 3, 1, 0, 5, 1, 8));
    QCOMPARE(stat_at(tree, "/a/c"), stat(7, 7, 1070, 1070, 0, 0, 0, 0, 1, 0, 7));
    QCOMPARE(stat_at(tree, "/caf\xc3\xa9"), stat(10, 10, 1100, 1100, 0, 0, 0, 0x1234, 0, 0, 10));
    QVERIFY(tree.acl_of(*tree.find("/a")) == kRead);
    QCOMPARE(tree.node_count(), size_t(8));
    QCOMPARE(tree.approximate_data_size(), int64_t(61));
    QCOMPARE(tree.descendant_count("/"), 6);
    QCOMPARE(tree.descendant_count("/a"), 1);
    QCOMPARE(tree.ephemeral_count(), size_t(1));
    QCOMPARE(tree.acl_count(), size_t(2));
    QCOMPARE(tree.last_processed_zxid(), int64_t(10));

    // A delete with an older zxid (a replay) leaves pzxid alone; the wire cversion still moves.
    QCOMPARE(tree.apply(header(3, 1100), DeleteTxn{"/a/c"}).err, ErrorCode::ok);
    QCOMPARE(stat_at(tree, "/a"), stat(5, 9, 1050, 1090, 1, 4, 1, 0, 5, 0, 8));
    QCOMPARE(tree.last_processed_zxid(), int64_t(10));
}

void TestDataTree::parent_fields_on_create_and_delete() {
    Harness h;
    h.create("/p", "data");
    const Stat before = h.stat("/p");
    const ApplyResult child = h.create("/p/c");
    QCOMPARE(child.err, ErrorCode::ok);
    QCOMPARE(child.path, std::string("/p/c"));
    QCOMPARE(child.stat, h.stat("/p/c"));
    QCOMPARE(child.stat.czxid, h.zxid);
    QCOMPARE(child.stat.pzxid, h.zxid);
    QCOMPARE(child.stat.ctime, h.time_ms);
    Stat parent = h.stat("/p");
    QCOMPARE(parent.cversion, 1);
    QCOMPARE(parent.pzxid, h.zxid);
    QCOMPARE(parent.mzxid, before.mzxid);
    QCOMPARE(parent.mtime, before.mtime);
    QCOMPARE(parent.version, 0);

    h.create("/p/d");
    QCOMPARE(h.stat("/p").cversion, 2);
    QCOMPARE(h.remove("/p/c").err, ErrorCode::ok);
    parent = h.stat("/p");
    QCOMPARE(parent.cversion, 3); // stored 2 creates, 1 child left
    QCOMPARE(parent.pzxid, h.zxid);
    QCOMPARE(parent.num_children, 1);
    QCOMPARE(h.tree.find("/p")->stored_cversion(), 2);
    QVERIFY(h.tree.find("/p/c") == nullptr);

    const ApplyResult set = h.set_data("/p", "new");
    QCOMPARE(set.stat.version, 1);
    QCOMPARE(set.stat.mzxid, h.zxid);
    QCOMPARE(set.stat.mtime, h.time_ms);
    QCOMPARE(set.stat.czxid, before.czxid);
    QCOMPARE(set.stat.data_length, 3);
    QCOMPARE(set.stat.pzxid, parent.pzxid);
}

void TestDataTree::null_data() {
    Harness h;
    h.create("/n", std::nullopt);
    const zs::tree::Node* node = h.tree.find("/n");
    QVERIFY(!h.tree.data_of(*node).has_value());
    QCOMPARE(h.stat("/n").data_length, 0);
    h.set_data("/n", "");
    QCOMPARE(h.tree.data_of(*node), std::optional<std::string>(""));
    h.set_data("/n", std::string(2000, 'x'));
    QCOMPARE(h.stat("/n").data_length, 2000);
    QCOMPARE(node->name(), std::string_view("n"));
    h.set_data("/n", std::nullopt);
    QVERIFY(!h.tree.data_of(*node).has_value());
    QCOMPARE(h.tree.approximate_data_size(), int64_t(44 + 2));
}

void TestDataTree::acl_cache_shares_lists() {
    Harness h;
    const size_t initial = h.tree.acl_count();
    const std::vector<Acl> custom{Acl{perm::read | perm::write, Id{"ip", "10.0.0.0/8"}},
                                  Acl{perm::all, Id{"world", "anyone"}}};
    for (int i = 0; i < 50; ++i) {
        QCOMPARE(h.create("/n" + std::to_string(i), "", 0, custom).err, ErrorCode::ok);
    }
    QCOMPARE(h.tree.acl_count(), initial + 1);
    QVERIFY(h.tree.acl_of(*h.tree.find("/n7")) == custom);
    for (int i = 0; i < 50; ++i) {
        h.remove("/n" + std::to_string(i));
    }
    QCOMPARE(h.tree.acl_count(), initial);
}

void TestDataTree::large_directory() {
    DataTree tree;
    std::vector<std::string> names;
    for (int i = 0; i < 3000; ++i) {
        names.push_back("child-" + std::to_string(i * 7919 % 10007));
    }
    std::mt19937 random(42);
    std::shuffle(names.begin(), names.end(), random);
    int64_t zxid = 1;
    tree.apply(header(zxid++, 1), create_txn("/dir", "", -1));
    for (const std::string& name : names) {
        QCOMPARE(tree.apply(header(zxid++, 1), create_txn("/dir/" + name, "", -1)).err,
                 ErrorCode::ok);
    }
    QCOMPARE(
        tree.apply(header(zxid++, 1), create_txn("/dir/" + names[5], "", -1, 0, kOpen, op::create2))
            .err,
        ErrorCode::node_exists);
    std::shuffle(names.begin(), names.end(), random);
    const std::vector<std::string> removed(names.begin(), names.begin() + 2500);
    for (const std::string& name : removed) {
        QCOMPARE(tree.apply(header(zxid++, 1), DeleteTxn{"/dir/" + name}).err, ErrorCode::ok);
    }
    std::vector<std::string> kept(names.begin() + 2500, names.end());
    std::sort(kept.begin(), kept.end());
    const zs::tree::Node* dir = tree.find("/dir");
    QCOMPARE(tree.children_of(*dir), kept);
    for (const std::string& name : kept) {
        QVERIFY(tree.find("/dir/" + name) != nullptr);
    }
    for (const std::string& name : removed) {
        QVERIFY(tree.find("/dir/" + name) == nullptr);
    }
    QCOMPARE(tree.descendant_count("/dir"), 500);
    QCOMPARE(tree.stat_of(*dir).cversion, 2 * 3000 - 500);
    for (const std::string& name : kept) {
        tree.apply(header(zxid++, 1), DeleteTxn{"/dir/" + name});
    }
    QCOMPARE(dir->child_count(), 0u);
    QCOMPARE(tree.node_count(), size_t(6));
}

void TestDataTree::deep_chain() {
    DataTree tree;
    std::string path;
    for (int depth = 0; depth < 3000; ++depth) {
        path += "/d";
        QCOMPARE(tree.apply(header(depth + 1, 1), create_txn(path, "", -1)).err, ErrorCode::ok);
    }
    QCOMPARE(tree.descendant_count("/d"), 2999);
    QCOMPARE(tree.descendant_count("/d/d/d"), 2997);
    QVERIFY(tree.find(path) != nullptr);
    QCOMPARE(tree.descendant_count("/"), 3003);
}

void TestDataTree::node_kinds_and_ephemeral_index() {
    Harness h;
    h.session_id = 0x55;
    QCOMPARE(h.create("/e2", "", 1).err, ErrorCode::ok);
    QCOMPARE(h.create("/e1", "", 1).err, ErrorCode::ok);
    QCOMPARE(h.submit(request(op::create_container, create_body("/c", "", 4))).err, ErrorCode::ok);
    QCOMPARE(
        h.submit(request(op::create_ttl, zs::proto::CreateTtlRequest{"/t", "", kOpen, 5, 60000}))
            .err,
        ErrorCode::ok);
    h.session_id = 0x66;
    QCOMPARE(h.create("/other", "", 3).err, ErrorCode::ok);

    QCOMPARE(h.stat("/e1").ephemeral_owner, int64_t(0x55));
    QCOMPARE(h.stat("/c").ephemeral_owner, int64_t(0));
    QCOMPARE(h.stat("/t").ephemeral_owner, int64_t(0));
    QCOMPARE(h.tree.find("/c")->kind(), zs::tree::NodeKind::container);
    QCOMPARE(h.tree.find("/t")->kind(), zs::tree::NodeKind::ttl);
    QCOMPARE(h.tree.find("/t")->ephemeral_owner(), zs::tree::kTtlOwnerMask | 60000);
    QCOMPARE(h.tree.find("/c")->ephemeral_owner(), zs::tree::kContainerOwner);
    QCOMPARE(h.tree.find("/e1")->kind(), zs::tree::NodeKind::ephemeral);
    QCOMPARE(h.tree.ephemerals_of(0x55), (Lines{"/e1", "/e2"}));
    QCOMPARE(h.tree.ephemerals_of(0x77), Lines{});
    const std::map<int64_t, std::vector<std::string>> all{{0x55, {"/e1", "/e2"}},
                                                          {0x66, {"/other0000000004"}}};
    QVERIFY(h.tree.all_ephemerals() == all);
    QCOMPARE(h.tree.ephemeral_count(), size_t(3));
    h.session_id = 0x55;
    h.remove("/e1");
    QCOMPARE(h.tree.ephemerals_of(0x55), Lines{"/e2"});
    QCOMPARE(h.tree.ephemeral_count(), size_t(2));
}

void TestDataTree::expired_containers() {
    Harness h;
    h.submit(request(op::create_container, create_body("/unused", "", 4)));
    h.submit(request(op::create_container, create_body("/used", "", 4)));
    h.submit(request(op::create_container, create_body("/busy", "", 4)));
    h.create("/used/x");
    h.remove("/used/x");
    h.create("/busy/x");
    h.submit(request(op::create_ttl, zs::proto::CreateTtlRequest{"/ttl", "", kOpen, 5, 500}));
    h.submit(request(op::create_ttl, zs::proto::CreateTtlRequest{"/ttl-parent", "", kOpen, 5, 1}));
    h.create("/ttl-parent/x");
    const int64_t ttl_mtime = h.stat("/ttl").mtime;

    QCOMPARE(h.tree.expired_containers(ttl_mtime + 500, 10), Lines{"/used"});
    QCOMPARE(h.tree.expired_containers(ttl_mtime + 501, 10), (Lines{"/used", "/ttl"}));
    QCOMPARE(h.tree.expired_containers(ttl_mtime + 501, 1), Lines{"/used"});
    QCOMPARE(h.tree.expired_containers(ttl_mtime + 501, 0), Lines{});

    // A write moves mtime and so the TTL deadline.
    h.set_data("/ttl", "again");
    QCOMPARE(h.tree.expired_containers(ttl_mtime + 501, 10), Lines{"/used"});

    // The server removes them with deleteContainer.
    const ApplyResult removed =
        h.submit(request(op::delete_container, zs::proto::PathRequest{"/used"}));
    QCOMPARE(removed.err, ErrorCode::ok);
    QVERIFY(h.tree.find("/used") == nullptr);
    QCOMPARE(h.tree.expired_containers(ttl_mtime + 501, 10), Lines{});
}

void TestDataTree::close_session_deletes_ephemerals_with_events() {
    Harness h;
    h.session_id = 0x42;
    h.create("/p");
    h.create("/p/e", "", 1);
    h.create("/e", "", 1);
    const zs::tree::Txn txn = h.prepare(request(op::close_session, zs::proto::EmptyRequest{}));
    const auto* close = std::get_if<zs::tree::CloseSessionTxn>(&txn);
    QVERIFY(close != nullptr);
    QCOMPARE(close->paths_to_delete, (Lines{"/e", "/p/e"}));

    // The log also names a path that is already gone; the session still owns /late, which the
    // txn does not name (created after it was prepared): both cases are handled.
    h.create("/late", "", 1);
    h.tree.watches().add("/p/e", 1, WatchKind::data);
    h.tree.watches().add("/p", 2, WatchKind::child);
    h.tree.watches().add("/", 3, WatchKind::child);
    h.tree.watches().add("/late", 4, WatchKind::data);
    zs::tree::CloseSessionTxn logged = *close;
    logged.paths_to_delete.insert(logged.paths_to_delete.begin(), "/gone");
    const ApplyResult result = h.apply(logged);
    QCOMPARE(result.err, ErrorCode::ok);
    QCOMPARE(describe(result.events),
             (Lines{"3 children /", "1 deleted /p/e", "2 children /p", "4 deleted /late"}));
    QVERIFY(h.tree.find("/e") == nullptr);
    QVERIFY(h.tree.find("/p/e") == nullptr);
    QVERIFY(h.tree.find("/late") == nullptr);
    QVERIFY(h.tree.find("/p") != nullptr);
    QCOMPARE(h.tree.ephemerals_of(0x42), Lines{});
    QCOMPARE(h.tree.ephemeral_count(), size_t(0));
}

void TestDataTree::multi_applies_all_with_one_zxid() {
    Harness h;
    h.create("/m", "v0");
    h.tree.watches().add("/m", 9, WatchKind::data);
    zs::proto::MultiRequest multi;
    multi.ops.push_back({op::create, create_body("/m/a", "1")});
    multi.ops.push_back({op::create2, create_body("/m/b", "2")});
    multi.ops.push_back({op::set_data, zs::proto::SetDataRequest{"/m", "v1", 0}});
    multi.ops.push_back({op::check, zs::proto::CheckVersionRequest{"/m", 1}});
    multi.ops.push_back({op::remove, zs::proto::DeleteRequest{"/m/a", 0}});
    const ApplyResult result = h.submit(request(op::multi, multi));
    QCOMPARE(result.err, ErrorCode::ok);
    QCOMPARE(result.multi.size(), size_t(5));
    const int32_t opcodes[] = {op::create, op::create2, op::set_data, op::check, op::remove};
    for (size_t i = 0; i < 5; ++i) {
        QCOMPARE(result.multi[i].err, ErrorCode::ok);
        QCOMPARE(result.multi[i].opcode, opcodes[i]);
    }
    QCOMPARE(result.multi[1].path, std::string("/m/b"));
    QCOMPARE(result.multi[1].stat.czxid, h.zxid);
    QCOMPARE(result.multi[2].stat.version, 1);
    QCOMPARE(h.stat("/m").pzxid, h.zxid);
    QCOMPARE(h.stat("/m").cversion, 3);
    QVERIFY(h.tree.find("/m/a") == nullptr);
    QCOMPARE(describe(result.events), Lines{"9 changed /m"});
    QCOMPARE(h.tree.last_processed_zxid(), h.zxid);
}

void TestDataTree::failed_multi_applies_nothing() {
    Harness h;
    h.create("/m");
    const Stat before = h.stat("/m");
    zs::proto::MultiRequest multi;
    multi.ops.push_back({op::create, create_body("/m/a")});
    multi.ops.push_back({op::set_data, zs::proto::SetDataRequest{"/m", "x", 0}});
    multi.ops.push_back({op::check, zs::proto::CheckVersionRequest{"/m", 0}}); // now 1: fails
    multi.ops.push_back({op::remove, zs::proto::DeleteRequest{"/m/a", -1}});
    const ApplyResult result = h.submit(request(op::multi, multi));
    QCOMPARE(result.err, ErrorCode::bad_version);
    const ErrorCode expected[] = {ErrorCode::ok, ErrorCode::ok, ErrorCode::bad_version,
                                  ErrorCode::runtime_inconsistency};
    QCOMPARE(result.multi.size(), size_t(4));
    for (size_t i = 0; i < 4; ++i) {
        QCOMPARE(result.multi[i].err, expected[i]);
        QCOMPARE(result.multi[i].opcode, op::error);
    }
    QCOMPARE(h.stat("/m"), before);
    QVERIFY(h.tree.find("/m/a") == nullptr);
    QVERIFY(result.events.empty());
    QCOMPARE(h.tree.last_processed_zxid(), h.zxid);

    // A logged multi mixing real sub-txns with an error (as ZooKeeper's processor writes it)
    // reports ok before the error and runtime_inconsistency after it, applying nothing.
    zs::tree::MultiTxn mixed;
    mixed.ops.push_back(create_txn("/m/x", "", -1));
    mixed.ops.push_back(zs::tree::ErrorTxn{ErrorCode::node_exists});
    mixed.ops.push_back(DeleteTxn{"/m"});
    const ApplyResult replay = h.apply(mixed);
    QCOMPARE(replay.multi[0].err, ErrorCode::ok);
    QCOMPARE(replay.multi[1].err, ErrorCode::node_exists);
    QCOMPARE(replay.multi[2].err, ErrorCode::runtime_inconsistency);
    QVERIFY(h.tree.find("/m/x") == nullptr);
    QVERIFY(h.tree.find("/m") != nullptr);
}

void TestDataTree::error_and_session_txns() {
    DataTree tree;
    const ApplyResult error = tree.apply(header(7, 1), zs::tree::ErrorTxn{ErrorCode::no_node});
    QCOMPARE(error.err, ErrorCode::no_node);
    QCOMPARE(tree.last_processed_zxid(), int64_t(7));
    QCOMPARE(tree.apply(header(8, 1), zs::tree::CreateSessionTxn{30000}).err, ErrorCode::ok);
    QCOMPARE(tree.last_processed_zxid(), int64_t(8));
    QCOMPARE(tree.apply(header(9, 1), zs::tree::CheckTxn{"/", 1}).path, std::string("/"));
    QCOMPARE(tree.node_count(), size_t(5));
    QCOMPARE(tree.apply(header(10, 1), create_txn("/x/y", "", -1)).err, ErrorCode::no_node);
    QCOMPARE(tree.apply(header(11, 1), DeleteTxn{"/x"}).err, ErrorCode::no_node);
    QCOMPARE(tree.apply(header(12, 1), zs::tree::SetDataTxn{"/x", "", 1}).err, ErrorCode::no_node);
    QCOMPARE(tree.apply(header(13, 1), zs::tree::SetAclTxn{"/x", kOpen, 1}).err,
             ErrorCode::no_node);
    QCOMPARE(tree.node_count(), size_t(5));
}

void TestDataTree::replayed_create_moves_parent_forward() {
    DataTree tree;
    tree.apply(header(1, 1), create_txn("/a", "", 1));
    QCOMPARE(tree.apply(header(5, 1), create_txn("/a", "", 4)).err, ErrorCode::node_exists);
    QCOMPARE(tree.find("/")->stored_cversion(), 4);
    QCOMPARE(stat_at(tree, "/").pzxid, int64_t(5));
    // Only plain create (opcode 1) does this in ZooKeeper.
    QCOMPARE(tree.apply(header(6, 1), create_txn("/a", "", 9, 0, kOpen, op::create2)).err,
             ErrorCode::node_exists);
    QCOMPARE(tree.find("/")->stored_cversion(), 4);
    // A create whose parent_cversion is behind the parent's leaves cversion and pzxid alone.
    QCOMPARE(tree.apply(header(7, 1), create_txn("/b", "", 2)).err, ErrorCode::ok);
    QCOMPARE(tree.find("/")->stored_cversion(), 4);
    QCOMPARE(stat_at(tree, "/").pzxid, int64_t(5));
}

void TestDataTree::apply_fires_watches() {
    Harness h;
    h.create("/a");
    auto& watches = h.tree.watches();
    watches.add("/a/b", 1, WatchKind::data); // an exists watch on a missing node
    watches.add("/a", 2, WatchKind::child);
    watches.add("/", 3, WatchKind::persistent_recursive);
    QCOMPARE(describe(h.create("/a/b").events),
             (Lines{"1 created /a/b", "3 created /a/b", "2 children /a"}));
    watches.add("/a/b", 1, WatchKind::data);
    QCOMPARE(describe(h.set_data("/a/b", "x").events), (Lines{"1 changed /a/b", "3 changed /a/b"}));
    const ApplyResult acl =
        h.submit(request(op::set_acl, zs::proto::SetAclRequest{"/a/b", kRead, -1}));
    QCOMPARE(acl.err, ErrorCode::ok);
    QVERIFY(acl.events.empty());
    watches.add("/a/b", 1, WatchKind::child);
    watches.add("/a", 2, WatchKind::child);
    QCOMPARE(describe(h.remove("/a/b").events),
             (Lines{"1 deleted /a/b", "3 deleted /a/b", "2 children /a"}));
    QCOMPARE(describe(h.create("/top").events), (Lines{"3 created /top"}));
}

void TestDataTree::set_watches_data() {
    QTest::addColumn<QByteArray>("list");
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("relative_zxid");
    QTest::addColumn<QByteArray>("event");
    QTest::addColumn<bool>("rearmed");
    // /n: created at zxid 1, child created at 2, data set at 3; relative zxids around those.
    QTest::newRow("data gone") << QByteArray("data") << QByteArray("/gone") << 3
                               << QByteArray("1 deleted /gone") << false;
    QTest::newRow("data changed") << QByteArray("data") << QByteArray("/n") << 2
                                  << QByteArray("1 changed /n") << false;
    QTest::newRow("data current") << QByteArray("data") << QByteArray("/n") << 3 << QByteArray()
                                  << true;
    QTest::newRow("exist created")
        << QByteArray("exist") << QByteArray("/n") << 0 << QByteArray("1 created /n") << false;
    QTest::newRow("exist still missing")
        << QByteArray("exist") << QByteArray("/gone") << 0 << QByteArray() << true;
    QTest::newRow("child gone") << QByteArray("child") << QByteArray("/gone") << 3
                                << QByteArray("1 deleted /gone") << false;
    QTest::newRow("child changed")
        << QByteArray("child") << QByteArray("/n") << 1 << QByteArray("1 children /n") << false;
    QTest::newRow("child current")
        << QByteArray("child") << QByteArray("/n") << 2 << QByteArray() << true;
    QTest::newRow("persistent") << QByteArray("persistent") << QByteArray("/gone") << 0
                                << QByteArray() << true;
    QTest::newRow("recursive") << QByteArray("recursive") << QByteArray("/n") << 0 << QByteArray()
                               << true;
}

void TestDataTree::set_watches() {
    QFETCH(QByteArray, list);
    QFETCH(QByteArray, path);
    QFETCH(int, relative_zxid);
    QFETCH(QByteArray, event);
    QFETCH(bool, rearmed);
    Harness h;
    h.create("/n");
    h.create("/n/c");
    h.set_data("/n", "x");
    zs::proto::SetWatches2 request;
    request.relative_zxid = relative_zxid;
    std::vector<std::string>* target = list == "data"    ? &request.data_watches
                                       : list == "exist" ? &request.exist_watches
                                       : list == "child" ? &request.child_watches
                                       : list == "persistent"
                                           ? &request.persistent_watches
                                           : &request.persistent_recursive_watches;
    target->push_back(path.toStdString());
    std::vector<zs::tree::WatchDelivery> out;
    h.tree.set_watches(relative_zxid, request, 1, out);
    QCOMPARE(describe(out), event.isEmpty() ? Lines{} : Lines{event.toStdString()});
    QCOMPARE(h.tree.watches().contains(path.toStdString(), 1, zs::proto::WatcherType::any),
             rearmed);
}

void TestDataTree::set_config_data() {
    DataTree tree;
    tree.set_config_data("server.1=localhost:2888:3888:participant\nversion=0", 0x100000000,
                         1796031422555);
    const zs::tree::Node* config = tree.find("/zookeeper/config");
    QCOMPARE(tree.data_of(*config),
             std::optional<std::string>("server.1=localhost:2888:3888:participant\nversion=0"));
    QCOMPARE(tree.approximate_data_size(), int64_t(44 + 50));
    QCOMPARE(tree.stat_of(*config).data_length, 50);
    // As ZooKeeper's members leave it: mzxid the config's version, dataVersion -1.
    QCOMPARE(tree.stat_of(*config).mzxid, int64_t(0x100000000));
    QCOMPARE(tree.stat_of(*config).version, -1);
    QCOMPARE(tree.stat_of(*config).mtime, int64_t(1796031422555));
    QCOMPARE(config->name(), std::string_view("config"));
}

int run_data_tree_tests(int argc, char** argv) {
    TestDataTree test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_data_tree.moc"
