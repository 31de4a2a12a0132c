// prepare() with PendingChanges: writes prepared while earlier txns are still in flight see their
// effects, and the records go once the txns are applied.
#include "tree/pending_changes.h"
#include "tree/prep.h"
#include "tree_test_util.h"
#include "tree_tests.h"

#include <QtTest>

using namespace tree_test;
using zs::proto::MultiRequest;
using zs::tree::CreateTxn;
using zs::tree::PendingChanges;
using zs::tree::Txn;
namespace op = zs::proto::op;
namespace perm = zs::proto::perm;

namespace {

// A server's view: txns are prepared against the tree plus the pending changes, queued, and
// applied later in zxid order.
struct Pipeline {
    Harness h;
    PendingChanges pending;
    std::vector<std::pair<zs::tree::TxnHeader, Txn>> in_flight;

    Txn prepare(const zs::proto::Request& req, int64_t session_id = 0x100) {
        const int64_t zxid = h.zxid + static_cast<int64_t>(in_flight.size()) + 1;
        const zs::tree::PrepContext context{.session_id = session_id,
                                            .auth = h.auth,
                                            .now_ms = h.time_ms,
                                            .extended_types_enabled = true,
                                            .skip_acl = false,
                                            .enforce_quota = false};
        Txn txn = zs::tree::prepare(h.tree, pending, zxid, req, context);
        in_flight.emplace_back(zs::tree::TxnHeader{session_id, 1, zxid, h.time_ms}, txn);
        return txn;
    }
    Txn create(std::string path, int32_t flags = 0, std::vector<Acl> acl = kOpen,
               int64_t session_id = 0x100) {
        return prepare(
            request(op::create2, create_body(std::move(path), "", flags, std::move(acl))),
            session_id);
    }
    Txn set_data(std::string path, int32_t version) {
        return prepare(
            request(op::set_data, zs::proto::SetDataRequest{std::move(path), "x", version}));
    }
    Txn remove(std::string path, int32_t version = -1) {
        return prepare(request(op::remove, zs::proto::DeleteRequest{std::move(path), version}));
    }
    // Applies the oldest `count` txns in flight, as the server does once they are durable.
    void apply(size_t count) {
        for (size_t i = 0; i < count; ++i) {
            const auto& [header, txn] = in_flight.front();
            h.tree.apply(header, txn);
            h.zxid = header.zxid;
            pending.applied_through(header.zxid);
            in_flight.erase(in_flight.begin());
        }
    }
    void apply_all() { apply(in_flight.size()); }
};

int32_t set_version(const Txn& txn) {
    const auto* set = std::get_if<zs::tree::SetDataTxn>(&txn);
    return set != nullptr ? set->version : -1;
}

std::string created_path(const Txn& txn) {
    const auto* create = std::get_if<CreateTxn>(&txn);
    return create != nullptr ? create->path : std::string("(error)");
}

// A txn as text ("create /a/x-0000000001 owner=256 pcv=2"), to compare prepared txns.
std::string summary(const Txn& txn);

std::string sub_summary(const zs::tree::SubTxn& sub) {
    return summary(std::visit([](const auto& t) -> Txn { return t; }, sub));
}

std::string summary(const Txn& txn) {
    if (const auto* t = std::get_if<CreateTxn>(&txn)) {
        return "create " + t->path + " owner=" + std::to_string(t->ephemeral_owner) +
               " pcv=" + std::to_string(t->parent_cversion);
    }
    if (const auto* t = std::get_if<zs::tree::DeleteTxn>(&txn)) {
        return "delete " + t->path;
    }
    if (const auto* t = std::get_if<zs::tree::SetDataTxn>(&txn)) {
        return "set " + t->path + " v=" + std::to_string(t->version);
    }
    if (const auto* t = std::get_if<zs::tree::ErrorTxn>(&txn)) {
        return "error " + std::to_string(static_cast<int>(t->err));
    }
    if (const auto* t = std::get_if<zs::tree::MultiTxn>(&txn)) {
        std::string out = "multi[";
        for (const auto& sub : t->ops) {
            out += sub_summary(sub) + ";";
        }
        return out + "]";
    }
    return "other";
}

} // namespace

class TestPendingChanges : public QObject {
    Q_OBJECT

