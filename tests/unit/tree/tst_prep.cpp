#include "tree/prep.h"
#include "tree_test_util.h"
#include "tree_tests.h"

#include <QtTest>
#include <climits>

using namespace tree_test;
using zs::proto::CreateRequest;
using zs::proto::CreateTtlRequest;
using zs::proto::MultiRequest;
using zs::tree::CreateTxn;
using zs::tree::Txn;
namespace op = zs::proto::op;
namespace perm = zs::proto::perm;

Q_DECLARE_METATYPE(ErrorCode)

namespace {

using Lines = std::vector<std::string>;

std::vector<Acl> only(int32_t perms) {
    return {Acl{perms, Id{"world", "anyone"}}};
}

// /open (with child /open/exists), /readonly (world READ only), /nodelete (all but DELETE, with
// no children), /eph (an ephemeral of session 0x100), /cont (a container), /ttl (a TTL node).
Harness fixture() {
    Harness h;
    h.create("/open");
    h.create("/open/exists", "v");
    h.create("/readonly", "", 0, only(perm::read));
    h.create("/nodelete", "", 0, only(perm::all & ~perm::remove));
    h.create("/writeonly", "", 0, only(perm::write));
    h.create("/eph", "", 1);
    h.submit(request(op::create_container, create_body("/cont", "", 4)));
    h.submit(request(op::create_ttl, CreateTtlRequest{"/ttl", "", kOpen, 5, 1000}));
    return h;
}

const CreateTxn* as_create(const Txn& txn) {
    return std::get_if<CreateTxn>(&txn);
}

MultiRequest multi_of(std::vector<zs::proto::MultiOp> ops) {
    return MultiRequest{std::move(ops)};
}

std::vector<ErrorCode> multi_errors(const Txn& txn) {
    std::vector<ErrorCode> out;
    for (const auto& sub : std::get<zs::tree::MultiTxn>(txn).ops) {
        const auto* error = std::get_if<zs::tree::ErrorTxn>(&sub);
        out.push_back(error != nullptr ? error->err : ErrorCode(1));
    }
    return out;
}

} // namespace

class TestPrep : public QObject {
    Q_OBJECT

  private slots:
    void create_modes_data();
    void create_modes();
    void sequential_names();
    void sequential_counter_wraps();
    void create_checks_in_order_data();
    void create_checks_in_order();
    void ttl_parent_without_extended_types();
    void create_acl_rules();
    void delete_rules_data();
    void delete_rules();
    void delete_container_rules_data();
    void delete_container_rules();
    void set_data_rules();
    void set_acl_rules();
    void multi_sees_earlier_ops();
    void multi_failure_data();
    void multi_failure();
    void multi_sequential_overlay_and_wrap();
    void close_session_lists_ephemerals();
    void other_requests();
};

