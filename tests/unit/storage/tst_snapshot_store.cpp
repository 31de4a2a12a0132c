// SnapshotStore implementations: save, newest-first listing, CRC-checked load, retention.
#include "sqlite_test_util.h"
#include "storage/memory_snapshot_store.h"
#include "storage/sqlite_snapshot_store.h"

#include <QtTest>
#include <random>

using zs::storage::MemorySnapshotStore;
using zs::storage::SnapshotInfo;
using zs::storage::SnapshotStore;
using zs::storage::SqliteSnapshotStore;
using zs::storage::StorageError;

namespace {

std::unique_ptr<SnapshotStore> open_store(const QString& kind, const QString& dir) {
    if (kind == "memory") {
        return std::make_unique<MemorySnapshotStore>();
    }
    auto opened = SqliteSnapshotStore::open(dir.toStdString());
    if (auto* error = std::get_if<StorageError>(&opened)) {
        qWarning("%s", error->message.c_str());
        return nullptr;
    }
    return std::move(std::get<std::unique_ptr<SqliteSnapshotStore>>(opened));
}

std::vector<int64_t> zxids(const std::vector<SnapshotInfo>& list) {
    std::vector<int64_t> out;
    for (const auto& info : list) {
        out.push_back(info.zxid);
    }
    return out;
}

std::string random_bytes(size_t size) {
    std::mt19937_64 random(size);
    std::string out(size, '\0');
    for (char& c : out) {
        c = char(random());
    }
    return out;
}

} // namespace

class TestSnapshotStore : public QObject {
    Q_OBJECT

  private slots:
    void saveListLoadRetain_data() {
        QTest::addColumn<QString>("kind");
        QTest::newRow("memory") << "memory";
        QTest::newRow("sqlite") << "sqlite";
    }

    void saveListLoadRetain() {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        auto store = open_store(kind, dir.path());
        QVERIFY(store);
        QVERIFY(store->list().empty());
        QVERIFY(!store->save(10, "ten"));
        QVERIFY(!store->save(30, "thirty"));
        QVERIFY(!store->save(20, "twenty"));
        QVERIFY(!store->save(30, "thirty again"));
        const auto list = store->list();
        QCOMPARE(zxids(list), (std::vector<int64_t>{30, 30, 20, 10}));
        QVERIFY(list[0].id > list[1].id);
        QCOMPARE(list[0].size_bytes, size_t(12));
        QCOMPARE(store->load(list[0].id), std::optional<std::string>("thirty again"));
        QCOMPARE(store->load(list[3].id), std::optional<std::string>("ten"));
        QCOMPARE(store->load(9999), std::optional<std::string>());
        QVERIFY(!store->retain(2));
        QCOMPARE(zxids(store->list()), (std::vector<int64_t>{30, 30}));
        QCOMPARE(store->load(list[3].id), std::optional<std::string>());
        QVERIFY(!store->retain(5));
        QCOMPARE(store->list().size(), size_t(2));
    }

    void sqliteKeepsLargeSnapshotsAcrossReopen() {
        QTemporaryDir dir;
        const std::string big = random_bytes(9 << 20); // spans several chunks
        {
            auto store = open_store("sqlite", dir.path());
            QVERIFY(!store->save(77, big));
            QVERIFY(!store->save(78, ""));
        }
        auto store = open_store("sqlite", dir.path());
        const auto list = store->list();
        QCOMPARE(zxids(list), (std::vector<int64_t>{78, 77}));
        QCOMPARE(list[1].size_bytes, big.size());
        QVERIFY(store->load(list[1].id) == big);
        QCOMPARE(store->load(list[0].id), std::optional<std::string>(""));
    }

    void sqliteDetectsDamage() {
        QTemporaryDir dir;
        auto store = open_store("sqlite", dir.path());
        QVERIFY(!store->save(5, random_bytes(5000)));
        const int64_t id = store->list().front().id;
        storage_test::RawDb raw(dir.path().toStdString());
        QVERIFY(raw.flip("snapshot_chunk", "body", "snapshot_id = " + std::to_string(id), 1234));
        QCOMPARE(store->load(id), std::optional<std::string>());
        QCOMPARE(store->list().size(), size_t(1));
    }

    void sqliteDropsInterruptedSaves() {
        QTemporaryDir dir;
        QVERIFY(open_store("sqlite", dir.path()));
        {
            storage_test::RawDb raw(dir.path().toStdString());
            QVERIFY(raw.exec("INSERT INTO snapshot (id, zxid, crc, size, complete) "
                             "VALUES (50, 9, 0, 3, 0);"
                             "INSERT INTO snapshot_chunk VALUES (50, 0, x'010203')"));
        }
        auto store = open_store("sqlite", dir.path());
        QVERIFY(store->list().empty());
        storage_test::RawDb raw(dir.path().toStdString());
        QCOMPARE(raw.integer("SELECT count(*) FROM snapshot_chunk"), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotStore)
#include "tst_snapshot_store.moc"
