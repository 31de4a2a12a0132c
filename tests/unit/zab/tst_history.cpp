// HistoryChecker on hand-made client histories: each promise kept, and each broken once.
#include "check/history.h"

#include <QtTest>

using zs::check::HistoryChecker;

namespace {

// Two writes to k, committed at 1 and 2.
HistoryChecker two_writes() {
    HistoryChecker history;
    history.committed(1, "k=a");
    history.committed(2, "k=b");
    history.write(1, 10, 20, 1, "k=a");
    history.write(2, 30, 40, 2, "k=b");
    return history;
}

bool mentions(const std::vector<std::string>& violations, const std::string& text) {
    for (const std::string& violation : violations) {
        if (violation.find(text) != std::string::npos) {
            return true;
        }
    }
    return false;
}

} // namespace

class TestHistory : public QObject {
    Q_OBJECT

  private slots:
    void keptPromisesPass() {
        HistoryChecker history = two_writes();
        history.read(3, 25, "k", "a", 1, std::nullopt);          // a state between the writes
        history.read(3, 50, "k", "b", 2, 45);                    // after a sync: sees both
        history.read(4, 50, "x", std::nullopt, 2, std::nullopt); // never written
        QCOMPARE(history.violations(), std::vector<std::string>{});
    }

    void writeOrderAgainstRealTime() {
        HistoryChecker history;
        history.committed(1, "k=late");
        history.committed(2, "k=early");
        history.write(1, 10, 20, 2, "k=early"); // acknowledged at 20...
        history.write(2, 30, 40, 1, "k=late");  // ...yet a write begun at 30 comes first
        QVERIFY(mentions(history.violations(), "not linearizable"));
    }

    void acknowledgedButNotCommitted() {
        HistoryChecker history;
        history.committed(1, "k=other");
        history.write(1, 10, 20, 1, "k=mine");
        QVERIFY(mentions(history.violations(), "where the ensemble committed k=other"));
    }

    void readOfAStateThatNeverWas() {
        HistoryChecker history = two_writes();
        history.read(3, 25, "k", "b", 1, std::nullopt);
        QVERIFY(mentions(history.violations(), "leave a"));
    }

    void staleReadAfterSync() {
        HistoryChecker history = two_writes();
        history.read(3, 50, "k", "a", 1, 45); // the sync began after b was acknowledged
        QVERIFY(mentions(history.violations(), "after a sync, missing"));
    }

    void clientGoesBackInTime() {
        HistoryChecker history = two_writes();
        history.read(1, 25, "k", "a", 1, std::nullopt); // client 1 wrote at 1: fine
        history.read(2, 45, "k", "a", 1, std::nullopt); // client 2 wrote at 2, reads at 1
        QVERIFY(mentions(history.violations(), "client 2 went back in time"));
    }
};

QTEST_GUILESS_MAIN(TestHistory)
#include "tst_history.moc"