void TestPrep::create_modes_data() {
    QTest::addColumn<int>("opcode");
    QTest::addColumn<int>("flags");
    QTest::addColumn<qint64>("ttl");
    QTest::addColumn<bool>("extended");
    QTest::addColumn<ErrorCode>("err");
    QTest::addColumn<QByteArray>("owner");
    QTest::addColumn<bool>("sequential");
    const qint64 max_ttl = zs::tree::kMaxTtlMs;
    const ErrorCode ok = ErrorCode::ok;
    const ErrorCode bad = ErrorCode::bad_arguments;
    const ErrorCode unimplemented = ErrorCode::unimplemented;
    const struct {
        const char* name;
        int opcode;
        int flags;
        qint64 ttl;
        bool extended;
        ErrorCode err;
        const char* owner;
        bool sequential;
    } rows[] = {
        {"persistent", op::create, 0, -1, true, ok, "none", false},
        {"ephemeral", op::create, 1, -1, true, ok, "session", false},
        {"persistent sequential", op::create, 2, -1, true, ok, "none", true},
        {"ephemeral sequential", op::create, 3, -1, true, ok, "session", true},
        {"container flags with create: a plain node", op::create, 4, -1, true, ok, "none", false},
        {"ttl flags with create: no ttl", op::create, 5, -1, true, bad, "", false},
        {"ttl flags with create, types off", op::create, 6, -1, false, unimplemented, "", false},
        {"flags 7", op::create, 7, -1, true, bad, "", false},
        {"flags -1", op::create2, -1, -1, true, bad, "", false},
        {"create2 ephemeral", op::create2, 1, -1, true, ok, "session", false},
        {"create2 sequential", op::create2, 2, -1, true, ok, "none", true},
        {"container", op::create_container, 4, -1, true, ok, "container", false},
        {"container opcode wins over flags", op::create_container, 0, -1, true, ok, "container",
         false},
        {"sequential container", op::create_container, 2, -1, true, ok, "container", true},
        {"ttl", op::create_ttl, 5, 1000, true, ok, "ttl", false},
        {"sequential ttl", op::create_ttl, 6, 1000, true, ok, "ttl", true},
        {"ttl max", op::create_ttl, 5, max_ttl, true, ok, "ttl", false},
        {"ttl types off", op::create_ttl, 5, 1000, false, unimplemented, "", false},
        {"ttl zero", op::create_ttl, 5, 0, true, bad, "", false},
        {"ttl negative", op::create_ttl, 5, -5, true, bad, "", false},
        {"ttl too large", op::create_ttl, 6, max_ttl + 1, true, bad, "", false},
        {"ttl on persistent mode", op::create_ttl, 0, 1000, true, bad, "", false},
        {"createTTL without ttl mode", op::create_ttl, 0, -1, true, bad, "", false},
        {"ttl on ephemeral mode", op::create_ttl, 1, 1000, true, bad, "", false},
        {"ttl opcode bad flags", op::create_ttl, 9, 1000, true, bad, "", false},
    };
    for (const auto& row : rows) {
        QTest::newRow(row.name) << row.opcode << row.flags << row.ttl << row.extended << row.err
                                << QByteArray(row.owner) << row.sequential;
    }
}

void TestPrep::create_modes() {
    QFETCH(int, opcode);
    QFETCH(int, flags);
    QFETCH(qint64, ttl);
    QFETCH(bool, extended);
    QFETCH(ErrorCode, err);
    QFETCH(QByteArray, owner);
    QFETCH(bool, sequential);
    Harness h;
    h.extended_types = extended;
    h.create("/p");
    h.create("/p/x");
    const Txn txn =
        opcode == op::create_ttl
            ? h.prepare(request(opcode, CreateTtlRequest{"/p/n", "d", kOpen, flags, ttl}))
            : h.prepare(request(opcode, create_body("/p/n", "d", flags)));
    QCOMPARE(error_of(txn), err);
    if (err != ErrorCode::ok) {
        return;
    }
    const CreateTxn* create = as_create(txn);
    QVERIFY(create != nullptr);
    QCOMPARE(create->path, std::string(sequential ? "/p/n0000000001" : "/p/n"));
    QCOMPARE(create->opcode, opcode);
    QCOMPARE(create->parent_cversion, 2);
    QCOMPARE(create->data, std::optional<std::string>("d"));
    QVERIFY(create->acl == kOpen);
    const int64_t expected_owner = owner == "session"     ? h.session_id
                                   : owner == "container" ? zs::tree::kContainerOwner
                                   : owner == "ttl"       ? (zs::tree::kTtlOwnerMask | ttl)
                                                          : 0;
    QCOMPARE(create->ephemeral_owner, expected_owner);

    QCOMPARE(h.apply(txn).err, ErrorCode::ok);
    const zs::tree::Node* node = h.tree.find(create->path);
    QVERIFY(node != nullptr);
    const zs::tree::NodeKind kind = owner == "session"     ? zs::tree::NodeKind::ephemeral
                                    : owner == "container" ? zs::tree::NodeKind::container
                                    : owner == "ttl"       ? zs::tree::NodeKind::ttl
                                                           : zs::tree::NodeKind::persistent;
    QCOMPARE(node->kind(), kind);
    QCOMPARE(h.tree.find("/p")->stored_cversion(), 2);
}

