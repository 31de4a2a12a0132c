// Every operation of zs::client::Client, its results and its errors.
#include "tst_client.h"

#include <QFile>
#include <QTest>
#include <QThread>
#include <csignal>

using namespace zs::testing;
using zs::client::CheckOp;
using zs::client::ChildrenResult;
using zs::client::CreateOp;
using zs::client::CreateResult;
using zs::client::DataResult;
using zs::client::GetChildrenOp;
using zs::client::GetDataOp;
using zs::client::OpResult;
using zs::client::RemoveOp;
using zs::client::SetDataOp;
using zs::proto::Acl;
using zs::proto::CreateMode;
using zs::proto::Id;

namespace perm = zs::proto::perm;

void TestClient::initTestCase() {
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    QVERIFY(server_->start());
}

void TestClient::init() {
    // A test that failed half-way may leave the server frozen or stopped.
    thaw_server();
    if (!server_->is_running()) {
        QVERIFY(server_->start());
    }
}

void TestClient::cleanupTestCase() {
    thaw_server();
    server_.reset();
}

ClientOptions TestClient::options(std::chrono::milliseconds timeout) const {
    ClientOptions out;
    out.connect_string = server_->connect_string().toStdString();
    out.session_timeout = timeout;
    return out;
}

std::unique_ptr<Client> TestClient::connect(Loop& loop, ClientOptions client_options) {
    auto client = open_client(loop, std::move(client_options));
    if (client && !wait_state(*client, SessionState::connected)) {
        QTest::qFail(QStringLiteral("no connection; state %1")
                         .arg(zs::client::to_string(client->state()))
                         .toUtf8()
                         .constData(),
                     __FILE__, __LINE__);
        return nullptr;
    }
    return client;
}

void TestClient::freeze_server() {
    if (const qint64 pid = server_->pid(); pid > 0 && ::kill(pid_t(pid), SIGSTOP) == 0) {
        frozen_ = true;
        // kill() returns before every thread has stopped; a request sent in that moment could
        // still be answered. /proc says when the process is stopped ('T').
        QFile stat(QStringLiteral("/proc/%1/stat").arg(pid));
        for (int i = 0; i < 200; ++i) {
            if (stat.open(QIODevice::ReadOnly)) {
                const QByteArray fields = stat.readAll();
                stat.close();
                const qsizetype end = fields.lastIndexOf(')');
                if (end > 0 && fields.mid(end + 2, 1) == "T") {
                    return;
                }
            }
            QThread::msleep(5);
        }
    }
}

void TestClient::thaw_server() {
    if (frozen_) {
        if (const qint64 pid = server_->pid(); pid > 0) {
            ::kill(pid_t(pid), SIGCONT);
        }
        frozen_ = false;
    }
}

void TestClient::createModes() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/modes")), ErrorCode::ok);

    const auto [err, plain] = zk.create("/modes/p", "x", CreateMode::persistent);
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(plain.path, "/modes/p");
    QCOMPARE(plain.stat.ephemeral_owner, 0);
    QCOMPARE(plain.stat.data_length, 1);
    QCOMPARE(plain.stat.version, 0);
    QVERIFY(plain.stat.czxid > 0);
    QCOMPARE(plain.stat.mzxid, plain.stat.czxid);
    // The Stat of create2 is the one the node then has.
    QCOMPARE(std::get<1>(zk.get_data("/modes/p")).stat, plain.stat);

    const auto [err_e, ephemeral] = zk.create("/modes/e", "", CreateMode::ephemeral);
    QCOMPARE(err_e, ErrorCode::ok);
    QCOMPARE(ephemeral.path, "/modes/e");
    QCOMPARE(ephemeral.stat.ephemeral_owner, client->session_id());

    // The suffix is the parent's child-creation count before this create, on 10 digits.
    QCOMPARE(std::get<0>(zk.create("/modes/seq")), ErrorCode::ok);
    const auto [err_s, seq] = zk.create("/modes/seq/s-", "", CreateMode::persistent_sequential);
    QCOMPARE(err_s, ErrorCode::ok);
    QCOMPARE(seq.path, "/modes/seq/s-0000000000");
    QCOMPARE(seq.stat.ephemeral_owner, 0);
    const auto [err_es, eseq] = zk.create("/modes/seq/e-", "", CreateMode::ephemeral_sequential);
    QCOMPARE(err_es, ErrorCode::ok);
    QCOMPARE(eseq.path, "/modes/seq/e-0000000001");
    QCOMPARE(eseq.stat.ephemeral_owner, client->session_id());

    // Containers and TTL nodes keep their kind in ephemeralOwner, but clients are shown 0
    // (DataNode.copyStat hides every owner that is not a session).
    const auto [err_c, container] = zk.create("/modes/c", "", CreateMode::container);
    QCOMPARE(err_c, ErrorCode::ok);
    QCOMPARE(container.path, "/modes/c");
    QCOMPARE(container.stat.ephemeral_owner, 0);
    QVERIFY(container.stat.czxid > plain.stat.czxid);

    constexpr int64_t kTtl = 60000;
    const auto [err_t, ttl] = zk.create("/modes/ttl", "t", CreateMode::persistent_with_ttl, kTtl);
    QCOMPARE(err_t, ErrorCode::ok);
    QCOMPARE(ttl.path, "/modes/ttl");
    QCOMPARE(ttl.stat.ephemeral_owner, 0);
    QCOMPARE(ttl.stat.data_length, 1);
    QCOMPARE(zk.data_text("/modes/ttl"), "t");
    QCOMPARE(std::get<1>(zk.exists("/modes/ttl")).ephemeral_owner, 0);

    // /modes has had five children created (p, e, seq, c, ttl).
    const auto [err_ts, ttl_seq] =
        zk.create("/modes/ts-", "", CreateMode::persistent_sequential_with_ttl, kTtl);
    QCOMPARE(err_ts, ErrorCode::ok);
    QCOMPARE(ttl_seq.path, "/modes/ts-0000000005");

    QCOMPARE(zk.children_text("/modes"), "c,e,p,seq,ts-0000000005,ttl");
}

