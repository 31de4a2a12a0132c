// Export and import end to end against a real server (Apache ZooKeeper and zoonode): zooctl
// export, import elsewhere, export again, and compare data and ACLs byte for byte; the conflict
// modes; hostile files that must leave the server untouched; a cancelled export.
#include "client/client.h"
#include "server_process.h"
#include "transfer/transfer.h"

#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <deque>
#include <fstream>
#include <memory>
#include <thread>

using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;
namespace asio = boost::asio;
namespace fs = std::filesystem;
using zs::proto::ErrorCode;

namespace {

struct Run {
    int exit_code = -1;
    QByteArray out;
    QByteArray err;
    QString describe() const {
        return QString("exit %1\n--- stdout ---\n%2\n--- stderr ---\n%3")
            .arg(exit_code)
            .arg(QString::fromUtf8(out), QString::fromUtf8(err));
    }
};

Run run_zooctl(const QStringList& arguments) {
    QProcess process;
    process.start(QStringLiteral(ZS_ZOOCTL_PATH), arguments);
    Run run;
    if (!process.waitForStarted(10000) || !process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished(5000);
        run.err = "zooctl did not finish";
        return run;
    }
    run.exit_code = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    return run;
}

// What must survive a round trip: per relative path, the data (null apart), ACLs and kind.
struct Content {
    std::string path;
    std::optional<std::string> data;
    std::vector<zs::proto::Acl> acl;
    zs::transfer::Kind kind;
    bool operator==(const Content&) const = default;
};

std::vector<Content> content_of(const fs::path& path) {
    auto read = zs::transfer::read_source(path);
    if (auto* error = std::get_if<std::string>(&read)) {
        qWarning("%s", error->c_str());
        return {};
    }
    std::vector<Content> nodes;
    for (const auto& node : std::get<zs::transfer::Source>(read).nodes) {
        nodes.push_back(Content{node.path, node.data, node.acl, node.kind});
    }
    std::sort(nodes.begin(), nodes.end(),
              [](const Content& a, const Content& b) { return a.path < b.path; });
    return nodes;
}

// The lines of a json export without "stat" (the header and stats differ between servers).
std::string without_stats(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::string line;
    std::string out;
    std::getline(in, line); // header
    while (std::getline(in, line)) {
        out += line.substr(0, line.find(",\"stat\":")) + "\n";
    }
    return out;
}

} // namespace

#define ZOOCTL_EXPECT(result, code, ...)                                                           \
    const Run result = zooctl({__VA_ARGS__});                                                      \
    QVERIFY2(result.exit_code == (code), qPrintable(result.describe()))

class TestTransfer : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void cleanupTestCase();
    void roundTripJson();
    void roundTripDir();
    void conflictModes();
    void hostileFilesLeaveTheServerUntouched();
    void cancelledExportLeavesNoFile();
    void removesASubtree();
    void copiesAndMovesSubtrees();

  private:
    Run zooctl(const QStringList& arguments) const {
        return run_zooctl(QStringList{"-s", server_->connect_string()} + arguments);
    }
    ErrorCode create(const std::string& path, std::optional<std::string> data,
                     zs::client::CreateOptions options = {}) {
        auto [err, result] =
            client_->create(path, std::move(data), std::move(options), asio::use_future).get();
        return err;
    }
    int32_t count_nodes() {
        auto [err, count] = client_->get_all_children_number("/", asio::use_future).get();
        return err == ErrorCode::ok ? count : -1;
    }
    fs::path temp(const char* name) const { return fs::path(dir_.path().toStdString()) / name; }

    std::unique_ptr<ServerProcess> server_;
    asio::io_context io_;
    std::unique_ptr<asio::executor_work_guard<asio::io_context::executor_type>> work_;
    std::thread thread_;
    std::unique_ptr<zs::client::Client> client_;
    QTemporaryDir dir_;
};