void TestPrep::sequential_names() {
    Harness h;
    h.create("/s");
    h.create("/s/x");
    QCOMPARE(h.create("/s/q-", "", 2).path, std::string("/s/q-0000000001"));
    h.remove("/s/x");
    // Deletes do not lower the stored cversion, so numbers are never reused.
    QCOMPARE(h.create("/s/q-", "", 2).path, std::string("/s/q-0000000002"));
    QCOMPARE(h.create("/s/", "", 3).path, std::string("/s/0000000003"));
    const int32_t root_cversion = h.tree.find("/")->stored_cversion();
    char expected[32];
    std::snprintf(expected, sizeof expected, "/%010d", root_cversion);
    QCOMPARE(h.create("/", "", 2).path, std::string(expected));
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/s/\x01", "", 2)))),
             ErrorCode::bad_arguments);
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/s//", "", 2)))),
             ErrorCode::no_node);
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/s/.", "", 2)))), ErrorCode::ok);
    // A sequential name that already exists is an ordinary NODEEXISTS.
    h.create("/s/q-0000000005");
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/s/q-", "", 2)))),
             ErrorCode::node_exists);
}

void TestPrep::sequential_counter_wraps() {
    Harness h;
    h.create("/w");
    // Pretend the parent already saw INT_MAX - 1 child creations.
    h.apply(zs::tree::CreateTxn{"/w/first", "", kOpen, 0, INT_MAX - 1, op::create});
    QCOMPARE(h.create("/w/n", "", 2).path, std::string("/w/n2147483646"));
    const Txn at_max = h.prepare(request(op::create, create_body("/w/n", "", 2)));
    QCOMPARE(as_create(at_max)->path, std::string("/w/n2147483647"));
    QCOMPARE(as_create(at_max)->parent_cversion, INT_MIN);
    h.apply(at_max);
    // ZooKeeper's DataTree only moves cversion forward in signed terms, so it sticks at
    // INT_MAX and the next sequential create collides with the last name.
    QCOMPARE(h.tree.find("/w")->stored_cversion(), INT_MAX);
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/w/n", "", 2)))),
             ErrorCode::node_exists);
}

void TestPrep::create_checks_in_order_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("flags");
    QTest::addColumn<bool>("empty_acl");
    QTest::addColumn<ErrorCode>("err");
    const struct {
        const char* name;
        QByteArray path;
        int flags;
        bool empty_acl;
        ErrorCode err;
    } rows[] = {
        {"ok", "/open/new", 0, false, ErrorCode::ok},
        {"flags before anything", "/missing/x", 7, true, ErrorCode::bad_arguments},
        {"no slash", "noslash", 0, false, ErrorCode::bad_arguments},
        {"NUL before parent", QByteArray("/missing/a\0b", 12), 0, false, ErrorCode::bad_arguments},
        {"acl before parent", "/missing/x", 0, true, ErrorCode::invalid_acl},
        {"missing parent", "/missing/x", 0, false, ErrorCode::no_node},
        {"missing parent before path check", "/missing/", 0, false, ErrorCode::no_node},
        {"dot parent is missing", "/open/./x", 0, false, ErrorCode::no_node},
        {"parent ACL", "/readonly/x", 0, false, ErrorCode::no_auth},
        {"parent ACL before path check", "/readonly/", 0, false, ErrorCode::no_auth},
        {"parent ACL before exists", "/readonly", 0, false, ErrorCode::ok},
        {"path check", "/open/", 0, false, ErrorCode::bad_arguments},
        {"bad character", "/open/a\x01", 0, false, ErrorCode::bad_arguments},
        {"exists", "/open/exists", 0, false, ErrorCode::node_exists},
        {"root exists", "/", 0, false, ErrorCode::node_exists},
        {"exists before ephemeral parent", "/eph", 0, false, ErrorCode::node_exists},
        {"ephemeral parent", "/eph/x", 0, false, ErrorCode::no_children_for_ephemerals},
        {"ephemeral parent, sequential", "/eph/x", 2, false, ErrorCode::no_children_for_ephemerals},
        {"container parent", "/cont/x", 0, false, ErrorCode::ok},
        {"ttl parent", "/ttl/x", 0, false, ErrorCode::ok},
        {"under /zookeeper", "/zookeeper/x", 0, false, ErrorCode::ok},
    };
    for (const auto& row : rows) {
        QTest::newRow(row.name) << row.path << row.flags << row.empty_acl << row.err;
    }
}