void TestClient::createErrors() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/ce")), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.create("/ce")), ErrorCode::node_exists);
    QCOMPARE(std::get<0>(zk.create("/ce/missing/child")), ErrorCode::no_node);
    QCOMPARE(std::get<0>(zk.create("/ce/eph", "", CreateMode::ephemeral)), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.create("/ce/eph/kid")), ErrorCode::no_children_for_ephemerals);
    // A TTL must be positive (Java refuses it before sending, the server with BADARGUMENTS).
    QCOMPARE(std::get<0>(zk.create("/ce/ttl", "", CreateMode::persistent_with_ttl, -1)),
             ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.create("/ce/ttl", "", CreateMode::persistent_with_ttl, 0)),
             ErrorCode::bad_arguments);
    // An empty ACL list is INVALIDACL.
    zs::client::CreateOptions no_acl;
    no_acl.acl.clear();
    QCOMPARE(std::get<0>(zk.create("/ce/noacl", "", no_acl)), ErrorCode::invalid_acl);
    QCOMPARE(zk.children_text("/ce"), "eph");
    QCOMPARE(client->state(), SessionState::connected);
}

void TestClient::nullAndEmptyData() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/nd-null", std::nullopt)), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.create("/nd-empty", std::string())), ErrorCode::ok);
    const auto [err_n, null_data] = zk.get_data("/nd-null");
    QCOMPARE(err_n, ErrorCode::ok);
    QVERIFY(!null_data.data.has_value());
    QCOMPARE(null_data.stat.data_length, 0);
    const auto [err_e, empty_data] = zk.get_data("/nd-empty");
    QCOMPARE(err_e, ErrorCode::ok);
    QVERIFY(empty_data.data.has_value());
    QCOMPARE(*empty_data.data, "");

    // setData can make data null again, and binary data survives unchanged.
    QCOMPARE(std::get<0>(zk.set_data("/nd-empty", std::nullopt)), ErrorCode::ok);
    QCOMPARE(zk.data_text("/nd-empty"), "<null>");
    const std::string binary("a\0b\xff", 4);
    QCOMPARE(std::get<0>(zk.set_data("/nd-null", binary)), ErrorCode::ok);
    const auto [err_b, binary_data] = zk.get_data("/nd-null");
    QCOMPARE(err_b, ErrorCode::ok);
    QCOMPARE(binary_data.data.value_or(""), binary);
    QCOMPARE(binary_data.stat.data_length, 4);
}

