// SessionTracker: ZooKeeper's session id layout and tick-bucketed expiry.
#include "server/session_tracker.h"

#include <QtTest>

using zs::server::SessionPassword;
using zs::server::SessionTracker;

class TestSessionTracker : public QObject {
    Q_OBJECT

  private slots:
    void idsCarryServerIdAndStayUnique() {
        SessionTracker tracker(1, 2000, 1'795'970'861'678);
        const int64_t first = tracker.next_session_id();
        const int64_t second = tracker.next_session_id();
        QCOMPARE(static_cast<uint64_t>(first) >> 56, uint64_t(1));
        QCOMPARE(second, first + 1);
        // Same millisecond, different server: different ids.
        SessionTracker other(2, 2000, 1'795'970'861'678);
        QVERIFY(other.next_session_id() != first);
    }

    void deadlinesRoundUpToTheNextTick_data() {
        QTest::addColumn<int>("tick");
        QTest::addColumn<int>("timeout");
        QTest::addColumn<qint64>("now");
        QTest::addColumn<qint64>("deadline");
        QTest::newRow("exact multiple") << 2000 << 4000 << qint64(10000) << qint64(16000);
        QTest::newRow("inside a tick") << 2000 << 4000 << qint64(10001) << qint64(16000);
        QTest::newRow("small tick") << 200 << 1000 << qint64(150) << qint64(1200);
    }

    void deadlinesRoundUpToTheNextTick() {
        QFETCH(int, tick);
        QFETCH(int, timeout);
        QFETCH(qint64, now);
        QFETCH(qint64, deadline);
        SessionTracker tracker(1, tick, 0);
        const auto& session = tracker.add(7, timeout, SessionPassword{}, now);
        QCOMPARE(session.expires_at_ms, deadline);
    }

    void touchPostponesExpiry() {
        SessionTracker tracker(1, 100, 0);
        tracker.add(7, 1000, SessionPassword{}, 0);
        QVERIFY(tracker.take_expired(1000).empty());
        QVERIFY(tracker.touch(7, 900));
        QVERIFY(tracker.take_expired(1100).empty());
        const auto expired = tracker.take_expired(2000);
        QCOMPARE(expired.size(), size_t(1));
        QCOMPARE(expired.front(), int64_t(7));
        QVERIFY(tracker.find(7)->closing);
        // A closing session cannot be revived by a late packet.
        QVERIFY(!tracker.touch(7, 2000));
    }

    void expiryTakesEverySessionOnce() {
        SessionTracker tracker(1, 100, 0);
        for (int64_t id = 1; id <= 50; ++id) {
            tracker.add(id, 200 + int32_t(id) * 10, SessionPassword{}, 0);
        }
        size_t total = 0;
        for (int64_t now = 0; now <= 2000; now += 100) {
            total += tracker.take_expired(now).size();
        }
        QCOMPARE(total, size_t(50));
        QVERIFY(tracker.expiry_buckets().empty());
    }

    void removeForgetsTheSession() {
        SessionTracker tracker(1, 100, 0);
        tracker.add(9, 1000, SessionPassword{}, 0);
        tracker.remove(9);
        QVERIFY(tracker.find(9) == nullptr);
        QCOMPARE(tracker.size(), size_t(0));
        QVERIFY(tracker.take_expired(5000).empty());
    }
};

QTEST_GUILESS_MAIN(TestSessionTracker)
#include "tst_session_tracker.moc"