void TestPrep::create_checks_in_order() {
    QFETCH(QByteArray, path);
    QFETCH(int, flags);
    QFETCH(bool, empty_acl);
    QFETCH(ErrorCode, err);
    Harness h = fixture();
    // /readonly exists under the open root; creating it again fails with node_exists.
    const ErrorCode expected = path == "/readonly" ? ErrorCode::node_exists : err;
    const std::vector<Acl> acl = empty_acl ? std::vector<Acl>{} : kOpen;
    const Txn txn = h.prepare(
        request(op::create,
                create_body(std::string(path.constData(), size_t(path.size())), "", flags, acl)));
    QCOMPARE(error_of(txn), expected);
}

void TestPrep::ttl_parent_without_extended_types() {
    Harness h = fixture();
    h.extended_types = false;
    // ZooKeeper cannot tell a TTL owner from a session id then, and refuses the child.
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/ttl/x")))),
             ErrorCode::no_children_for_ephemerals);
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/cont/x")))), ErrorCode::ok);
}

void TestPrep::create_acl_rules() {
    Harness h = fixture();
    // No CREATE on /readonly: skipACL and super get through.
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/readonly/x")))),
             ErrorCode::no_auth);
    h.skip_acl = true;
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/readonly/x")))), ErrorCode::ok);
    h.skip_acl = false;
    h.auth.ids.push_back(Id{"super", ""});
    QCOMPARE(error_of(h.prepare(request(op::create, create_body("/readonly/x")))), ErrorCode::ok);

    // "auth" expands to the caller's digest ids; a digest ACL admits exactly that id.
    Harness d;
    d.auth.ids = {Id{"digest", zs::tree::digest_id("bob:secret")}};
    const std::vector<Acl> creator_all{Acl{perm::all, Id{"auth", ""}}};
    const Txn txn = d.prepare(request(op::create, create_body("/mine", "", 0, creator_all)));
    const std::vector<Acl> expanded{
        Acl{perm::all, Id{"digest", "bob:fyVmFCwVbTJYrznoSu1koqYEYF0="}}};
    QVERIFY(as_create(txn)->acl == expanded);
    d.apply(txn);
    QCOMPARE(error_of(d.prepare(request(op::create, create_body("/mine/x")))), ErrorCode::ok);
    d.auth.ids = {Id{"digest", zs::tree::digest_id("bob:wrong")}};
    QCOMPARE(error_of(d.prepare(request(op::create, create_body("/mine/x")))), ErrorCode::no_auth);
    d.auth.ids.clear();
    QCOMPARE(error_of(d.prepare(request(op::create, create_body("/x", "", 0, creator_all)))),
             ErrorCode::invalid_acl);
}