void TestClient::versionsOnSetAndRemove() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    const auto [err_c, created] = zk.create("/ver", "a");
    QCOMPARE(err_c, ErrorCode::ok);
    const auto [err_1, set1] = zk.set_data("/ver", "bb", 0);
    QCOMPARE(err_1, ErrorCode::ok);
    QCOMPARE(set1.version, 1);
    QCOMPARE(set1.data_length, 2);
    QCOMPARE(set1.czxid, created.stat.czxid);
    QVERIFY(set1.mzxid > created.stat.mzxid);
    QCOMPARE(std::get<0>(zk.set_data("/ver", "c", 0)), ErrorCode::bad_version);
    const auto [err_2, set2] = zk.set_data("/ver", "c", -1);
    QCOMPARE(err_2, ErrorCode::ok);
    QCOMPARE(set2.version, 2);
    QCOMPARE(zk.data_text("/ver"), "c");
    QCOMPARE(std::get<0>(zk.set_data("/ver-missing", "x")), ErrorCode::no_node);

    QCOMPARE(std::get<0>(zk.create("/ver/kid")), ErrorCode::ok);
    QCOMPARE(zk.remove("/ver"), ErrorCode::not_empty);
    QCOMPARE(zk.remove("/ver/kid", 5), ErrorCode::bad_version);
    QCOMPARE(zk.remove("/ver/kid", 0), ErrorCode::ok);
    QCOMPARE(zk.remove("/ver/kid"), ErrorCode::no_node);
    QCOMPARE(zk.remove("/ver", 1), ErrorCode::bad_version);
    QCOMPARE(zk.remove("/ver", 2), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.exists("/ver")), ErrorCode::no_node);
}

void TestClient::existsAndChildren() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.exists("/ec")), ErrorCode::no_node);
    QCOMPARE(std::get<0>(zk.create("/ec", "data")), ErrorCode::ok);
    const auto [err_x, stat] = zk.exists("/ec");
    QCOMPARE(err_x, ErrorCode::ok);
    QCOMPARE(stat.num_children, 0);
    QCOMPARE(stat.data_length, 4);
    QCOMPARE(std::get<1>(zk.get_data("/ec")).stat, stat);

    for (const char* kid : {"/ec/b", "/ec/c", "/ec/a"}) {
        QCOMPARE(std::get<0>(zk.create(kid)), ErrorCode::ok);
    }
    const auto [err_k, kids] = zk.get_children("/ec");
    QCOMPARE(err_k, ErrorCode::ok);
    QCOMPARE(joined(kids.children), "a,b,c");
    QCOMPARE(kids.stat.num_children, 3);
    QCOMPARE(kids.stat.cversion, 3);
    QCOMPARE(kids.stat.czxid, stat.czxid);
    const auto [err_l, leaf] = zk.get_children("/ec/a");
    QCOMPARE(err_l, ErrorCode::ok);
    QVERIFY(leaf.children.empty());
    QCOMPARE(std::get<0>(zk.get_children("/ec-missing")), ErrorCode::no_node);
    // The root always exists, with /zookeeper under it.
    QVERIFY(zk.children_text("/").contains("zookeeper"));
}

