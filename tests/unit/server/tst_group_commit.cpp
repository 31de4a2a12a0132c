// The write pipeline of an in-process server whose log is slow (as if every append waited for an
// fsync) or failing: pipelined writes from several connections are batched, keep their order and
// their versions, reads wait only for their own connection's writes, and a log that fails stops
// writes but not reads.
#include "jute.h"
#include "raw_client.h"
#include "server/server.h"
#include "storage/memory_log_store.h"
#include "storage/memory_snapshot_store.h"

#include <QTcpSocket>
#include <QtTest>
#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>

using zs::testing::JuteReader;
using zs::testing::JuteWriter;
using zs::testing::RawClient;

namespace {

namespace op {
constexpr int32_t create = 1, get_data = 4, set_data = 5, sync = 9;
}
constexpr int32_t kNotReadOnly = -119;
constexpr int kSessionTimeoutMs = 10000;

// A MemoryLogStore whose appends take `delay` (an fsync's latency), that counts its batches and
// can be told to fail every append from the n-th entry on, as a full disk would.
class SlowLogStore final : public zs::storage::LogStore {
  public:
    explicit SlowLogStore(std::chrono::milliseconds delay) : delay_(delay) {}

    std::optional<zs::storage::StorageError>
    append(std::span<const zs::storage::LogEntry> entries) override {
        std::this_thread::sleep_for(delay_);
        if (entries_ + static_cast<int64_t>(entries.size()) >= fail_from_entry_) {
            return zs::storage::StorageError{"no space left on device"};
        }
        ++batches_;
        entries_ += static_cast<int64_t>(entries.size());
        return inner_.append(entries);
    }
    std::vector<zs::storage::LogEntry> read(int64_t first_zxid, int64_t last_zxid) const override {
        return inner_.read(first_zxid, last_zxid);
    }
    int64_t last_zxid() const override { return inner_.last_zxid(); }
    std::optional<zs::storage::StorageError> truncate_after(int64_t zxid) override {
        return inner_.truncate_after(zxid);
    }
    std::optional<zs::storage::StorageError> restart_after(int64_t zxid) override {
        return inner_.restart_after(zxid);
    }
    std::optional<zs::storage::StorageError> purge_before(int64_t zxid) override {
        return inner_.purge_before(zxid);
    }
    int64_t accepted_epoch() const override { return inner_.accepted_epoch(); }
    std::optional<zs::storage::StorageError> set_accepted_epoch(int64_t epoch) override {
        return inner_.set_accepted_epoch(epoch);
    }
    int64_t current_epoch() const override { return inner_.current_epoch(); }
    std::optional<zs::storage::StorageError> set_current_epoch(int64_t epoch) override {
        return inner_.set_current_epoch(epoch);
    }

    std::atomic<int64_t> fail_from_entry_{INT64_MAX};
    std::atomic<int64_t> batches_{0};
    std::atomic<int64_t> entries_{0};

  private:
    std::chrono::milliseconds delay_;
    zs::storage::MemoryLogStore inner_{100000};
};

// A Server on 127.0.0.1 running its io_context on a thread of its own.
class RunningServer {
  public:
    explicit RunningServer(std::chrono::milliseconds append_delay) {
        auto store = std::make_unique<SlowLogStore>(append_delay);
        store_ = store.get();
        zs::ensemble::ZooConfig config;
        config.client_port = 0;
        config.client_port_address = "127.0.0.1";
        config.four_letter_whitelist = {"*"};
        server_ = std::make_unique<zs::server::Server>(
            io_, config,
            zs::server::ServerStorage{
                std::move(store), std::make_unique<zs::storage::MemorySnapshotStore>(), {}});
        ok_ = !server_->start().has_value();
        thread_ = std::thread([this] { io_.run(); });
    }
    ~RunningServer() {
        boost::asio::post(io_, [this] {
            server_->stop();
            io_.stop();
        });
        thread_.join();
    }
    bool ok() const { return ok_; }
    quint16 port() const { return server_->port(); }
    SlowLogStore& store() { return *store_; }

    // A four-letter word's answer.
    QByteArray four_letter(const char* command) const {
        QTcpSocket socket;
        socket.connectToHost("127.0.0.1", port());
        if (!socket.waitForConnected(5000)) {
            return {};
        }
        socket.write(command);
        QByteArray out;
        while (socket.waitForReadyRead(5000)) {
            out += socket.readAll();
        }
        return out + socket.readAll();
    }