void TestPrep::delete_rules_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<int>("version");
    QTest::addColumn<ErrorCode>("err");
    QTest::newRow("root") << QByteArray("/") << -1 << ErrorCode::bad_arguments;
    QTest::newRow("zookeeper") << QByteArray("/zookeeper") << -1 << ErrorCode::bad_arguments;
    QTest::newRow("quota") << QByteArray("/zookeeper/quota") << -1 << ErrorCode::bad_arguments;
    QTest::newRow("config") << QByteArray("/zookeeper/config") << -1 << ErrorCode::bad_arguments;
    QTest::newRow("other node under /zookeeper")
        << QByteArray("/zookeeper/extra") << -1 << ErrorCode::ok;
    QTest::newRow("no slash") << QByteArray("open") << -1 << ErrorCode::bad_arguments;
    QTest::newRow("missing parent") << QByteArray("/missing/x") << -1 << ErrorCode::no_node;
    QTest::newRow("parent ACL before existence")
        << QByteArray("/nodelete/x") << -1 << ErrorCode::no_auth;
    QTest::newRow("missing") << QByteArray("/open/none") << -1 << ErrorCode::no_node;
    QTest::newRow("trailing slash is just missing")
        << QByteArray("/open/") << -1 << ErrorCode::no_node;
    QTest::newRow("version") << QByteArray("/open/exists") << 3 << ErrorCode::bad_version;
    QTest::newRow("matching version") << QByteArray("/open/exists") << 0 << ErrorCode::ok;
    QTest::newRow("version before children") << QByteArray("/open") << 3 << ErrorCode::bad_version;
    QTest::newRow("children") << QByteArray("/open") << -1 << ErrorCode::not_empty;
    QTest::newRow("ephemeral") << QByteArray("/eph") << -1 << ErrorCode::ok;
    QTest::newRow("container") << QByteArray("/cont") << -1 << ErrorCode::ok;
}

void TestPrep::delete_rules() {
    QFETCH(QByteArray, path);
    QFETCH(int, version);
    QFETCH(ErrorCode, err);
    Harness h = fixture();
    h.create("/zookeeper/extra");
    const Txn txn =
        h.prepare(request(op::remove, zs::proto::DeleteRequest{path.toStdString(), version}));
    QCOMPARE(error_of(txn), err);
    if (err == ErrorCode::ok) {
        const auto& remove = std::get<zs::tree::DeleteTxn>(txn);
        QCOMPARE(remove.path, path.toStdString());
        QCOMPARE(remove.opcode, op::remove);
        QCOMPARE(h.apply(txn).err, ErrorCode::ok);
        QVERIFY(h.tree.find(path.toStdString()) == nullptr);
    }
}

void TestPrep::delete_container_rules_data() {
    QTest::addColumn<QByteArray>("path");
    QTest::addColumn<ErrorCode>("err");
    QTest::newRow("container") << QByteArray("/cont") << ErrorCode::ok;
    QTest::newRow("ttl") << QByteArray("/ttl") << ErrorCode::ok;
    QTest::newRow("persistent, no ACL check") << QByteArray("/nodelete") << ErrorCode::ok;
    QTest::newRow("ephemeral") << QByteArray("/eph") << ErrorCode::bad_version;
    QTest::newRow("children") << QByteArray("/open") << ErrorCode::not_empty;
    QTest::newRow("missing") << QByteArray("/none") << ErrorCode::no_node;
    QTest::newRow("special") << QByteArray("/zookeeper") << ErrorCode::bad_arguments;
}

void TestPrep::delete_container_rules() {
    QFETCH(QByteArray, path);
    QFETCH(ErrorCode, err);
    Harness h = fixture();
    const Txn txn =
        h.prepare(request(op::delete_container, zs::proto::PathRequest{path.toStdString()}));
    QCOMPARE(error_of(txn), err);
    if (err == ErrorCode::ok) {
        QCOMPARE(std::get<zs::tree::DeleteTxn>(txn).opcode, op::delete_container);
        const zs::tree::ApplyResult result = h.apply(txn);
        QCOMPARE(result.err, ErrorCode::ok);
        QVERIFY(h.tree.find(path.toStdString()) == nullptr);
    }
}

