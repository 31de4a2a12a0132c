// The replication messages' byte form between zoonodes, and the in-memory log window the core
// reads while the storage thread writes the log on disk.
#include "quorum/log_window.h"
#include "quorum/wire.h"
#include "storage/memory_log_store.h"
#include "storage/txn_codec.h"

#include <QtTest>

using namespace zs;
using zab::Body;

namespace {

zab::Payload bytes(const std::string& text) {
    return std::make_shared<const std::string>(text);
}

zab::Entry entry(int64_t zxid) {
    return zab::Entry{zxid, bytes("txn " + std::to_string(zxid))};
}

// One of every message, with fields that are not their defaults.
std::vector<Body> every_message() {
    const zab::Vote vote{3, zab::make_zxid(2, 7), 5, 2};
    return {zab::Notification{vote, zab::ServerState::leading, entry(zab::make_zxid(1, 4))},
            zab::FollowerInfo{4, zab::LearnerType::observer},
            zab::LeaderInfo{5},
            zab::AckEpoch{-1, zab::make_zxid(4, 9), 5},
            zab::Diff{zab::make_zxid(4, 10)},
            zab::Trunc{zab::make_zxid(3, 2)},
            zab::Snap{zab::Snapshot{zab::make_zxid(4, 1), bytes(std::string(100000, 's'))}},
            zab::NewLeader{zab::make_zxid(5, 0), entry(zab::make_zxid(4, 3))},
            zab::UpToDate{},
            zab::Proposal{entry(zab::make_zxid(5, 1))},
            zab::Ack{zab::make_zxid(5, 1)},
            zab::Commit{zab::make_zxid(5, 1)},
            zab::Inform{entry(zab::make_zxid(5, 2))},
            zab::Ping{},
            zab::Ping{bytes("sessions")},
            zab::Request{bytes("a forwarded write")},
            zab::Sync{},
            zab::CommitAndActivate{zab::make_zxid(5, 3), 2},
            zab::InformAndActivate{entry(zab::make_zxid(5, 3)), 2}};
}

} // namespace

class TestWire : public QObject {
    Q_OBJECT

  private slots:
    void everyMessageRoundTrips() {
        for (const Body& body : every_message()) {
            const std::optional<Body> decoded = quorum::decode_body(quorum::encode_body(body));
            QVERIFY2(decoded.has_value(), zab::name_of(body).data());
            QVERIFY2(*decoded == body, zab::name_of(body).data());
        }
    }

    void malformedBodiesAreRefused() {
        for (const Body& body : every_message()) {
            const std::string encoded = quorum::encode_body(body);
            // Every truncation, and one byte too many.
            for (size_t cut = 0; cut < std::min<size_t>(encoded.size(), 64); ++cut) {
                QVERIFY(!quorum::decode_body(std::string_view(encoded).substr(0, cut)));
            }
            QVERIFY(!quorum::decode_body(encoded + "x"));
        }
        QVERIFY(!quorum::decode_body(std::string(1, char(0x7f)))); // no such message
        // A PROPOSAL must carry its txn.
        std::string no_txn = quorum::encode_body(zab::Proposal{zab::Entry{1, nullptr}});
        QVERIFY(!quorum::decode_body(no_txn));
        // A notification's state is one of four.
        std::string bad_state =
            quorum::encode_body(zab::Notification{zab::Vote{}, zab::ServerState::looking, {}});
        bad_state.back() = char(9);
        QVERIFY(!quorum::decode_body(bad_state));
    }

    void helloNamesTheCallerItsChannelAndAddress() {
        const quorum::Hello hello{7, quorum::Channel::learner, "127.0.0.1", 2888, 3888};
        QCOMPARE(quorum::decode_hello(quorum::encode_hello(hello)), std::optional(hello));
        std::string bad = quorum::encode_hello(hello);
        bad[8] = char(3); // the channel, after the id
        QVERIFY(!quorum::decode_hello(bad));
        bad = quorum::encode_hello(hello);
        bad.pop_back();
        QVERIFY(!quorum::decode_hello(bad));
        QVERIFY(!quorum::decode_hello("short"));
    }

    void windowKeepsTheNewestEntries() {
        quorum::LogWindow window(3);
        QCOMPARE(window.last_zxid(), int64_t(0));
        for (int64_t z = 1; z <= 5; ++z) {
            window.append(entry(z));
        }
        QCOMPARE(window.size(), size_t(3));
        QCOMPARE(window.base_zxid(), int64_t(2)); // 1 and 2 fell out
        QCOMPARE(window.last_zxid(), int64_t(5));
        QCOMPARE(window.floor_zxid(4), int64_t(4));
        QCOMPARE(window.floor_zxid(1), int64_t(2)); // before the window: its base
        QCOMPARE(window.read_after(3, 10).size(), size_t(2));
        QCOMPARE(window.read_after(2, 1).front().zxid, int64_t(3));
        window.truncate_after(3);
        QCOMPARE(window.last_zxid(), int64_t(3));
        window.truncate_after(1); // below the window: nothing retained after 1
        QCOMPARE(window.last_zxid(), int64_t(1));
        QCOMPARE(window.base_zxid(), int64_t(1));
        window.reset(zab::make_zxid(2, 0));
        QCOMPARE(window.size(), size_t(0));
        QCOMPARE(window.last_zxid(), zab::make_zxid(2, 0));
    }

    void windowLoadsTheTailOfTheLog() {
        storage::MemoryLogStore log(100);
        for (int64_t z = 1; z <= 10; ++z) {
            const storage::LogEntry stored{tree::TxnHeader{1, int32_t(z), z, 0},
                                           tree::SetDataTxn{"/n", "v", int32_t(z)}};
            QVERIFY(!log.append(std::span(&stored, 1)));
        }
        quorum::LogWindow window(4);
        window.load(log);
        QCOMPARE(window.base_zxid(), int64_t(6));
        QCOMPARE(window.last_zxid(), int64_t(10));
        const auto entries = window.read_after(0, 10);
        QCOMPARE(entries.size(), size_t(4));
        const auto decoded = storage::decode_entry(*entries.front().txn);
        QVERIFY(decoded);
        QCOMPARE(decoded->header.zxid, int64_t(7));
    }
};

QTEST_GUILESS_MAIN(TestWire)
#include "tst_wire.moc"