void TestTransfer::initTestCase() {
    qInfo("server: %s", qPrintable(server_kind_name(server_kind_from_env())));
    // A long session: the test's own session must outlive slow steps on a loaded machine.
    zs::testing::ServerOptions server_options;
    server_options.extra_config_lines << "maxSessionTimeout=60000";
    server_ = std::make_unique<ServerProcess>(server_kind_from_env(), server_options);
    QVERIFY(server_->start());
    work_ = std::make_unique<asio::executor_work_guard<asio::io_context::executor_type>>(
        io_.get_executor());
    thread_ = std::thread([this] { io_.run(); });
    zs::client::ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    options.session_timeout = std::chrono::milliseconds(30000);
    auto opened = zs::client::Client::open(io_.get_executor(), options);
    QVERIFY(std::holds_alternative<std::unique_ptr<zs::client::Client>>(opened));
    client_ = std::move(std::get<std::unique_ptr<zs::client::Client>>(opened));
    // The first request waits for the connection.
    auto [err, ignored] = client_->sync("/", asio::use_future).get();
    QCOMPARE(int(err), int(ErrorCode::ok));

    // The source subtree: binary, null and empty data, digest+world ACLs, nesting, a container
    // (with a child, so it is not reaped), an '@' name and a node with 5,000 children.
    const std::string hash =
        QCryptographicHash::hash("bob:secret", QCryptographicHash::Sha1).toBase64().toStdString();
    zs::client::CreateOptions acl_options;
    acl_options.acl = {
        zs::proto::Acl{zs::proto::perm::read, zs::proto::Id{"world", "anyone"}},
        zs::proto::Acl{zs::proto::perm::all, zs::proto::Id{"digest", "bob:" + hash}}};
    zs::client::CreateOptions container;
    container.mode = zs::proto::CreateMode::container;
    QCOMPARE(int(create("/src", "root text")), 0);
    QCOMPARE(int(create("/src/binary", std::string("\0\x01\xff\xfe\x80 z", 7))), 0);
    QCOMPARE(int(create("/src/null", std::nullopt)), 0);
    QCOMPARE(int(create("/src/empty", std::string())), 0);
    QCOMPARE(int(create("/src/acl", "guarded", acl_options)), 0);
    QCOMPARE(int(create("/src/a", "1")), 0);
    QCOMPARE(int(create("/src/a/b", "2")), 0);
    QCOMPARE(int(create("/src/a/b/c", "\xc3\xa9t\xc3\xa9")), 0);
    QCOMPARE(int(create("/src/@at", "at")), 0);
    QCOMPARE(int(create("/src/box", "box", container)), 0);
    QCOMPARE(int(create("/src/box/in", "in")), 0);
    QCOMPARE(int(create("/src/many", std::nullopt)), 0);
    std::deque<std::future<std::tuple<ErrorCode, zs::client::CreateResult>>> pending;
    for (int i = 0; i < 5000; ++i) {
        pending.push_back(client_->create("/src/many/n" + std::to_string(i),
                                          "v" + std::to_string(i), {}, asio::use_future));
        if (pending.size() >= 500) {
            QCOMPARE(int(std::get<0>(pending.front().get())), 0);
            pending.pop_front();
        }
    }
    for (auto& reply : pending) {
        QCOMPARE(int(std::get<0>(reply.get())), 0);
    }
}

void TestTransfer::cleanupTestCase() {
    client_.reset();
    work_.reset();
    io_.stop();
    if (thread_.joinable()) {
        thread_.join();
    }
    server_.reset();
}

void TestTransfer::roundTripJson() {
    QElapsedTimer clock;
    clock.start();
    const QString first = QString::fromStdString(temp("first.jsonl").string());
    const QString second = QString::fromStdString(temp("second.jsonl").string());
    ZOOCTL_EXPECT(exported, 0, "export", "/src", "-o", first);
    QVERIFY2(exported.err.contains("exported 5012 nodes"), exported.err.constData());
    ZOOCTL_EXPECT(imported, 0, "import", first, "/copy");
    QVERIFY2(imported.err.contains("5012 created, 0 skipped, 0 overwritten"),
             imported.err.constData());
    ZOOCTL_EXPECT(again, 0, "export", "/copy", "-o", second);
    const auto a = content_of(first.toStdString());
    const auto b = content_of(second.toStdString());
    QCOMPARE(a.size(), size_t(5012));
    QVERIFY(a == b);
    // Byte for byte, data and ACL included, but for the stats.
    QCOMPARE(without_stats(first.toStdString()), without_stats(second.toStdString()));
    const auto binary =
        std::find_if(a.begin(), a.end(), [](const Content& c) { return c.path == "binary"; });
    QVERIFY(binary != a.end() && binary->data == std::string("\0\x01\xff\xfe\x80 z", 7));
    const auto null =
        std::find_if(a.begin(), a.end(), [](const Content& c) { return c.path == "null"; });
    QVERIFY(null != a.end() && !null->data);
    const auto box =
        std::find_if(a.begin(), a.end(), [](const Content& c) { return c.path == "box"; });
    // Servers report ephemeralOwner 0 for containers and TTL nodes (DataNode.copyStat hides
    // it), so a client cannot tell them from persistent nodes: they export as persistent.
    QVERIFY(box != a.end());
    QVERIFY2(box->kind == zs::transfer::Kind::persistent, zs::transfer::to_string(box->kind));
    const auto acl =
        std::find_if(a.begin(), a.end(), [](const Content& c) { return c.path == "acl"; });
    QVERIFY(acl != a.end() && acl->acl.size() == 2 && acl->acl[1].id.scheme == "digest");
    qInfo("json round trip of 5012 nodes: %lld ms", clock.elapsed());
}

