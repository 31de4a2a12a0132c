// The invariant checker catches what it promises to, from the events alone.
#include "check/invariants.h"

#include <QtTest>

using namespace zs;

namespace {

trace::Event at(trace::ServerId server, trace::Body body) {
    return trace::Event{server, 7, std::move(body)};
}

} // namespace

class TestInvariants : public QObject {
    Q_OBJECT

  private slots:
    void oneLeaderPerEpoch() {
        check::InvariantChecker checker;
        checker.observe(at(3, trace::EpochEstablished{4, {1, 3}}));
        checker.observe(at(3, trace::EpochEstablished{4, {2, 3}})); // the same leader again
        QVERIFY(checker.ok());
        checker.observe(at(2, trace::EpochEstablished{4, {1, 2}}));
        QCOMPARE(checker.violations().size(), size_t{1});
        QVERIFY(checker.violations().front().find(
                    "epoch 4 established by server 3 and by server 2") != std::string::npos);
    }

    void epochsNeverGoBack() {
        check::InvariantChecker checker;
        checker.observe(at(1, trace::EpochChanged{"accepted", 0, 2}));
        checker.observe(at(1, trace::EpochChanged{"current", 0, 2}));
        QVERIFY(checker.ok());
        checker.observe(at(1, trace::EpochChanged{"accepted", 2, 1}));
        QCOMPARE(checker.violations().size(), size_t{2}); // went back, and current > accepted
    }

    void currentNeverPassesAccepted() {
        check::InvariantChecker checker;
        checker.observe(at(5, trace::EpochChanged{"current", 0, 1}));
        QCOMPARE(checker.violations().size(), size_t{1});
    }
};

QTEST_APPLESS_MAIN(TestInvariants)
#include "tst_invariants.moc"