  private slots:
    void versions_continue_across_requests_data();
    void versions_continue_across_requests();
    void existence_and_child_counts();
    void sequential_names_do_not_repeat();
    void acl_change_in_flight_applies();
    void close_session_sees_ephemerals_in_flight();
    void records_go_when_applied();
    void failed_txns_record_nothing();
    void same_outcome_as_one_at_a_time();
};

void TestPendingChanges::versions_continue_across_requests_data() {
    QTest::addColumn<int32_t>("expected_version");
    QTest::addColumn<ErrorCode>("err");
    // Two setData of /n (versions 1, 2) are in flight when the third request is prepared.
    QTest::newRow("any version") << -1 << ErrorCode::ok;
    QTest::newRow("version in flight") << 2 << ErrorCode::ok;
    QTest::newRow("applied version") << 0 << ErrorCode::bad_version;
    QTest::newRow("version after it") << 3 << ErrorCode::bad_version;
}

void TestPendingChanges::versions_continue_across_requests() {
    QFETCH(int32_t, expected_version);
    QFETCH(ErrorCode, err);
    Pipeline p;
    p.h.create("/n");
    QCOMPARE(set_version(p.set_data("/n", -1)), 1);
    QCOMPARE(set_version(p.set_data("/n", 1)), 2);
    const Txn third = p.set_data("/n", expected_version);
    QCOMPARE(error_of(third), err);
    if (err == ErrorCode::ok) {
        QCOMPARE(set_version(third), 3);
    }
    p.apply_all();
    QCOMPARE(p.h.stat("/n").version, err == ErrorCode::ok ? 3 : 2);
}

void TestPendingChanges::existence_and_child_counts() {
    Pipeline p;
    QCOMPARE(error_of(p.create("/a")), ErrorCode::ok);
    QCOMPARE(error_of(p.create("/a")), ErrorCode::node_exists);
    QCOMPARE(error_of(p.create("/a/b")), ErrorCode::ok); // its parent is only in flight
    QCOMPARE(error_of(p.remove("/a")), ErrorCode::not_empty);
    QCOMPARE(error_of(p.remove("/a/b")), ErrorCode::ok);
    QCOMPARE(error_of(p.remove("/a/b")), ErrorCode::no_node);
    QCOMPARE(error_of(p.remove("/a")), ErrorCode::ok);
    QCOMPARE(error_of(p.set_data("/a", -1)), ErrorCode::no_node);
    p.apply_all();
    QVERIFY(p.h.tree.find("/a") == nullptr);
    QVERIFY(p.pending.empty());
}

void TestPendingChanges::sequential_names_do_not_repeat() {
    Pipeline p;
    p.h.create("/q");
    QCOMPARE(created_path(p.create("/q/n-", 2)), std::string("/q/n-0000000000"));
    QCOMPARE(created_path(p.create("/q/n-", 2)), std::string("/q/n-0000000001"));
    p.apply(1);
    QCOMPARE(created_path(p.create("/q/n-", 2)), std::string("/q/n-0000000002"));
    QCOMPARE(error_of(p.remove("/q/n-0000000001")), ErrorCode::ok);
    // A delete does not rewind the counter.
    QCOMPARE(created_path(p.create("/q/n-", 2)), std::string("/q/n-0000000003"));
    p.apply_all();
    const zs::tree::Node* q = p.h.tree.find("/q");
    QVERIFY(q != nullptr);
    QCOMPARE(p.h.tree.children_of(*q),
             (std::vector<std::string>{"n-0000000000", "n-0000000002", "n-0000000003"}));
}

void TestPendingChanges::acl_change_in_flight_applies() {
    Pipeline p;
    p.h.create("/guarded");
    const Txn set_acl = p.prepare(request(
        op::set_acl, zs::proto::SetAclRequest{
                         "/guarded", {Acl{perm::read | perm::admin, Id{"world", "anyone"}}}, -1}));
    QCOMPARE(error_of(set_acl), ErrorCode::ok);
    QCOMPARE(error_of(p.set_data("/guarded", -1)), ErrorCode::no_auth);
    QCOMPARE(error_of(p.create("/guarded/child")), ErrorCode::no_auth);
    // The aversion in flight is 1.
    const Txn again =
        p.prepare(request(op::set_acl, zs::proto::SetAclRequest{"/guarded", kOpen, 0}));
    QCOMPARE(error_of(again), ErrorCode::bad_version);
}

