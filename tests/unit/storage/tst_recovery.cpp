// Recovery and history: snapshot + log replay rebuilds exactly the live tree, a damaged log tail
// is cut, a damaged snapshot falls back to an older one, and the tree at any retained zxid.
#include "sqlite_test_util.h"
#include "storage/memory_log_store.h"
#include "storage/memory_snapshot_store.h"
#include "storage/recovery.h"
#include "storage/sqlite_log_store.h"
#include "storage/sqlite_snapshot_store.h"
#include "storage_test_util.h"
#include "tree/snapshot.h"

#include <QtTest>

using namespace zs::storage;
using storage_test::first_difference;
using zs::tree::SessionRecord;

namespace {

// A node's stores on disk, opened together as the server would.
struct Stores {
    std::unique_ptr<SqliteLogStore> log;
    std::unique_ptr<SqliteSnapshotStore> snapshots;

    explicit Stores(const QString& dir) {
        log = std::move(
            std::get<std::unique_ptr<SqliteLogStore>>(SqliteLogStore::open(dir.toStdString())));
        snapshots = std::move(std::get<std::unique_ptr<SqliteSnapshotStore>>(
            SqliteSnapshotStore::open(dir.toStdString())));
    }
};

// The tree after applying the first `count` entries of `entries`.
zs::tree::DataTree tree_after(const std::vector<LogEntry>& entries, size_t count) {
    zs::tree::DataTree tree;
    for (size_t i = 0; i < count; ++i) {
        tree.apply(entries[i].header, entries[i].txn);
    }
    return tree;
}

// Saves the snapshot of the tree after `count` entries (its zxid is `count`).
void snapshot_at(SnapshotStore& store, const std::vector<LogEntry>& entries, size_t count,
                 const std::vector<SessionRecord>& sessions) {
    zs::tree::DataTree tree = tree_after(entries, count);
    QVERIFY(!store.save(int64_t(count), zs::tree::encode_snapshot(tree, sessions)));
}

QString diff(const zs::tree::DataTree& a, const zs::tree::DataTree& b) {
    return QString::fromStdString(first_difference(a, b));
}

RecoveredState recovered(LogStore& log, SnapshotStore& snapshots) {
    auto result = recover(log, snapshots);
    if (auto* error = std::get_if<StorageError>(&result)) {
        qFatal("recovery failed: %s", error->message.c_str());
    }
    return std::move(std::get<RecoveredState>(result));
}

const SessionRecord kFirst{0x100, 30000, {9, 9, 9}};
const SessionRecord kSecond{0x200, 10000, {7}};

} // namespace

class TestRecovery : public QObject {
    Q_OBJECT

  private slots:
    void freshStoresRecoverAnEmptyTree() {
        MemoryLogStore log(100);
        MemorySnapshotStore snapshots;
        const RecoveredState state = recovered(log, snapshots);
        QCOMPARE(diff(state.tree, zs::tree::DataTree()), QString());
        QCOMPARE(state.last_zxid, int64_t(0));
        QCOMPARE(state.replayed, size_t(0));
    }

    void snapshotPlusReplayEqualsLive_data() {
        QTest::addColumn<int>("snapshot_at");
        QTest::newRow("no snapshot") << 0;
        QTest::newRow("after sessions") << 2;
        QTest::newRow("middle") << 12;
        QTest::newRow("at the end") << 25;
    }

    void snapshotPlusReplayEqualsLive() {
        QFETCH(int, snapshot_at);
        storage_test::Recorder live;
        storage_test::build_rich(live);
        QCOMPARE(live.entries.size(), size_t(25));
        QTemporaryDir dir;
        {
            Stores stores(dir.path());
            QVERIFY(!stores.log->append(live.entries));
            if (snapshot_at > 0) {
                snapshot_at_helper(*stores.snapshots, live.entries, size_t(snapshot_at));
            }
        }
        Stores stores(dir.path());
        const RecoveredState state = recovered(*stores.log, *stores.snapshots);
        QCOMPARE(diff(live.tree, state.tree), QString());
        QCOMPARE(state.last_zxid, int64_t(25));
        QCOMPARE(state.replayed, size_t(25 - snapshot_at));
        QCOMPARE(state.cut, size_t(0));
        QVERIFY(state.warnings.empty());
        // 0x200 was closed by the last txn; 0x100 survives, with its password only when the
        // snapshot carried it.
        QCOMPARE(state.sessions.size(), size_t(1));
        QCOMPARE(state.sessions[0].id, int64_t(0x100));
        QCOMPARE(state.sessions[0].timeout_ms, 30000);
        QCOMPARE(state.sessions[0].password == kFirst.password, snapshot_at >= 2);
    }

    void damagedTailIsCut() {
        storage_test::Recorder live;
        storage_test::build_rich(live);
        QTemporaryDir dir;
        {
            Stores stores(dir.path());
            // Txns 22-25 are one row of the log.
            const std::span entries(live.entries);
            QVERIFY(!stores.log->append(entries.first(21)));
            QVERIFY(!stores.log->append(entries.subspan(21)));
            snapshot_at_helper(*stores.snapshots, live.entries, 10);
        }
        storage_test::RawDb(dir.path().toStdString()).flip("log", "body", "zxid = 25", 40);
        Stores stores(dir.path());
        const RecoveredState state = recovered(*stores.log, *stores.snapshots);
        QCOMPARE(state.cut, size_t(4));
        QCOMPARE(state.replayed, size_t(11));
        QCOMPARE(state.last_zxid, int64_t(21));
        QCOMPARE(diff(tree_after(live.entries, 21), state.tree), QString());
        QCOMPARE(stores.log->last_zxid(), int64_t(21));
        QCOMPARE(stores.log->count_after(0), size_t(21));
        // The next start finds nothing more to cut.
        QCOMPARE(recovered(*stores.log, *stores.snapshots).cut, size_t(0));
    }

