// SqliteLogStore: durable appends, ranges, truncation, purge, epochs, refusals and a full disk.
#include "sqlite_test_util.h"
#include "storage/sqlite_log_store.h"
#include "storage_test_util.h"

#include <QFileInfo>
#include <QtTest>
#include <sys/stat.h>
#include <unistd.h>

using zs::storage::LogEntry;
using zs::storage::SqliteLogStore;
using zs::storage::StorageError;

namespace {

LogEntry entry(int64_t zxid, size_t data_bytes = 8) {
    return LogEntry{
        zs::tree::TxnHeader{0x100, int32_t(zxid), zxid, 1000 + zxid},
        zs::tree::SetDataTxn{"/n", std::string(data_bytes, char('a' + zxid % 26)), int32_t(zxid)}};
}

std::unique_ptr<SqliteLogStore> open_ok(const QString& dir) {
    auto opened = SqliteLogStore::open(dir.toStdString());
    if (auto* error = std::get_if<StorageError>(&opened)) {
        qWarning("%s", error->message.c_str());
        return nullptr;
    }
    return std::move(std::get<std::unique_ptr<SqliteLogStore>>(opened));
}

// The refusal message, or "" when the directory was accepted.
QString refusal(const QString& dir) {
    auto opened = SqliteLogStore::open(dir.toStdString());
    const auto* error = std::get_if<StorageError>(&opened);
    return error ? QString::fromStdString(error->message) : QString();
}

std::vector<int64_t> zxids(const std::vector<LogEntry>& entries) {
    std::vector<int64_t> out;
    for (const auto& e : entries) {
        out.push_back(e.header.zxid);
    }
    return out;
}

QByteArray file_bytes(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("<unreadable>");
}

} // namespace

class TestSqliteLogStore : public QObject {
    Q_OBJECT

  private slots:
    void appendReadAndReopen() {
        QTemporaryDir dir;
        {
            auto log = open_ok(dir.path());
            QVERIFY(log);
            QCOMPARE(log->last_zxid(), int64_t(0));
            std::vector<LogEntry> batch{entry(1), entry(2), entry(3), entry(5), entry(8)};
            QVERIFY(!log->append(batch));
            QCOMPARE(log->last_zxid(), int64_t(8));
            QCOMPARE(zxids(log->read(2, 5)), (std::vector<int64_t>{2, 3, 5}));
            QCOMPARE(zxids(log->read(9, 20)), (std::vector<int64_t>{}));
            QVERIFY(!log->set_accepted_epoch(4));
            QVERIFY(!log->set_current_epoch(3));
        }
        QVERIFY(QFile::exists(dir.path() + "/zoonode.db"));
        auto log = open_ok(dir.path());
        QVERIFY(log);
        QCOMPARE(log->last_zxid(), int64_t(8));
        QCOMPARE(log->accepted_epoch(), int64_t(4));
        QCOMPARE(log->current_epoch(), int64_t(3));
        const auto all = log->read(0, 100);
        QCOMPARE(zxids(all), (std::vector<int64_t>{1, 2, 3, 5, 8}));
        const auto& set = std::get<zs::tree::SetDataTxn>(all[3].txn);
        QCOMPARE(set.data, std::optional<std::string>(std::string(8, 'f')));
        QCOMPARE(all[3].header.time_ms, int64_t(1005));
        QCOMPARE(log->count_after(2), size_t(3));
    }

    void truncateAndPurge() {
        QTemporaryDir dir;
        auto log = open_ok(dir.path());
        QVERIFY(log);
        for (int64_t z = 1; z <= 6; ++z) {
            const LogEntry e = entry(z);
            QVERIFY(!log->append(std::span(&e, 1)));
        }
        QVERIFY(!log->truncate_after(4));
        QCOMPARE(log->last_zxid(), int64_t(4));
        const LogEntry five = entry(5);
        QVERIFY(!log->append(std::span(&five, 1)));
        QVERIFY(!log->purge_before(3));
        QCOMPARE(zxids(log->read(0, 100)), (std::vector<int64_t>{3, 4, 5}));
        QCOMPARE(log->purged_through(), int64_t(2));
        // An emptied log still knows how far it went, like MemoryLogStore.
        QVERIFY(!log->purge_before(100));
        QCOMPARE(log->last_zxid(), int64_t(5));
        log.reset();
        log = open_ok(dir.path());
        QCOMPARE(log->last_zxid(), int64_t(5));
        QCOMPARE(log->purged_through(), int64_t(5));
        QVERIFY(log->read(0, 100).empty());
    }

    void restartAfterASnapshot() {
        // A follower given its leader's snapshot at 0x50 drops its whole log, which goes on
        // after 0x50, even though its own entries reached past it.
        QTemporaryDir dir;
        auto log = open_ok(dir.path());
        QVERIFY(log);
        for (int64_t z = 1; z <= 0x60; z += 0x10) {
            const LogEntry e = entry(z);
            QVERIFY(!log->append(std::span(&e, 1)));
        }
        QVERIFY(!log->restart_after(0x50));
        QVERIFY(log->read(0, 1000).empty());
        QCOMPARE(log->purged_through(), int64_t(0x50));
        QCOMPARE(log->last_zxid(), int64_t(0x50));
        const LogEntry next = entry(0x51);
        QVERIFY(!log->append(std::span(&next, 1)));
        log.reset();
        log = open_ok(dir.path());
        QCOMPARE(zxids(log->read(0, 1000)), (std::vector<int64_t>{0x51}));
        QCOMPARE(log->purged_through(), int64_t(0x50));
    }