void TestTransfer::roundTripDir() {
    const QString dir = QString::fromStdString(temp("tree").string());
    const QString check = QString::fromStdString(temp("tree-copy.jsonl").string());
    ZOOCTL_EXPECT(exported, 0, "export", "/src", "-o", dir, "--format", "dir");
    QVERIFY(fs::exists(temp("tree") / "@@at" / "@data"));
    QVERIFY(!fs::exists(temp("tree") / "null" / "@data"));
    QVERIFY(fs::exists(temp("tree") / "empty" / "@data"));
    QCOMPARE(fs::file_size(temp("tree") / "empty" / "@data"), uintmax_t(0));
    ZOOCTL_EXPECT(again, 2, "export", "/src", "-o", dir, "--format", "dir");
    QVERIFY2(again.err.contains("already exists"), again.err.constData());
    ZOOCTL_EXPECT(imported, 0, "import", dir, "/dircopy");
    ZOOCTL_EXPECT(back, 0, "export", "/dircopy", "-o", check);
    const auto a = content_of(temp("tree"));
    QCOMPARE(a.size(), size_t(5012));
    QVERIFY(a == content_of(temp("tree-copy.jsonl")));
}

void TestTransfer::conflictModes() {
    const QString file = QString::fromStdString(temp("conflict.jsonl").string());
    QCOMPARE(int(create("/conf", "c")), 0);
    QCOMPARE(int(create("/conf/x", "x")), 0);
    QCOMPARE(int(create("/conf/y", std::nullopt)), 0);
    ZOOCTL_EXPECT(exported, 0, "export", "/conf", "-o", file);
    ZOOCTL_EXPECT(first, 0, "import", file, "/conf2");

    // fail: the clash is found before anything is written.
    auto [err, ignored] = client_->remove("/conf2/y", -1, asio::use_future).get();
    QCOMPARE(int(err), 0);
    const int32_t before = count_nodes();
    ZOOCTL_EXPECT(failed, 1, "import", file, "/conf2", "--on-conflict", "fail");
    QVERIFY2(failed.err.contains("/conf2: exists"), failed.err.constData());
    QCOMPARE(failed.err.count('\n'), 1);
    QCOMPARE(count_nodes(), before);

    // skip: only the missing node is created; existing data stays.
    auto [set_err, stat] =
        client_->set_data("/conf2/x", std::string("changed"), -1, asio::use_future).get();
    QCOMPARE(int(set_err), 0);
    ZOOCTL_EXPECT(skipped, 0, "import", file, "/conf2", "--on-conflict", "skip");
    QVERIFY2(skipped.err.contains("1 created, 2 skipped, 0 overwritten"), skipped.err.constData());
    auto [get_err, data] = client_->get_data("/conf2/x", nullptr, asio::use_future).get();
    QCOMPARE(int(get_err), 0);
    QCOMPARE(*data.data, std::string("changed"));

    // overwrite: data and ACLs set back.
    ZOOCTL_EXPECT(over, 0, "import", file, "/conf2", "--on-conflict", "overwrite");
    QVERIFY2(over.err.contains("0 created, 0 skipped, 3 overwritten"), over.err.constData());
    auto [get2_err, data2] = client_->get_data("/conf2/x", nullptr, asio::use_future).get();
    QCOMPARE(int(get2_err), 0);
    QCOMPARE(*data2.data, std::string("x"));
    auto [get3_err, data3] = client_->get_data("/conf2/y", nullptr, asio::use_future).get();
    QCOMPARE(int(get3_err), 0);
    QVERIFY(!data3.data);
}