  private:
    boost::asio::io_context io_{1};
    SlowLogStore* store_ = nullptr;
    std::unique_ptr<zs::server::Server> server_;
    bool ok_ = false;
    std::thread thread_;
};

QByteArray open_acl() {
    return JuteWriter().int32(1).int32(31).buffer("world").buffer("anyone").bytes();
}

QByteArray create_body(const QByteArray& path, int32_t flags = 0) {
    return JuteWriter().buffer(path).buffer("").raw(open_acl()).int32(flags).bytes();
}

QByteArray set_data_body(const QByteArray& path, const QByteArray& data) {
    return JuteWriter().buffer(path).buffer(data).int32(-1).bytes();
}

QByteArray get_data_body(const QByteArray& path, bool watch = false) {
    return JuteWriter().buffer(path).boolean(watch).bytes();
}

// A Stat's version field: after czxid, mzxid, ctime and mtime.
int32_t stat_version(JuteReader& reader) {
    for (int i = 0; i < 4; ++i) {
        reader.int64();
    }
    return reader.int32();
}

int32_t set_data_version(const QByteArray& body) {
    JuteReader reader(body);
    return stat_version(reader);
}

int32_t get_data_version(const QByteArray& body) {
    JuteReader reader(body);
    reader.buffer();
    return stat_version(reader);
}

std::unique_ptr<RawClient> connect_client(quint16 port) {
    auto client = std::make_unique<RawClient>();
    if (!client->connect_to("127.0.0.1", port) || !client->handshake(kSessionTimeoutMs)) {
        return nullptr;
    }
    return client;
}

int outstanding_in(const QByteArray& srvr) {
    for (const QByteArray& line : srvr.split('\n')) {
        if (line.startsWith("Outstanding: ")) {
            return line.mid(13).toInt();
        }
    }
    return -1;
}

} // namespace

class TestGroupCommit : public QObject {
    Q_OBJECT

  private Q_SLOTS: // built with QT_NO_KEYWORDS: engine headers use the name `slots`
    void pipelined_writes_from_several_connections();
    void reads_wait_only_for_their_own_connection();
    void watch_event_comes_before_the_reply();
    void sync_waits_for_earlier_writes();
    void failing_log_stops_writes_not_reads();
};

void TestGroupCommit::pipelined_writes_from_several_connections() {
    RunningServer server(std::chrono::milliseconds(5));
    QVERIFY(server.ok());
    constexpr int kClients = 4;
    constexpr int kRounds = 60;
    std::vector<std::unique_ptr<RawClient>> clients;
    for (int i = 0; i < kClients; ++i) {
        clients.push_back(connect_client(server.port()));
        QVERIFY(clients.back() != nullptr);
    }
    QVERIFY(clients[0]->call(op::create, create_body("/c")).value_or(RawClient::Reply{}).err == 0);
    const int64_t entries_before = server.store().entries_;
    const int64_t batches_before = server.store().batches_;

    // Every client pipelines rounds of setData /c, create /c/s- (sequential), getData /c.
    std::vector<std::vector<std::pair<int32_t, int32_t>>> sent(kClients); // xid, opcode
    for (int round = 0; round < kRounds; ++round) {
        for (int i = 0; i < kClients; ++i) {
            for (int32_t opcode : {op::set_data, op::create, op::get_data}) {
                const QByteArray body = opcode == op::set_data ? set_data_body("/c", "v")
                                        : opcode == op::create ? create_body("/c/s-", 2)
                                                               : get_data_body("/c");
                const auto xid = clients[i]->send_request(opcode, body);
                QVERIFY(xid.has_value());
                sent[i].emplace_back(*xid, opcode);
            }
        }
    }

    std::set<int32_t> versions;
    std::set<QByteArray> names;
    for (int i = 0; i < kClients; ++i) {
        int32_t last_written_version = 0;
        int64_t last_zxid = 0;
        QByteArray last_name;
        for (const auto& [xid, opcode] : sent[i]) {
            const auto reply = clients[i]->next_reply();
            QVERIFY2(reply.has_value(), qPrintable(clients[i]->last_error()));
            QCOMPARE(reply->xid, xid); // replies in request order
            QCOMPARE(reply->err, 0);
            QVERIFY(reply->zxid >= last_zxid);
            last_zxid = reply->zxid;
            if (opcode == op::set_data) {
                last_written_version = set_data_version(reply->body);
                QVERIFY(versions.insert(last_written_version).second);
            } else if (opcode == op::create) {
                const QByteArray name = JuteReader(reply->body).buffer().value_or("");
                QVERIFY(name > last_name); // this client's names increase
                QVERIFY(names.insert(name).second);
                last_name = name;
            } else {
                // A read after a write on the same connection sees it (or a later one).
                QVERIFY(get_data_version(reply->body) >= last_written_version);
            }
        }
    }
    // Versions 1..N without a gap, sequence numbers 0..N-1 without a gap.
    QCOMPARE(int(versions.size()), kClients * kRounds);
    QCOMPARE(*versions.begin(), 1);
    QCOMPARE(*versions.rbegin(), kClients * kRounds);
    QCOMPARE(int(names.size()), kClients * kRounds);
    QCOMPARE(*names.begin(), QByteArray("/c/s-0000000000"));
    QCOMPARE(*names.rbegin(),
             QByteArray("/c/s-") +
                 QByteArray::number(kClients * kRounds - 1).rightJustified(10, '0'));
    // Group commit: txns that arrived during a flush shared the next one.
    const int64_t entries = server.store().entries_ - entries_before;
    const int64_t batches = server.store().batches_ - batches_before;
    QCOMPARE(entries, int64_t(2 * kClients * kRounds));
    QVERIFY2(batches < entries / 2, qPrintable(QString("%1 batches").arg(batches)));
    QCOMPARE(outstanding_in(server.four_letter("srvr")), 0);
}

