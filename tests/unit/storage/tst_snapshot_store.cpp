// SnapshotStore implementations: saving in pieces, newest-first listing, checked reads,
// retention, and discarding what was never committed.
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

// The whole snapshot `id`, or nullopt when read() reports an error.
std::optional<std::string> load(const SnapshotStore& store, int64_t id) {
    std::string bytes;
    if (store.read(id, [&](std::string_view piece) {
            bytes += piece;
            return true;
        })) {
        return std::nullopt;
    }
    return bytes;
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
        QCOMPARE(load(*store, list[0].id), std::optional<std::string>("thirty again"));
        QCOMPARE(load(*store, list[3].id), std::optional<std::string>("ten"));
        QCOMPARE(load(*store, 9999), std::optional<std::string>());
        QVERIFY(!store->retain(2));
        QCOMPARE(zxids(store->list()), (std::vector<int64_t>{30, 30}));
        QCOMPARE(load(*store, list[3].id), std::optional<std::string>());
        QVERIFY(!store->retain(5));
        QCOMPARE(store->list().size(), size_t(2));
    }

    void piecesAreReadInOrder_data() { saveListLoadRetain_data(); }

    void piecesAreReadInOrder() {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        auto store = open_store(kind, dir.path());
        std::vector<std::string> pieces{"first", "", "third piece", random_bytes(3 << 20)};
        {
            auto begun = store->begin(42);
            auto& writer = *std::get<std::unique_ptr<zs::storage::SnapshotWriter>>(begun);
            for (const std::string& piece : pieces) {
                QVERIFY(!writer.append(piece));
            }
            QVERIFY(store->list().empty()); // not before commit
            QVERIFY(!writer.commit());
        }
        const auto list = store->list();
        QCOMPARE(zxids(list), (std::vector<int64_t>{42}));
        std::vector<std::string> read;
        QVERIFY(!store->read(list[0].id, [&](std::string_view piece) {
            read.emplace_back(piece);
            return true;
        }));
        QCOMPARE(read, pieces);
        QCOMPARE(list[0].size_bytes, size_t(16 + (3 << 20)));
        // A consumer may stop early.
        size_t calls = 0;
        QVERIFY(!store->read(list[0].id, [&](std::string_view) { return ++calls < 2; }));
        QCOMPARE(calls, size_t(2));
        QVERIFY(store->read(9999, [](std::string_view) { return true; }).has_value());
    }

    void uncommittedWriterIsDiscarded_data() { saveListLoadRetain_data(); }

    void uncommittedWriterIsDiscarded() {
        QFETCH(QString, kind);
        QTemporaryDir dir;
        auto store = open_store(kind, dir.path());
        {
            auto begun = store->begin(7);
            auto& writer = *std::get<std::unique_ptr<zs::storage::SnapshotWriter>>(begun);
            QVERIFY(!writer.append("abandoned"));
        }
        QVERIFY(store->list().empty());
        if (kind == "sqlite") {
            storage_test::RawDb raw(dir.path().toStdString());
            QCOMPARE(raw.integer("SELECT count(*) FROM snapshot_chunk"), int64_t(0));
            QCOMPARE(raw.integer("SELECT count(*) FROM snapshot"), int64_t(0));
        }
    }

    void sqliteKeepsLargeSnapshotsAcrossReopen() {
        QTemporaryDir dir;
        const std::string big = random_bytes(9 << 20);
        {
            auto store = open_store("sqlite", dir.path());
            QVERIFY(!store->save(77, big));
            QVERIFY(!store->save(78, ""));
        }
        auto store = open_store("sqlite", dir.path());
        const auto list = store->list();
        QCOMPARE(zxids(list), (std::vector<int64_t>{78, 77}));
        QCOMPARE(list[1].size_bytes, big.size());
        QVERIFY(load(*store, list[1].id) == big);
        QCOMPARE(load(*store, list[0].id), std::optional<std::string>(""));
    }

    void sqliteDetectsDamage() {
        QTemporaryDir dir;
        auto store = open_store("sqlite", dir.path());
        QVERIFY(!store->save(5, random_bytes(5000)));
        const int64_t id = store->list().front().id;
        storage_test::RawDb raw(dir.path().toStdString());
        QVERIFY(raw.flip("snapshot_chunk", "body", "snapshot_id = " + std::to_string(id), 1234));
        const auto error = store->read(id, [](std::string_view) { return true; });
        QVERIFY(error.has_value());
        QVERIFY2(error->message.find("fails its checksum") != std::string::npos,
                 error->message.c_str());
        QCOMPARE(store->list().size(), size_t(1));
    }

    void sqliteDetectsMissingPieces() {
        QTemporaryDir dir;
        auto store = open_store("sqlite", dir.path());
        {
            auto begun = store->begin(9);
            auto& writer = *std::get<std::unique_ptr<zs::storage::SnapshotWriter>>(begun);
            for (const char* piece : {"a", "b", "c"}) {
                QVERIFY(!writer.append(piece));
            }
            QVERIFY(!writer.commit());
        }
        const int64_t id = store->list().front().id;
        storage_test::RawDb raw(dir.path().toStdString());
        QVERIFY(raw.exec(
            ("DELETE FROM snapshot_chunk WHERE seq = 2 AND snapshot_id = " + std::to_string(id))
                .c_str()));
        auto error = store->read(id, [](std::string_view) { return true; });
        QVERIFY(error.has_value());
        QVERIFY2(error->message.find("2 of its 3 bytes") != std::string::npos,
                 error->message.c_str());
        QVERIFY(raw.exec(
            ("DELETE FROM snapshot_chunk WHERE seq = 0 AND snapshot_id = " + std::to_string(id))
                .c_str()));
        error = store->read(id, [](std::string_view) { return true; });
        QVERIFY(error.has_value());
        QVERIFY2(error->message.find("piece 0 is missing") != std::string::npos,
                 error->message.c_str());
    }

    void sqliteDropsInterruptedSaves() {
        QTemporaryDir dir;
        QVERIFY(open_store("sqlite", dir.path()));
        {
            storage_test::RawDb raw(dir.path().toStdString());
            QVERIFY(raw.exec("INSERT INTO snapshot (id, zxid, size, complete) "
                             "VALUES (50, 9, 3, 0);"
                             "INSERT INTO snapshot_chunk VALUES (50, 0, 0, x'010203')"));
        }
        auto store = open_store("sqlite", dir.path());
        QVERIFY(store->list().empty());
        storage_test::RawDb raw(dir.path().toStdString());
        QCOMPARE(raw.integer("SELECT count(*) FROM snapshot_chunk"), int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestSnapshotStore)
#include "tst_snapshot_store.moc"