    void damagedSnapshotFallsBack() {
        storage_test::Recorder live;
        storage_test::build_rich(live);
        QTemporaryDir dir;
        {
            Stores stores(dir.path());
            QVERIFY(!stores.log->append(live.entries));
            snapshot_at_helper(*stores.snapshots, live.entries, 8);
            snapshot_at_helper(*stores.snapshots, live.entries, 20);
            const int64_t newest = stores.snapshots->list().front().id;
            storage_test::RawDb(dir.path().toStdString())
                .flip("snapshot_chunk", "body", "snapshot_id = " + std::to_string(newest), 99);
        }
        Stores stores(dir.path());
        const RecoveredState state = recovered(*stores.log, *stores.snapshots);
        QCOMPARE(state.warnings.size(), size_t(1));
        QVERIFY(QString::fromStdString(state.warnings[0]).contains("damaged"));
        QCOMPARE(state.replayed, size_t(17));
        QCOMPARE(diff(live.tree, state.tree), QString());
    }

    void undecodableSnapshotFallsBackInMemory() {
        storage_test::Recorder live;
        storage_test::build_rich(live);
        MemoryLogStore log(1000);
        MemorySnapshotStore snapshots;
        QVERIFY(!log.append(live.entries));
        snapshot_at_helper(snapshots, live.entries, 5);
        QVERIFY(!snapshots.save(15, "not a snapshot"));
        const RecoveredState state = recovered(log, snapshots);
        QCOMPARE(state.warnings.size(), size_t(1));
        QCOMPARE(state.replayed, size_t(20));
        QCOMPARE(diff(live.tree, state.tree), QString());
    }

    void unrecoverableWhenPurgedPastEveryReadableSnapshot() {
        storage_test::Recorder live;
        storage_test::build_rich(live);
        MemoryLogStore log(1000);
        MemorySnapshotStore snapshots;
        QVERIFY(!log.append(live.entries));
        QVERIFY(!snapshots.save(15, "damaged"));
        QVERIFY(!log.purge_before(15));
        auto result = recover(log, snapshots);
        QVERIFY(std::holds_alternative<StorageError>(result));
        QVERIFY(std::get<StorageError>(result).message.find("purged") != std::string::npos);
    }

    void treeAt_data() {
        QTest::addColumn<int>("zxid");
        for (int zxid : {0, 1, 6, 9, 10, 11, 17, 24, 25}) {
            QTest::newRow(qPrintable(QString("zxid %1").arg(zxid))) << zxid;
        }
    }

    void treeAt() {
        QFETCH(int, zxid);
        storage_test::Recorder live;
        storage_test::build_rich(live);
        QTemporaryDir dir;
        Stores stores(dir.path());
        QVERIFY(!stores.log->append(live.entries));
        snapshot_at_helper(*stores.snapshots, live.entries, 10);
        snapshot_at_helper(*stores.snapshots, live.entries, 17);
        auto result = tree_at(*stores.log, *stores.snapshots, zxid);
        QVERIFY(std::holds_alternative<zs::tree::Snapshot>(result));
        const auto& at = std::get<zs::tree::Snapshot>(result);
        QCOMPARE(diff(tree_after(live.entries, size_t(zxid)), at.tree), QString());
    }

    void treeAtRefusesWhatIsNotRetained() {
        storage_test::Recorder live;
        storage_test::build_rich(live);
        MemoryLogStore log(1000);
        MemorySnapshotStore snapshots;
        QVERIFY(!log.append(live.entries));
        snapshot_at_helper(snapshots, live.entries, 10);
        QVERIFY(!log.purge_before(10));
        QVERIFY(std::holds_alternative<StorageError>(tree_at(log, snapshots, 5)));
        QVERIFY(std::holds_alternative<StorageError>(tree_at(log, snapshots, 26)));
        QVERIFY(std::holds_alternative<zs::tree::Snapshot>(tree_at(log, snapshots, 10)));
        QVERIFY(std::holds_alternative<zs::tree::Snapshot>(tree_at(log, snapshots, 12)));
    }

    void txnsBetween() {
        storage_test::Recorder live;
        storage_test::build_rich(live);
        MemoryLogStore log(1000);
        QVERIFY(!log.append(live.entries));
        const auto between = txns_between(log, 3, 7);
        QCOMPARE(between.size(), size_t(4));
        QCOMPARE(between.front().header.zxid, int64_t(4));
        QCOMPARE(between.back().header.zxid, int64_t(7));
        QCOMPARE(std::get<zs::tree::CreateTxn>(between[3].txn).path, std::string("/app/eph2"));
        QVERIFY(txns_between(log, 7, 7).empty());
        QVERIFY(txns_between(log, 9, 3).empty());
    }

  private:
    // The sessions alive after `count` entries of build_rich: 0x100 from zxid 1, 0x200 from
    // zxid 2 until the close at zxid 25.
    static void snapshot_at_helper(SnapshotStore& store, const std::vector<LogEntry>& entries,
                                   size_t count) {
        std::vector<SessionRecord> sessions;
        if (count >= 1) {
            sessions.push_back(kFirst);
        }
        if (count >= 2 && count < 25) {
            sessions.push_back(kSecond);
        }
        snapshot_at(store, entries, count, sessions);
    }
};

QTEST_GUILESS_MAIN(TestRecovery)
#include "tst_recovery.moc"