void TestClient::aclsAndDigestAuth() {
    Loop loop;
    auto alice = connect(loop);
    QVERIFY(alice);
    auto other = connect(loop);
    QVERIFY(other);
    Sync a(*alice);
    Sync b(*other);

    const zs::proto::ClientInfo ip{"ip", "127.0.0.1"};
    const auto [err_w, anonymous] = b.who_am_i();
    QCOMPARE(err_w, ErrorCode::ok);
    QCOMPARE(anonymous.size(), size_t(1));
    QCOMPARE(anonymous[0], ip);

    QCOMPARE(a.add_auth("digest", "alice:secret"), ErrorCode::ok);
    const auto [err_wa, identities] = a.who_am_i();
    QCOMPARE(err_wa, ErrorCode::ok);
    QCOMPARE(identities.size(), size_t(2));
    QVERIFY(std::find(identities.begin(), identities.end(), ip) != identities.end());
    const zs::proto::ClientInfo digest{"digest", "alice"};
    QVERIFY(std::find(identities.begin(), identities.end(), digest) != identities.end());

    const Acl alice_all{perm::all, Id{"digest", digest_id("alice:secret")}};
    zs::client::CreateOptions protected_node;
    protected_node.acl = {alice_all};
    QCOMPARE(std::get<0>(a.create("/acl")), ErrorCode::ok);
    QCOMPARE(std::get<0>(a.create("/acl/prot", "secret", protected_node)), ErrorCode::ok);

    const auto [err_ga, open_acl] = a.get_acl("/acl");
    QCOMPARE(err_ga, ErrorCode::ok);
    QCOMPARE(open_acl.acl, (std::vector<Acl>{{perm::all, Id{"world", "anyone"}}}));
    const auto [err_gp, prot_acl] = a.get_acl("/acl/prot");
    QCOMPARE(err_gp, ErrorCode::ok);
    QCOMPARE(prot_acl.acl, std::vector<Acl>{alice_all});
    QCOMPARE(prot_acl.stat.aversion, 0);

    // Without the identity: NOAUTH for data, while exists checks no ACL.
    QCOMPARE(std::get<0>(b.get_data("/acl/prot")), ErrorCode::no_auth);
    QCOMPARE(std::get<0>(b.set_data("/acl/prot", "x")), ErrorCode::no_auth);
    QCOMPARE(std::get<0>(b.exists("/acl/prot")), ErrorCode::ok);
    QCOMPARE(b.add_auth("digest", "alice:secret"), ErrorCode::ok);
    QCOMPARE(b.data_text("/acl/prot"), "secret");

    // setACL checks the aversion.
    const std::vector<Acl> read_only{{perm::read, Id{"world", "anyone"}}};
    QCOMPARE(std::get<0>(a.set_acl("/acl/prot", read_only, 7)), ErrorCode::bad_version);
    const auto [err_sa, set_stat] = a.set_acl("/acl/prot", read_only, 0);
    QCOMPARE(err_sa, ErrorCode::ok);
    QCOMPARE(set_stat.aversion, 1);
    QCOMPARE(std::get<1>(a.get_acl("/acl/prot")).acl, read_only);

    // An identity added before the session is even established is sent with the handshake's
    // follow-up and counts as well.
    auto early = open_client(loop, options());
    QVERIFY(early);
    Sync e(*early);
    QCOMPARE(e.add_auth("digest", "alice:secret"), ErrorCode::ok);
    QCOMPARE(e.data_text("/acl/prot"), "secret");

    Loop third_loop;
    auto third = connect(third_loop);
    QVERIFY(third);
    Sync c(*third);
    QCOMPARE(c.data_text("/acl/prot"), "secret");
    QCOMPARE(std::get<0>(c.set_data("/acl/prot", "x")), ErrorCode::no_auth);
    QCOMPARE(std::get<0>(c.get_acl("/acl-missing")), ErrorCode::no_node);
}

void TestClient::unknownAuthSchemeFailsSession() {
    Loop loop;
    States states;
    ClientOptions client_options = options();
    client_options.on_state = states.listener();
    auto client = connect(loop, client_options);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(zk.add_auth("no-such-scheme", "x"), ErrorCode::auth_failed);
    QVERIFY(wait_state(*client, SessionState::auth_failed));
    QCOMPARE(std::get<0>(zk.get_data("/")), ErrorCode::auth_failed);
    QCOMPARE(states.history(), "connected,authentication failed");
}

void TestClient::syncEchoesPath() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    const auto [err, path] = zk.sync("/");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(path, "/");
    QCOMPARE(std::get<1>(zk.sync("/zookeeper")), "/zookeeper");
    // sync does not look the node up.
    const auto [err_m, missing] = zk.sync("/sync-missing");
    QCOMPARE(err_m, ErrorCode::ok);
    QCOMPARE(missing, "/sync-missing");
}

void TestClient::multiCommitsEveryOp() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/mu")), ErrorCode::ok);
    zs::client::CreateOptions sequential;
    sequential.mode = CreateMode::persistent_sequential;
    zs::client::CreateOptions container;
    container.mode = CreateMode::container;
    const auto [err, results] = zk.multi({
        CreateOp{"/mu/a", "1", {}},
        SetDataOp{"/mu/a", "2", 0},
        CheckOp{"/mu/a", 1},
        CreateOp{"/mu/seq-", std::nullopt, sequential},
        CreateOp{"/mu/b", "", {}},
        RemoveOp{"/mu/b", 0},
        CreateOp{"/mu/cont", "", container},
    });
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(results.size(), size_t(7));
    for (const OpResult& result : results) {
        QCOMPARE(result.err, ErrorCode::ok);
    }
    // A plain create in a multi reports its path only (the Java client's Op.create sends
    // opcode create, not create2): the Stat stays zero.
    const auto* created = std::get_if<CreateResult>(&results[0].value);
    QVERIFY(created);
    QCOMPARE(created->path, "/mu/a");
    QCOMPARE(created->stat, zs::proto::Stat{});
    const auto* set = std::get_if<zs::proto::Stat>(&results[1].value);
    QVERIFY(set);
    QCOMPARE(set->version, 1);
    QCOMPARE(set->mzxid, set->czxid); // one multi, one zxid
    QVERIFY(std::holds_alternative<std::monostate>(results[2].value));
    const auto* seq = std::get_if<CreateResult>(&results[3].value);
    QVERIFY(seq);
    QCOMPARE(seq->path, "/mu/seq-0000000001");
    QVERIFY(std::holds_alternative<std::monostate>(results[5].value));
    const auto* cont = std::get_if<CreateResult>(&results[6].value);
    QVERIFY(cont);
    QCOMPARE(cont->path, "/mu/cont");
    // createContainer answers with a Stat, in a multi too.
    QCOMPARE(cont->stat.czxid, set->czxid);

    QCOMPARE(zk.data_text("/mu/a"), "2");
    QCOMPARE(zk.children_text("/mu"), "a,cont,seq-0000000001");
}

