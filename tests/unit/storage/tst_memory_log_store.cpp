// MemoryLogStore: ordered zxid ranges, truncation, epochs and its bound.
#include "storage/memory_log_store.h"

#include <QtTest>

using zs::storage::LogEntry;
using zs::storage::MemoryLogStore;

namespace {

LogEntry entry(int64_t zxid) {
    return LogEntry{zs::tree::TxnHeader{1, 1, zxid, 1000 + zxid},
                    zs::tree::SetDataTxn{"/n", std::string("v") + std::to_string(zxid), 1}};
}

void append(MemoryLogStore& log, int64_t zxid) {
    const LogEntry e = entry(zxid);
    QVERIFY(!log.append(std::span(&e, 1)));
}

std::vector<int64_t> zxids(const std::vector<LogEntry>& entries) {
    std::vector<int64_t> out;
    for (const auto& e : entries) {
        out.push_back(e.header.zxid);
    }
    return out;
}

} // namespace

class TestMemoryLogStore : public QObject {
    Q_OBJECT

  private slots:
    void emptyLog() {
        MemoryLogStore log(10);
        QCOMPARE(log.last_zxid(), int64_t(0));
        QVERIFY(log.read(0, 100).empty());
    }

    void restartAfterASnapshot() {
        MemoryLogStore log(10);
        for (int64_t z : {1, 2, 3}) {
            append(log, z);
        }
        QVERIFY(!log.restart_after(7));
        QVERIFY(log.read(0, 100).empty());
        QCOMPARE(log.last_zxid(), int64_t(7));
        QCOMPARE(log.purged_through(), int64_t(7));
        append(log, 8);
        QCOMPARE(zxids(log.read(0, 100)), (std::vector<int64_t>{8}));
    }

    void readsInclusiveRanges() {
        MemoryLogStore log(10);
        for (int64_t z : {1, 2, 3, 5, 8}) {
            append(log, z);
        }
        QCOMPARE(log.last_zxid(), int64_t(8));
        QCOMPARE(zxids(log.read(2, 5)), (std::vector<int64_t>{2, 3, 5}));
        QCOMPARE(zxids(log.read(4, 7)), (std::vector<int64_t>{5}));
        QCOMPARE(zxids(log.read(9, 20)), (std::vector<int64_t>{}));
        const auto one = log.read(3, 3);
        QCOMPARE(one.size(), size_t(1));
        QCOMPARE(std::get<zs::tree::SetDataTxn>(one.front().txn).data,
                 std::optional<std::string>("v3"));
    }

    void truncateDropsTheTail() {
        MemoryLogStore log(10);
        for (int64_t z = 1; z <= 6; ++z) {
            append(log, z);
        }
        log.truncate_after(4);
        QCOMPARE(log.last_zxid(), int64_t(4));
        append(log, 5);
        QCOMPARE(zxids(log.read(0, 10)), (std::vector<int64_t>{1, 2, 3, 4, 5}));
    }

    void keepsOnlyTheNewestEntries() {
        MemoryLogStore log(3);
        for (int64_t z = 1; z <= 10; ++z) {
            append(log, z);
        }
        QCOMPARE(log.size(), size_t(3));
        QCOMPARE(zxids(log.read(0, 100)), (std::vector<int64_t>{8, 9, 10}));
        QCOMPARE(log.last_zxid(), int64_t(10));
    }

    void purgeDropsTheHead() {
        MemoryLogStore log(10);
        for (int64_t z = 1; z <= 5; ++z) {
            append(log, z);
        }
        QVERIFY(!log.purge_before(4));
        QCOMPARE(zxids(log.read(0, 100)), (std::vector<int64_t>{4, 5}));
        QVERIFY(!log.truncate_after(2));
        QCOMPARE(log.last_zxid(), int64_t(2));
        QVERIFY(log.read(0, 100).empty());
    }

    void epochs() {
        MemoryLogStore log(3);
        QVERIFY(!log.set_accepted_epoch(4));
        QVERIFY(!log.set_current_epoch(3));
        QCOMPARE(log.accepted_epoch(), int64_t(4));
        QCOMPARE(log.current_epoch(), int64_t(3));
    }
};

QTEST_GUILESS_MAIN(TestMemoryLogStore)
#include "tst_memory_log_store.moc"