    void damagedRowEndsReads() {
        QTemporaryDir dir;
        {
            auto log = open_ok(dir.path());
            std::vector<LogEntry> batch;
            for (int64_t z = 1; z <= 10; ++z) {
                batch.push_back(entry(z));
            }
            QVERIFY(!log->append(std::span(batch).first(6)));
            QVERIFY(!log->append(std::span(batch).subspan(6)));
        }
        // The second batch is one row, keyed by its last txn.
        storage_test::RawDb raw(dir.path().toStdString());
        QCOMPARE(raw.integer("SELECT count(*) FROM log"), int64_t(2));
        QVERIFY(raw.flip("log", "body", "zxid = 10", 30));
        auto log = open_ok(dir.path());
        QCOMPARE(zxids(log->read(5, 100)), (std::vector<int64_t>{5, 6}));
        QCOMPARE(log->count_after(4), size_t(6));
        // A damaged row straddling the zxid asked about is counted by its zxid range.
        QCOMPARE(log->count_after(8), size_t(2));
        QCOMPARE(log->last_zxid(), int64_t(10));
    }

    // One append is one row, however many txns it holds, until a row passes a MiB; reads,
    // counts, truncation and purging see the txns inside rows.
    void batchesShareRows() {
        QTemporaryDir dir;
        auto log = open_ok(dir.path());
        QVERIFY(log);
        std::vector<LogEntry> batch;
        for (int64_t z = 1; z <= 10; ++z) {
            batch.push_back(entry(z));
        }
        QVERIFY(!log->append(batch));
        std::vector<LogEntry> big;
        for (int64_t z = 11; z <= 40; ++z) {
            big.push_back(entry(z, 100 * 1024));
        }
        QVERIFY(!log->append(big));
        storage_test::RawDb raw(dir.path().toStdString());
        QCOMPARE(raw.integer("SELECT count(*) FROM log WHERE zxid <= 10"), int64_t(1));
        const int64_t big_rows = raw.integer("SELECT count(*) FROM log WHERE zxid > 10");
        QVERIFY2(big_rows >= 3 && big_rows <= 4, qPrintable(QString::number(big_rows)));
        QCOMPARE(zxids(log->read(4, 6)), (std::vector<int64_t>{4, 5, 6}));
        QCOMPARE(log->read(0, 100).size(), size_t(40));
        QCOMPARE(log->count_after(3), size_t(37));
        QCOMPARE(log->count_after(25), size_t(15));

        // Truncating inside a row keeps the row's earlier txns.
        QVERIFY(!log->truncate_after(7));
        QCOMPARE(log->last_zxid(), int64_t(7));
        QCOMPARE(zxids(log->read(0, 100)), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7}));
        QCOMPARE(log->count_after(0), size_t(7));
        const LogEntry eight = entry(8);
        QVERIFY(!log->append(std::span(&eight, 1)));

        // A row goes when all its txns are before the purge point.
        QVERIFY(!log->purge_before(5));
        QCOMPARE(zxids(log->read(0, 100)), (std::vector<int64_t>{1, 2, 3, 4, 5, 6, 7, 8}));
        QVERIFY(!log->purge_before(8));
        QCOMPARE(zxids(log->read(0, 100)), (std::vector<int64_t>{8}));
        QCOMPARE(log->purged_through(), int64_t(7));
        log.reset();
        log = open_ok(dir.path());
        QCOMPARE(log->last_zxid(), int64_t(8));
        QCOMPARE(zxids(log->read(0, 100)), (std::vector<int64_t>{8}));
    }

    void refusesApacheZooKeeperData() {
        QTemporaryDir dir;
        QVERIFY(QDir(dir.path()).mkdir("version-2"));
        const QString message = refusal(dir.path());
        QVERIFY2(message.contains("version-2") && message.contains("Apache ZooKeeper"),
                 qPrintable(message));
        QVERIFY(!QFile::exists(dir.path() + "/zoonode.db"));
    }

    void refusesForeignFiles_data() {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::newRow("text file")
            << QByteArray("just some text, not a database at all\n") << "is not a zoonode database";
        QTest::newRow("other sqlite") << QByteArray() << "another application";
    }

    void refusesForeignFiles() {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        QTemporaryDir dir;
        const QString file = dir.path() + "/zoonode.db";
        if (content.isEmpty()) {
            storage_test::RawDb raw(dir.path().toStdString());
            QVERIFY(raw.exec("CREATE TABLE log (x); INSERT INTO log VALUES (1)"));
        } else {
            QFile out(file);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(content);
        }
        const QByteArray before = file_bytes(file);
        const QString message = refusal(dir.path());
        QVERIFY2(message.contains(expected), qPrintable(message));
        QCOMPARE(file_bytes(file), before);
    }

    void refusesNewerFormat() {
        QTemporaryDir dir;
        QVERIFY(open_ok(dir.path()));
        {
            storage_test::RawDb raw(dir.path().toStdString());
            QVERIFY(raw.exec("UPDATE meta SET value = 99 WHERE key = 'format_version'"));
        }
        const QString message = refusal(dir.path());
        QVERIFY2(message.contains("newer zoonode") && message.contains("format 99"),
                 qPrintable(message));
        storage_test::RawDb raw(dir.path().toStdString());
        QCOMPARE(raw.integer("SELECT value FROM meta WHERE key = 'format_version'"), int64_t(99));
    }

    void refusesEarlierFormat() {
        QTemporaryDir dir;
        QVERIFY(open_ok(dir.path()));
        {
            storage_test::RawDb raw(dir.path().toStdString());
            QVERIFY(raw.exec("UPDATE meta SET value = 1 WHERE key = 'format_version'"));
        }
        const QString message = refusal(dir.path());
        QVERIFY2(message.contains("earlier zoonode") && message.contains("format 1"),
                 qPrintable(message));
        storage_test::RawDb raw(dir.path().toStdString());
        QCOMPARE(raw.integer("SELECT value FROM meta WHERE key = 'format_version'"), int64_t(1));
    }

    void refusesUnusableDirectories() {
        QTemporaryDir dir;
        const QString file = dir.path() + "/plain";
        QFile(file).open(QIODevice::WriteOnly);
        QVERIFY2(refusal(file).contains("not a directory"), qPrintable(refusal(file)));
        // Nobody, not even root, can create a directory in /proc.
        const QString proc = "/proc/zoonode-storage-test/data";
        QVERIFY2(refusal(proc).contains("cannot create"), qPrintable(refusal(proc)));
        if (::geteuid() != 0) {
            const QString locked = dir.path() + "/locked";
            QVERIFY(QDir(dir.path()).mkdir("locked"));
            QCOMPARE(::chmod(locked.toUtf8().constData(), 0500), 0);
            QVERIFY2(refusal(locked).contains("not readable and writable"),
                     qPrintable(refusal(locked)));
            ::chmod(locked.toUtf8().constData(), 0700);
        }
    }

    // SQLite's automatic checkpoint is replaced by the store's own thread: once the WAL passes
    // its threshold the log's pages reach the database file without anyone else checkpointing.
    void walIsCheckpointedInTheBackground() {
        QTemporaryDir dir;
        auto log = open_ok(dir.path());
        QVERIFY(log);
        const QString database = dir.path() + "/zoonode.db";
        const qint64 before = QFileInfo(database).size();
        constexpr int kEntries = 72; // of 1 MiB each: past the 64 MiB threshold
        for (int64_t z = 1; z <= kEntries; ++z) {
            const LogEntry e = entry(z, size_t(1) << 20);
            QVERIFY(!log->append(std::span(&e, 1)));
        }
        QTRY_VERIFY_WITH_TIMEOUT(QFileInfo(database).size() - before > (qint64(48) << 20), 20000);
        QCOMPARE(log->read(0, INT64_MAX).size(), size_t(kEntries));
    }

    void fullDiskKeepsWhatWasWritten() {
        QTemporaryDir dir;
        auto log = open_ok(dir.path());
        QVERIFY(log);
        std::vector<LogEntry> first;
        for (int64_t z = 1; z <= 20; ++z) {
            first.push_back(entry(z, 100));
        }
        QVERIFY(!log->append(first));
        const int64_t pages =
            storage_test::RawDb(dir.path().toStdString()).integer("PRAGMA page_count");
        QVERIFY(pages > 0);
        log->limit_pages(pages + 4);
        int64_t zxid = 20;
        std::optional<StorageError> error;
        for (int i = 0; i < 1000 && !error; ++i) {
            std::vector<LogEntry> batch{entry(zxid + 1, 3000), entry(zxid + 2, 3000)};
            error = log->append(batch);
            if (!error) {
                zxid += 2;
            }
        }
        QVERIFY(error.has_value());
        QVERIFY2(QString::fromStdString(error->message).contains("full"), error->message.c_str());
        QCOMPARE(log->last_zxid(), zxid);
        QCOMPARE(log->read(0, INT64_MAX).size(), size_t(zxid));
        QCOMPARE(log->count_after(0), size_t(zxid));
        // With room again the store carries on where it stopped.
        log->limit_pages(1 << 20);
        const LogEntry next = entry(zxid + 1);
        QVERIFY(!log->append(std::span(&next, 1)));
        log.reset();
        log = open_ok(dir.path());
        QCOMPARE(log->last_zxid(), zxid + 1);
        QCOMPARE(log->read(0, INT64_MAX).size(), size_t(zxid + 1));
    }
};

QTEST_GUILESS_MAIN(TestSqliteLogStore)
#include "tst_sqlite_log_store.moc"