void TestClient::multiFailureReportsFirstError() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/mf", "x")), ErrorCode::ok);
    const auto [err, results] = zk.multi({
        CreateOp{"/mf/new", "", {}},
        CheckOp{"/mf", 99},
        SetDataOp{"/mf", "y", -1},
    });
    QCOMPARE(err, ErrorCode::bad_version);
    QCOMPARE(results.size(), size_t(3));
    // Ops before the failure report OK, those after it RUNTIMEINCONSISTENCY.
    QCOMPARE(results[0].err, ErrorCode::ok);
    QCOMPARE(results[1].err, ErrorCode::bad_version);
    QCOMPARE(results[2].err, ErrorCode::runtime_inconsistency);
    QCOMPARE(std::get<0>(zk.exists("/mf/new")), ErrorCode::no_node);
    QCOMPARE(zk.data_text("/mf"), "x");

    const auto [err_dup, dup] =
        zk.multi({CreateOp{"/mf/dup", "", {}}, CreateOp{"/mf/dup", "", {}}});
    QCOMPARE(err_dup, ErrorCode::node_exists);
    QCOMPARE(dup.size(), size_t(2));
    QCOMPARE(dup[0].err, ErrorCode::ok);
    QCOMPARE(dup[1].err, ErrorCode::node_exists);
    QCOMPARE(std::get<0>(zk.exists("/mf/dup")), ErrorCode::no_node);
}

void TestClient::multiReadAnswersEachOp() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/mr", "d")), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.create("/mr/kid")), ErrorCode::ok);
    const auto [err, results] = zk.multi_read({
        GetDataOp{"/mr"},
        GetChildrenOp{"/mr"},
        GetDataOp{"/mr-missing"},
        GetChildrenOp{"/mr/kid"},
    });
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(results.size(), size_t(4));
    QCOMPARE(results[0].err, ErrorCode::ok);
    const auto* data = std::get_if<DataResult>(&results[0].value);
    QVERIFY(data);
    QCOMPARE(data->data.value_or("<null>"), "d");
    QCOMPARE(data->stat.num_children, 1);
    const auto* children = std::get_if<ChildrenResult>(&results[1].value);
    QVERIFY(children);
    QCOMPARE(joined(children->children), "kid");
    QCOMPARE(results[2].err, ErrorCode::no_node);
    const auto* none = std::get_if<ChildrenResult>(&results[3].value);
    QVERIFY(none);
    QVERIFY(none->children.empty());
}

void TestClient::countsAndEphemerals() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    auto other = connect(loop);
    QVERIFY(other);
    Sync a(*client);
    Sync b(*other);
    for (const char* path : {"/cnt", "/cnt/a", "/cnt/a/b", "/cnt/c"}) {
        QCOMPARE(std::get<0>(a.create(path)), ErrorCode::ok);
    }
    const auto [err, total] = a.get_all_children_number("/cnt");
    QCOMPARE(err, ErrorCode::ok);
    QCOMPARE(total, 3);
    QCOMPARE(std::get<1>(a.get_all_children_number("/cnt/a/b")), 0);
    QCOMPARE(std::get<0>(a.get_all_children_number("/cnt-missing")), ErrorCode::no_node);

    QCOMPARE(std::get<0>(a.create("/cnt/e1", "", CreateMode::ephemeral)), ErrorCode::ok);
    QCOMPARE(std::get<0>(a.create("/cnt/a/e2", "", CreateMode::ephemeral)), ErrorCode::ok);
    QCOMPARE(std::get<0>(b.create("/cnt/e3", "", CreateMode::ephemeral)), ErrorCode::ok);
    const auto [err_e, mine] = a.get_ephemerals("/cnt");
    QCOMPARE(err_e, ErrorCode::ok);
    QCOMPARE(joined(mine), "/cnt/a/e2,/cnt/e1");
    QCOMPARE(joined(std::get<1>(a.get_ephemerals("/"))), "/cnt/a/e2,/cnt/e1");
    QCOMPARE(joined(std::get<1>(a.get_ephemerals("/cnt/a"))), "/cnt/a/e2");
    QCOMPARE(joined(std::get<1>(b.get_ephemerals("/"))), "/cnt/e3");
    QCOMPARE(std::get<1>(a.get_all_children_number("/cnt")), 6);
}