void TestTransfer::hostileFilesLeaveTheServerUntouched() {
    const std::string header = R"({"format":"zooscope-export","version":1,"root":"/a"})";
    const std::string acl = R"("acl":[{"scheme":"world","id":"anyone","perms":"cdrwa"}])";
    const auto node = [&](const std::string& path, const std::string& extra = R"("data":"x")") {
        return R"({"path":")" + path + R"(","kind":"persistent",)" + extra + "," + acl + "}";
    };
    struct Case {
        const char* name;
        std::string text;
        const char* message;
    };
    // Each file's good lines come first: a reader that wrote as it read would have written them.
    const std::vector<Case> cases = {
        {"malformed", header + "\n" + node("") + "\n" + node("ok") + "\n{\"path\":\n",
         "line 4: malformed JSON"},
        {"version",
         R"({"format":"zooscope-export","version":9})"
         "\n" +
             node("") + "\n",
         "line 1: unsupported version 9"},
        {"escape",
         header + "\n" + node("") + "\n" + node("ok") + "\n" + node("ok/../../../x") + "\n",
         "line 4: node 'ok/../../../x': '..' segment escapes the root"},
        {"absolute", header + "\n" + node("") + "\n" + node("/zookeeper/x") + "\n",
         "absolute path"},
        {"duplicate", header + "\n" + node("") + "\n" + node("ok") + "\n" + node("ok") + "\n",
         "line 4: node 'ok': duplicate path (also line 3)"},
        {"too large",
         header + "\n" + node("") + "\n" +
             node("big", "\"data\":\"" + std::string(0xfffff + 1, 'b') + "\"") + "\n",
         "more than jute.maxbuffer"},
        {"bad acl",
         header + "\n" + node("") + "\n" +
             R"({"path":"ok","kind":"persistent","data":"x","acl":[{"scheme":"digest","id":"nohash","perms":"r"}]})"
             "\n",
         "a digest id is user:hash"},
        {"bad base64",
         header + "\n" + node("") + "\n" +
             node("ok", R"("data":"not base64!","encoding":"base64")") + "\n",
         "bad base64"},
        {"nesting", header + "\n" + node("") + "\n" + std::string(50000, '[') + "\n",
         "nested deeper than 8 levels"},
    };
    const int32_t before = count_nodes();
    QVERIFY(before > 0);
    for (const Case& c : cases) {
        const fs::path path = temp("hostile.jsonl");
        {
            std::ofstream out(path, std::ios::binary | std::ios::trunc);
            out << c.text;
        }
        const Run run = zooctl({"import", QString::fromStdString(path.string()), "/hostile",
                                "--on-conflict", "overwrite"});
        QVERIFY2(run.exit_code == 2, qPrintable(QString(c.name) + ": " + run.describe()));
        QVERIFY2(run.err.contains(c.message), qPrintable(QString(c.name) + ": " + run.describe()));
        QCOMPARE(run.err.count('\n'), 1);
        QCOMPARE(count_nodes(), before);
    }
    auto [err, stat] = client_->exists("/hostile", nullptr, asio::use_future).get();
    QCOMPARE(int(err), int(ErrorCode::no_node));
}

void TestTransfer::cancelledExportLeavesNoFile() {
    std::atomic<bool> cancel{false};
    for (const auto format : {zs::transfer::Format::json, zs::transfer::Format::dir}) {
        const fs::path destination =
            temp(format == zs::transfer::Format::json ? "cancelled.jsonl" : "cancelled-dir");
        cancel = false;
        zs::transfer::ExportOptions options;
        options.format = format;
        const auto result = zs::transfer::export_tree(
            *client_, "/src", options, destination,
            [&](uint64_t done, uint64_t) {
                if (done == 1000) {
                    cancel = true;
                }
            },
            &cancel);
        QCOMPARE(int(result.status), int(zs::transfer::Status::cancelled));
        QVERIFY(!fs::exists(destination));
        for (const auto& entry : fs::directory_iterator(temp(""))) {
            QVERIFY2(entry.path().filename().string().find(".partial") == std::string::npos,
                     entry.path().c_str());
        }
    }
}

void TestTransfer::removesASubtree() {
    const fs::path file = temp("to-remove.jsonl");
    QCOMPARE(int(zs::transfer::export_tree(*client_, "/src", {}, file).status),
             int(zs::transfer::Status::ok));
    QCOMPARE(
        int(zs::transfer::import_tree(*client_, file, "/doomed", zs::transfer::OnConflict::fail)
                .status),
        int(zs::transfer::Status::ok));
    const int32_t before = count_nodes();

    // Cancelled part-way: what was removed stays removed, the rest stays.
    std::atomic<bool> cancel{false};
    auto cancelled = zs::transfer::remove_tree(
        *client_, "/doomed",
        [&](uint64_t done, uint64_t) {
            if (done == 100) {
                cancel = true;
            }
        },
        &cancel);
    QCOMPARE(int(cancelled.status), int(zs::transfer::Status::cancelled));
    QVERIFY(cancelled.removed >= 100);
    QCOMPARE(count_nodes(), before - int32_t(cancelled.removed));

    uint64_t last_total = 0;
    auto removed = zs::transfer::remove_tree(*client_, "/doomed",
                                             [&](uint64_t, uint64_t total) { last_total = total; });
    QCOMPARE(int(removed.status), int(zs::transfer::Status::ok));
    QCOMPARE(removed.removed + cancelled.removed, uint64_t(before - count_nodes()));
    QCOMPARE(last_total, removed.removed);
    auto [err, stat] = client_->exists("/doomed", nullptr, asio::use_future).get();
    QCOMPARE(int(err), int(ErrorCode::no_node));
    QVERIFY(count_nodes() > 5000); // /src is untouched

    auto missing = zs::transfer::remove_tree(*client_, "/doomed");
    QCOMPARE(int(missing.err), int(ErrorCode::no_node));
    QCOMPARE(missing.subject, std::string("/doomed"));
    QCOMPARE(int(zs::transfer::remove_tree(*client_, "/").status),
             int(zs::transfer::Status::bad_input));
}