void TestGroupCommit::reads_wait_only_for_their_own_connection() {
    RunningServer server(std::chrono::milliseconds(400));
    QVERIFY(server.ok());
    auto writer = connect_client(server.port());
    auto reader = connect_client(server.port());
    QVERIFY(writer && reader);
    QCOMPARE(writer->call(op::create, create_body("/r")).value_or(RawClient::Reply{}).err, 0);

    const auto write_xid = writer->send_request(op::set_data, set_data_body("/r", "new"));
    const auto read_xid = writer->send_request(op::get_data, get_data_body("/r"));
    QVERIFY(write_xid && read_xid);
    QTest::qWait(50);
    // The write and the read behind it are both unanswered.
    QCOMPARE(outstanding_in(server.four_letter("srvr")), 2);
    QVERIFY(server.four_letter("cons").contains("queued=2"));
    // Another connection is answered at once, from the applied tree: the write is not there yet.
    const auto other = reader->call(op::get_data, get_data_body("/r"), 300);
    QVERIFY(other.has_value());
    QCOMPARE(get_data_version(other->body), 0);

    const auto write_reply = writer->next_reply();
    const auto read_reply = writer->next_reply();
    QVERIFY(write_reply && read_reply);
    QCOMPARE(write_reply->xid, *write_xid);
    QCOMPARE(read_reply->xid, *read_xid);
    QCOMPARE(get_data_version(read_reply->body), 1);
    QCOMPARE(JuteReader(read_reply->body).buffer().value_or(""), QByteArray("new"));
}

void TestGroupCommit::watch_event_comes_before_the_reply() {
    RunningServer server(std::chrono::milliseconds(20));
    QVERIFY(server.ok());
    auto client = connect_client(server.port());
    QVERIFY(client);
    QCOMPARE(client->call(op::create, create_body("/w")).value_or(RawClient::Reply{}).err, 0);
    QCOMPARE(client->call(op::get_data, get_data_body("/w", true))
                 .value_or(RawClient::Reply{0, 0, -1, {}})
                 .err,
             0);
    const auto reply = client->call(op::set_data, set_data_body("/w", "x"));
    QVERIFY(reply.has_value());
    // call() keeps the notifications read before the reply it waits for.
    const auto events = client->take_notifications();
    QCOMPARE(events.size(), 1);
    QCOMPARE(events.front().path, QByteArray("/w"));
}

void TestGroupCommit::sync_waits_for_earlier_writes() {
    RunningServer server(std::chrono::milliseconds(300));
    QVERIFY(server.ok());
    auto writer = connect_client(server.port());
    auto syncer = connect_client(server.port());
    QVERIFY(writer && syncer);
    QVERIFY(writer->send_request(op::create, create_body("/s")).has_value());
    QTest::qWait(50);
    const auto synced = syncer->call(op::sync, JuteWriter().buffer("/").bytes());
    QVERIFY(synced.has_value());
    const auto created = writer->next_reply();
    QVERIFY(created.has_value());
    QCOMPARE(created->err, 0);
    // The sync was answered after the create was applied.
    QVERIFY(synced->zxid >= created->zxid);
}

void TestGroupCommit::failing_log_stops_writes_not_reads() {
    RunningServer server(std::chrono::milliseconds(1));
    QVERIFY(server.ok());
    auto client = connect_client(server.port());
    QVERIFY(client);
    QCOMPARE(client->call(op::create, create_body("/f")).value_or(RawClient::Reply{}).err, 0);
    server.store().fail_from_entry_ = server.store().entries_.load();

    const auto refused = client->call(op::set_data, set_data_body("/f", "lost"));
    QVERIFY(refused.has_value());
    QCOMPARE(refused->err, kNotReadOnly);
    const auto later = client->call(op::create, create_body("/g"));
    QVERIFY(later.has_value());
    QCOMPARE(later->err, kNotReadOnly);
    // Nothing refused was applied; reads still work.
    const auto read = client->call(op::get_data, get_data_body("/f"));
    QVERIFY(read.has_value());
    QCOMPARE(read->err, 0);
    QCOMPARE(get_data_version(read->body), 0);
    const auto missing = client->call(op::get_data, get_data_body("/g"));
    QVERIFY(missing.has_value());
    QCOMPARE(missing->err, -101);
    // No new session can be logged.
    RawClient newcomer;
    QVERIFY(newcomer.connect_to("127.0.0.1", server.port()));
    QVERIFY(!newcomer.handshake(kSessionTimeoutMs, 0, QByteArray(16, '\0'), 2000));
}

QTEST_GUILESS_MAIN(TestGroupCommit)
#include "tst_group_commit.moc"