void TestClient::invalidPathsAreRejected() {
    Loop loop;
    auto client = connect(loop);
    QVERIFY(client);
    Sync zk(*client);
    QCOMPARE(std::get<0>(zk.create("/inv")), ErrorCode::ok);
    // As the Java client's PathUtils.validatePath: refused before anything is sent.
    QCOMPARE(std::get<0>(zk.get_data("noslash")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.exists("")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.create("/inv/")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.create("/inv//x")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.set_data("/inv/./x", "")), ErrorCode::bad_arguments);
    QCOMPARE(zk.remove("/inv/.."), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.get_children("/inv/")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.get_acl("inv")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.set_acl("inv", {{perm::all, Id{"world", "anyone"}}})),
             ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.sync("rel")), ErrorCode::bad_arguments);
    QCOMPARE(zk.add_watch("rel", zs::proto::AddWatchMode::persistent, [](const WatchEvent&) {}),
             ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.get_all_children_number("/inv/")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.get_ephemerals("rel")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.multi({CreateOp{"/inv/ok", "", {}}, CreateOp{"bad", "", {}}})),
             ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.exists("/inv/ok")), ErrorCode::no_node);
    QCOMPARE(std::get<0>(zk.multi_read({GetDataOp{"/inv/"}})), ErrorCode::bad_arguments);
    // As the Java client reports a multi it refuses: BADARGUMENTS for the invalid op,
    // RUNTIMEINCONSISTENCY for the others.
    const auto [err_m, refused] =
        zk.multi({CreateOp{"/inv/a", "", {}}, SetDataOp{"/inv//b", "", -1}, CheckOp{"/inv", 0}});
    QCOMPARE(err_m, ErrorCode::bad_arguments);
    QCOMPARE(refused.size(), size_t(3));
    QCOMPARE(refused[0].err, ErrorCode::runtime_inconsistency);
    QCOMPARE(refused[1].err, ErrorCode::bad_arguments);
    QCOMPARE(refused[2].err, ErrorCode::runtime_inconsistency);
    // Reads and writes do not mix (Java: "Mixing read and write operations is not allowed").
    QCOMPARE(std::get<0>(zk.multi({GetDataOp{"/inv"}})), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.multi_read({CheckOp{"/inv", 0}})), ErrorCode::bad_arguments);
    // TTLs: positive and at most 40 bits, and only for the TTL modes.
    QCOMPARE(std::get<0>(zk.create("/inv/t", "", CreateMode::persistent_with_ttl, 1LL << 40)),
             ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.create("/inv/t", "", CreateMode::persistent, 1000)),
             ErrorCode::bad_arguments);

    // A sequential create may end in '/': the suffix completes the name.
    const auto [err_s, seq] = zk.create("/inv/", "", CreateMode::persistent_sequential);
    QCOMPARE(err_s, ErrorCode::ok);
    QCOMPARE(seq.path, "/inv/0000000000");

    // Under a chroot, a relative path must not turn into a sibling of the chroot ("/invx").
    ClientOptions chrooted = options();
    chrooted.connect_string += "/inv";
    auto rooted = connect(loop, chrooted);
    QVERIFY(rooted);
    QCOMPARE(std::get<0>(Sync(*rooted).create("x")), ErrorCode::bad_arguments);
    QCOMPARE(std::get<0>(zk.exists("/invx")), ErrorCode::no_node);
    QCOMPARE(client->state(), SessionState::connected);
}

void TestClient::invalidConnectStringIsRefused() {
    Loop loop;
    for (const char* text : {"", "127.0.0.1:notaport", "127.0.0.1:70000", "127.0.0.1:2181/bad/",
                             "[::1", "/chroot-only"}) {
        ClientOptions bad;
        bad.connect_string = text;
        auto opened = Client::open(loop.executor(), bad);
        QVERIFY2(std::holds_alternative<std::string>(opened), text);
        QVERIFY(!std::get<std::string>(opened).empty());
    }
}

QTEST_GUILESS_MAIN(TestClient)