void TestPrep::set_data_rules() {
    Harness h = fixture();
    const auto set = [&](const char* path, int32_t version) {
        return h.prepare(request(op::set_data, zs::proto::SetDataRequest{path, "new", version}));
    };
    QCOMPARE(error_of(set("/open/", -1)), ErrorCode::bad_arguments);
    QCOMPARE(error_of(set("/none", -1)), ErrorCode::no_node);
    QCOMPARE(error_of(set("/readonly", -1)), ErrorCode::no_auth);
    QCOMPARE(error_of(set("/open/exists", 4)), ErrorCode::bad_version);
    QCOMPARE(error_of(set("/zookeeper/config", -1)), ErrorCode::no_auth);
    const Txn ok = set("/open/exists", 0);
    const auto& txn = std::get<zs::tree::SetDataTxn>(ok);
    QCOMPARE(txn.version, 1);
    QCOMPARE(txn.data, std::optional<std::string>("new"));
    QCOMPARE(error_of(set("/writeonly", 0)), ErrorCode::ok);
    h.skip_acl = true;
    QCOMPARE(error_of(set("/zookeeper/config", -1)), ErrorCode::ok);
    h.skip_acl = false;
    h.auth.ids.push_back(Id{"super", ""});
    QCOMPARE(error_of(set("/zookeeper/config", -1)), ErrorCode::ok);
}

void TestPrep::set_acl_rules() {
    Harness h = fixture();
    const auto set = [&](const char* path, std::vector<Acl> acl, int32_t version) {
        return h.prepare(
            request(op::set_acl, zs::proto::SetAclRequest{path, std::move(acl), version}));
    };
    QCOMPARE(error_of(set("/open/", kOpen, -1)), ErrorCode::bad_arguments);
    QCOMPARE(error_of(set("/none", {}, -1)), ErrorCode::invalid_acl);
    QCOMPARE(error_of(set("/none", kOpen, -1)), ErrorCode::no_node);
    QCOMPARE(error_of(set("/readonly", kOpen, -1)), ErrorCode::no_auth);
    QCOMPARE(error_of(set("/open", kOpen, 1)), ErrorCode::bad_version);
    const Txn ok = set("/open", only(perm::read), 0);
    const auto& txn = std::get<zs::tree::SetAclTxn>(ok);
    QCOMPARE(txn.version, 1);
    QVERIFY(txn.acl == only(perm::read));
    const zs::tree::ApplyResult applied = h.apply(ok);
    QCOMPARE(applied.stat.aversion, 1);
    QCOMPARE(applied.stat.version, 0);
    QVERIFY(h.tree.acl_of(*h.tree.find("/open")) == only(perm::read));
    // Now /open grants no ADMIN.
    QCOMPARE(error_of(set("/open", kOpen, -1)), ErrorCode::no_auth);
}

void TestPrep::multi_sees_earlier_ops() {
    Harness h = fixture();
    const Txn txn = h.prepare(
        request(op::multi, multi_of({{op::create, create_body("/m")},
                                     {op::create2, create_body("/m/child", "", 1)},
                                     {op::set_data, zs::proto::SetDataRequest{"/m", "x", 0}},
                                     {op::check, zs::proto::CheckVersionRequest{"/m", 1}},
                                     {op::remove, zs::proto::DeleteRequest{"/open/exists", 0}},
                                     {op::create, create_body("/open/exists", "again")},
                                     {op::remove, zs::proto::DeleteRequest{"/m/child", -1}},
                                     {op::create_container, create_body("/m/c", "", 4)},
                                     {op::create, create_body("/m/c/x")}})));
    const auto& multi = std::get<zs::tree::MultiTxn>(txn);
    QCOMPARE(multi.ops.size(), size_t(9));
    for (const auto& sub : multi.ops) {
        QVERIFY(!std::holds_alternative<zs::tree::ErrorTxn>(sub));
    }
    QCOMPARE(std::get<CreateTxn>(multi.ops[1]).ephemeral_owner, h.session_id);
    QCOMPARE(std::get<zs::tree::SetDataTxn>(multi.ops[2]).version, 1);
    QCOMPARE(std::get<zs::tree::CheckTxn>(multi.ops[3]).version, 2);
    QCOMPARE(std::get<CreateTxn>(multi.ops[7]).parent_cversion, 2);
    QCOMPARE(std::get<CreateTxn>(multi.ops[8]).parent_cversion, 1);
    const zs::tree::ApplyResult result = h.apply(txn);
    QCOMPARE(result.err, ErrorCode::ok);
    QCOMPARE(h.tree.children_of(*h.tree.find("/m")), Lines{"c"});
    QCOMPARE(h.tree.data_of(*h.tree.find("/open/exists")), std::optional<std::string>("again"));
    QCOMPARE(h.stat("/m").version, 1);

    // An ephemeral created earlier in the same multi cannot get children.
    const Txn refused =
        h.prepare(request(op::multi, multi_of({{op::create, create_body("/e", "", 1)},
                                               {op::create, create_body("/e/x")}})));
    QCOMPARE(multi_errors(refused),
             (std::vector<ErrorCode>{ErrorCode::ok, ErrorCode::no_children_for_ephemerals}));
}