void TestTransfer::copiesAndMovesSubtrees() {
    namespace t = zs::transfer;
    const auto same_content = [this](const std::string& a, const std::string& b) {
        t::Source left;
        t::Source right;
        if (t::read_tree(*client_, a, {}, left).status != t::Status::ok ||
            t::read_tree(*client_, b, {}, right).status != t::Status::ok ||
            left.nodes.size() != right.nodes.size()) {
            return false;
        }
        for (size_t i = 0; i < left.nodes.size(); ++i) {
            const auto& x = left.nodes[i];
            const auto& y = right.nodes[i];
            if (x.path != y.path || x.data != y.data || x.acl.size() != y.acl.size()) {
                return false;
            }
        }
        return true;
    };
    uint64_t last_done = 0;
    uint64_t last_total = 0;
    const auto copied = t::copy_tree(*client_, "/src", "/dup", [&](uint64_t done, uint64_t total) {
        QVERIFY(done <= total);
        last_done = done;
        last_total = total;
    });
    QVERIFY2(copied.status == t::Status::ok, copied.error.c_str());
    QCOMPARE(copied.copied, uint64_t(5012));
    QCOMPARE(last_done, last_total);
    QVERIFY(same_content("/src", "/dup"));

    // Onto an existing node, or into itself: refused with nothing written.
    const int32_t before = count_nodes();
    const auto onto = t::copy_tree(*client_, "/src/a", "/dup/a");
    QCOMPARE(int(onto.err), int(ErrorCode::node_exists));
    QCOMPARE(onto.copied, uint64_t(0));
    QCOMPARE(int(t::copy_tree(*client_, "/src", "/src/inner").status), int(t::Status::bad_input));
    QCOMPARE(int(t::move_tree(*client_, "/src", "/").status), int(t::Status::bad_input));
    QCOMPARE(count_nodes(), before);

    // A move (a rename here) leaves no source behind.
    const auto moved = t::move_tree(*client_, "/dup", "/moved");
    QVERIFY2(moved.status == t::Status::ok, moved.error.c_str());
    QCOMPARE(moved.removed, uint64_t(5012));
    QCOMPARE(int(std::get<0>(client_->exists("/dup", nullptr, asio::use_future).get())),
             int(ErrorCode::no_node));
    QVERIFY(same_content("/src", "/moved"));
    QCOMPARE(count_nodes(), before);

    // Ephemeral nodes are left out of a copy, and stop a move before it starts.
    zs::client::CreateOptions ephemeral;
    ephemeral.mode = zs::proto::CreateMode::ephemeral;
    QCOMPARE(int(create("/moved/mine", "e", ephemeral)), 0);
    const auto copy_without = t::copy_tree(*client_, "/moved", "/dup2");
    QCOMPARE(copy_without.ephemerals_skipped, uint64_t(1));
    QCOMPARE(copy_without.copied, uint64_t(5012));
    const auto refused = t::move_tree(*client_, "/moved", "/elsewhere");
    QCOMPARE(int(refused.status), int(t::Status::bad_input));
    QVERIFY2(refused.error.find("ephemeral") != std::string::npos, refused.error.c_str());
    QCOMPARE(int(std::get<0>(client_->exists("/elsewhere", nullptr, asio::use_future).get())),
             int(ErrorCode::no_node));
    QCOMPARE(int(t::remove_tree(*client_, "/moved").status), int(t::Status::ok));
    QCOMPARE(int(t::remove_tree(*client_, "/dup2").status), int(t::Status::ok));
}

QTEST_GUILESS_MAIN(TestTransfer)
#include "tst_transfer.moc"