void TestPendingChanges::close_session_sees_ephemerals_in_flight() {
    Pipeline p;
    p.h.create("/applied", "", 1);       // an ephemeral of 0x100, applied
    p.h.create("/goes", "", 1);          // another, deleted while in flight
    p.create("/fresh", 1);               // created while in flight
    p.create("/other", 1, kOpen, 0x200); // someone else's
    QCOMPARE(error_of(p.remove("/goes")), ErrorCode::ok);
    const Txn close = p.prepare(request(op::close_session, zs::proto::EmptyRequest{}));
    const auto* txn = std::get_if<zs::tree::CloseSessionTxn>(&close);
    QVERIFY(txn != nullptr);
    QCOMPARE(txn->paths_to_delete, (std::vector<std::string>{"/applied", "/fresh"}));
    // The nodes it deletes are gone for the requests after it.
    QCOMPARE(error_of(p.create("/fresh")), ErrorCode::ok);
    p.apply_all();
    QVERIFY(p.h.tree.find("/applied") == nullptr);
    QVERIFY(p.h.tree.find("/other") != nullptr);
    QCOMPARE(p.h.tree.find("/fresh")->ephemeral_owner(), int64_t(0));
}

void TestPendingChanges::records_go_when_applied() {
    Pipeline p;
    p.h.create("/n");
    p.set_data("/n", -1);
    p.set_data("/n", -1);
    QVERIFY(p.pending.find("/n") != nullptr);
    p.apply(1);
    // The second setData still has to be applied: its record stays.
    QVERIFY(p.pending.find("/n") != nullptr);
    QCOMPARE(p.pending.find("/n")->version, 2);
    p.apply(1);
    QVERIFY(p.pending.find("/n") == nullptr);
    QVERIFY(p.pending.empty());
}

void TestPendingChanges::failed_txns_record_nothing() {
    Pipeline p;
    p.h.create("/n");
    const Txn failed_multi = p.prepare(
        request(op::multi, MultiRequest{{{op::set_data, zs::proto::SetDataRequest{"/n", "x", -1}},
                                         {op::check, zs::proto::CheckVersionRequest{"/n", 7}}}}));
    QVERIFY(std::holds_alternative<zs::tree::MultiTxn>(failed_multi));
    QVERIFY(p.pending.empty());
    QCOMPARE(error_of(p.set_data("/missing", -1)), ErrorCode::no_node);
    QVERIFY(p.pending.empty());
    QCOMPARE(set_version(p.set_data("/n", 0)), 1);
}

void TestPendingChanges::same_outcome_as_one_at_a_time() {
    // The same requests, prepared all at once against pending changes and one at a time against
    // the applied tree, give the same txns.
    const std::vector<zs::proto::Request> requests = {
        request(op::create2, create_body("/s", "")),
        request(op::create2, create_body("/s/x-", "", 2)),
        request(op::set_data, zs::proto::SetDataRequest{"/s", "d", 0}),
        request(op::create2, create_body("/s/x-", "", 3)),
        request(op::remove, zs::proto::DeleteRequest{"/s/x-0000000000", 0}),
        request(op::multi,
                MultiRequest{{{op::create2, create_body("/s/m", "")},
                              {op::set_data, zs::proto::SetDataRequest{"/s/m", "", 0}}}}),
        request(op::remove, zs::proto::DeleteRequest{"/s", -1}),
        request(op::set_data, zs::proto::SetDataRequest{"/s", "d", 1}),
    };
    Pipeline batched;
    std::vector<Txn> at_once;
    for (const auto& req : requests) {
        at_once.push_back(batched.prepare(req));
    }
    batched.apply_all();
    Harness serial;
    for (size_t i = 0; i < requests.size(); ++i) {
        const Txn txn = serial.prepare(requests[i]);
        QCOMPARE(summary(at_once[i]), summary(txn));
        serial.apply(txn);
    }
    QCOMPARE(batched.h.stat("/s").version, serial.stat("/s").version);
    QCOMPARE(batched.h.stat("/s").cversion, serial.stat("/s").cversion);
}

int run_pending_changes_tests(int argc, char** argv) {
    TestPendingChanges test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_pending_changes.moc"