void TestPrep::multi_failure_data() {
    QTest::addColumn<int>("failing_index");
    QTest::addColumn<ErrorCode>("err");
    QTest::newRow("first") << 0 << ErrorCode::node_exists;
    QTest::newRow("middle") << 1 << ErrorCode::no_node;
    QTest::newRow("last") << 2 << ErrorCode::bad_version;
}

void TestPrep::multi_failure() {
    QFETCH(int, failing_index);
    QFETCH(ErrorCode, err);
    Harness h = fixture();
    std::vector<zs::proto::MultiOp> ops{{op::create, create_body("/a")},
                                        {op::set_data, zs::proto::SetDataRequest{"/a", "", -1}},
                                        {op::check, zs::proto::CheckVersionRequest{"/a", 1}}};
    if (failing_index == 0) {
        ops[0] = {op::create, create_body("/open")};
    } else if (failing_index == 1) {
        ops[1] = {op::set_data, zs::proto::SetDataRequest{"/b", "", -1}};
    } else {
        ops[2] = {op::check, zs::proto::CheckVersionRequest{"/a", 0}};
    }
    ops.push_back({op::remove, zs::proto::DeleteRequest{"/a", -1}});
    const Txn txn = h.prepare(request(op::multi, multi_of(ops)));
    std::vector<ErrorCode> expected(4, ErrorCode::runtime_inconsistency);
    for (int i = 0; i < failing_index; ++i) {
        expected[size_t(i)] = ErrorCode::ok;
    }
    expected[size_t(failing_index)] = err;
    QCOMPARE(multi_errors(txn), expected);
    const size_t nodes = h.tree.node_count();
    const zs::tree::ApplyResult result = h.apply(txn);
    QCOMPARE(result.err, err);
    QCOMPARE(h.tree.node_count(), nodes);
}

void TestPrep::multi_sequential_overlay_and_wrap() {
    Harness h;
    h.create("/q");
    h.create("/q/x");
    const auto seq = [](const char* path) {
        return zs::proto::MultiOp{op::create, create_body(path, "", 2)};
    };
    const Txn txn =
        h.prepare(request(op::multi, multi_of({seq("/q/n"), seq("/q/n"), seq("/q/m")})));
    const auto& ops = std::get<zs::tree::MultiTxn>(txn).ops;
    QCOMPARE(std::get<CreateTxn>(ops[0]).path, std::string("/q/n0000000001"));
    QCOMPARE(std::get<CreateTxn>(ops[1]).path, std::string("/q/n0000000002"));
    QCOMPARE(std::get<CreateTxn>(ops[2]).path, std::string("/q/m0000000003"));
    QCOMPARE(std::get<CreateTxn>(ops[2]).parent_cversion, 4);

    // A failed multi leaves nothing behind, so the numbers are handed out again.
    const Txn failed = h.prepare(request(
        op::multi, multi_of({seq("/q/n"), {op::remove, zs::proto::DeleteRequest{"/q/z", -1}}})));
    QCOMPARE(multi_errors(failed), (std::vector<ErrorCode>{ErrorCode::ok, ErrorCode::no_node}));
    h.apply(failed);
    QCOMPARE(h.create("/q/n", "", 2).path, std::string("/q/n0000000001"));

    // Inside a multi the signed counter wraps to a negative suffix.
    Harness w;
    w.create("/w");
    w.apply(zs::tree::CreateTxn{"/w/first", "", kOpen, 0, INT_MAX, op::create});
    const Txn wrapped = w.prepare(request(op::multi, multi_of({seq("/w/n"), seq("/w/n")})));
    const auto& wrapped_ops = std::get<zs::tree::MultiTxn>(wrapped).ops;
    QCOMPARE(std::get<CreateTxn>(wrapped_ops[0]).path, std::string("/w/n2147483647"));
    QCOMPARE(std::get<CreateTxn>(wrapped_ops[1]).path, std::string("/w/n-2147483648"));
    QCOMPARE(std::get<CreateTxn>(wrapped_ops[1]).parent_cversion, INT_MIN + 1);
}

void TestPrep::close_session_lists_ephemerals() {
    Harness h = fixture();
    h.create("/open/e2", "", 1);
    h.create("/open/e1", "", 3);
    h.session_id = 0x999;
    h.create("/foreign", "", 1);
    h.session_id = 0x100;
    const Txn txn = h.prepare(request(op::close_session, zs::proto::EmptyRequest{}));
    QCOMPARE(std::get<zs::tree::CloseSessionTxn>(txn).paths_to_delete,
             (Lines{"/eph", "/open/e10000000002", "/open/e2"}));
    const zs::tree::ApplyResult result = h.apply(txn);
    QCOMPARE(result.err, ErrorCode::ok);
    QCOMPARE(h.tree.ephemerals_of(0x100), Lines{});
    QCOMPARE(h.tree.ephemerals_of(0x999), Lines{"/foreign"});
}

void TestPrep::other_requests() {
    Harness h = fixture();
    QCOMPARE(
        error_of(h.prepare(request(op::get_data, zs::proto::PathWatchRequest{"/open", false}))),
        ErrorCode::unimplemented);
    QCOMPARE(error_of(h.prepare(request(op::check, zs::proto::CheckVersionRequest{"/open", -1}))),
             ErrorCode::unimplemented);
    QCOMPARE(error_of(h.prepare(request(op::create, zs::proto::DeleteRequest{"/open", -1}))),
             ErrorCode::marshalling_error);
    QCOMPARE(error_of(h.prepare(request(op::set_acl, zs::proto::EmptyRequest{}))),
             ErrorCode::marshalling_error);
    // A read op smuggled into a write multi fails the whole request, as in ZooKeeper.
    const Txn read_in_multi = h.prepare(request(
        op::multi, multi_of({{op::create, create_body("/open/m")},
                             {op::get_data, zs::proto::PathWatchRequest{"/open", false}}})));
    QCOMPARE(error_of(read_in_multi), ErrorCode::marshalling_error);
    const Txn empty = h.prepare(request(op::multi, MultiRequest{}));
    QVERIFY(std::get<zs::tree::MultiTxn>(empty).ops.empty());
    QVERIFY(h.apply(empty).multi.empty());

    // check inside a multi: READ is needed.
    const Txn check = h.prepare(request(
        op::multi, multi_of({{op::check, zs::proto::CheckVersionRequest{"/writeonly", -1}}})));
    QCOMPARE(multi_errors(check), std::vector<ErrorCode>{ErrorCode::no_auth});
    const Txn bad_check = h.prepare(
        request(op::multi, multi_of({{op::check, zs::proto::CheckVersionRequest{"/open/", -1}}})));
    QCOMPARE(multi_errors(bad_check), std::vector<ErrorCode>{ErrorCode::bad_arguments});
}

int run_prep_tests(int argc, char** argv) {
    TestPrep test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_prep.moc"
