// Dynamic reconfiguration run by the simulator on real cores: a membership proposed by a reconfig
// txn commits and activates on every server, or on none, whatever crashes while it is in
// flight; the protocol's invariants hold throughout, and the ensemble goes on committing writes.
#include "check/invariants.h"
#include "sim/simulation.h"
#include "zab/core.h"

#include <QtTest>
#include <memory>
#include <set>
#include <string>

using namespace zs;
using zab::ServerId;
using zab::ServerState;

namespace {

// Shrinking five voters to three: servers 4 and 5 leave (and, removed, go on as learners that do
// not vote).
const std::string kToThree = "reconfig:1,2,3";
const std::set<ServerId> kThree = {1, 2, 3};

zab::Payload txn(const std::string& text) {
    return std::make_shared<const std::string>(text);
}

ServerId leader_of(const sim::Simulation& sim) {
    for (const ServerId id : sim.ids()) {
        const zab::Core* core = sim.core(id);
        if (core != nullptr && core->state() == ServerState::leading &&
            core->phase() == zab::Phase::broadcast && core->next_proposal_zxid() != 0) {
            return id;
        }
    }
    return 0;
}

// Every running server is in broadcast under one leader, and all hold one membership.
bool settled(const sim::Simulation& sim) {
    const ServerId leader = leader_of(sim);
    if (leader == 0) {
        return false;
    }
    const int64_t version = sim.core(leader)->config().version;
    for (const ServerId id : sim.ids()) {
        const zab::Core* core = sim.core(id);
        if (core == nullptr) {
            continue;
        }
        if (core->phase() != zab::Phase::broadcast || core->current_vote().leader != leader ||
            core->config().version != version) {
            return false;
        }
    }
    return true;
}

std::set<ServerId> voters_of(const zab::Core& core) {
    const std::vector<ServerId> voters = core.config().voters();
    return {voters.begin(), voters.end()};
}

sim::SimConfig five_voters(uint64_t seed) {
    sim::SimConfig config;
    config.participants = 5;
    config.seed = seed;
    return config;
}

// A write committed by the leader of the settled ensemble reaches every running server.
bool write_commits(sim::Simulation& sim, const std::string& key) {
    const ServerId leader = leader_of(sim);
    if (leader == 0) {
        return false;
    }
    const int64_t zxid = sim.core(leader)->propose(txn(key + "=1"));
    return zxid != 0 && sim.run_until(
                            [&] {
                                for (const ServerId id : sim.ids()) {
                                    const zab::Core* core = sim.core(id);
                                    if (core != nullptr && core->applied_zxid() < zxid) {
                                        return false;
                                    }
                                }
                                return true;
                            },
                            3000);
}

// Each server's state, phase, leader, membership (active and proposed) and applied zxid.
QString describe(const sim::Simulation& sim) {
    QStringList lines;
    for (const ServerId id : sim.ids()) {
        const zab::Core* core = sim.core(id);
        if (core == nullptr) {
            lines << QStringLiteral("%1: down").arg(id);
            continue;
        }
        QStringList voters;
        for (const ServerId voter : core->config().voters()) {
            voters << QString::number(voter);
        }
        lines << QStringLiteral("%1: %2 %3 leader %4, membership %5 (%6) proposed %7, applied %8")
                     .arg(id)
                     .arg(QString::fromUtf8(zab::name_of(core->state()).data()))
                     .arg(QString::fromUtf8(zab::name_of(core->phase()).data()))
                     .arg(core->current_vote().leader)
                     .arg(core->config().version, 0, 16)
                     .arg(voters.join(QLatin1Char(',')))
                     .arg(core->proposed_config() ? core->proposed_config()->version : 0, 0, 16)
                     .arg(core->applied_zxid(), 0, 16);
    }
    return lines.join(QLatin1Char('\n'));
}

std::string first_violation(const check::InvariantChecker& checker) {
    return checker.ok() ? std::string() : checker.violations().front();
}

} // namespace

class TestReconfigSim : public QObject {
    Q_OBJECT

  private slots:
    void shrinkActivatesEverywhereAndTheRemovedLeaderHandsOver() {
        sim::Simulation sim(five_voters(1));
        check::InvariantChecker checker;
        sim.on_event([&](const trace::Event& event) { checker.observe(event); });
        QVERIFY(sim.run_until([&] { return settled(sim); }, 2000));
        const ServerId old_leader = leader_of(sim);
        QCOMPARE(old_leader, ServerId{5}); // the highest id among equals
        const int64_t version = sim.core(old_leader)->propose(txn(kToThree));
        QVERIFY(version != 0);
        QVERIFY(sim.run_until(
            [&] { return settled(sim) && sim.core(leader_of(sim))->config().version == version; },
            5000));
        // The new leader votes in the new membership; everyone, the removed servers too, runs it.
        QVERIFY(kThree.contains(leader_of(sim)));
        for (const ServerId id : sim.ids()) {
            QCOMPARE(sim.core(id)->config().version, version);
            QCOMPARE(voters_of(*sim.core(id)), kThree);
        }
        QCOMPARE(sim.core(4)->state(), ServerState::following);
        QVERIFY(write_commits(sim, "after"));
        QVERIFY2(checker.ok(), first_violation(checker).c_str());
    }

    void secondReconfigWaitsForTheFirst() {
        sim::Simulation sim(five_voters(2));
        QVERIFY(sim.run_until([&] { return settled(sim); }, 2000));
        zab::Core* leader = sim.core(leader_of(sim));
        QVERIFY(leader->propose(txn("reconfig:1,2,3,4,5")) != 0);
        QCOMPARE(leader->propose(txn(kToThree)), int64_t{0});
    }

    void crashesDuringTheReconfigLeaveOneMembership_data() {
        QTest::addColumn<uint64_t>("seed");
        for (uint64_t seed = 1; seed <= ZS_RECONFIG_SEEDS; ++seed) {
            QTest::newRow(qPrintable(QStringLiteral("seed %1").arg(seed))) << seed;
        }
    }
    void crashesDuringTheReconfigLeaveOneMembership() {
        // The leader proposes the shrink to three voters amid writes, then (once that settled)
        // the growth back to five; each time one to three servers (the leader among the
        // candidates) crash at random moments around it and come back later. Afterwards every
        // server runs the same membership: the old one if the reconfig was lost with the
        // leader, the new one if it committed; no invariant breaks, and writes commit.
        QFETCH(uint64_t, seed);
        sim::Simulation sim(five_voters(seed));
        check::InvariantChecker checker;
        sim.on_event([&](const trace::Event& event) { checker.observe(event); });
        QVERIFY(sim.run_until([&] { return settled(sim); }, 2000));
        const std::set<ServerId> all_five = {1, 2, 3, 4, 5};
        for (const auto& [change, voters] :
             {std::pair{kToThree, kThree},
              std::pair{std::string("reconfig:1,2,3,4,5"), all_five}}) {
            const ServerId leader = leader_of(sim);
            const std::set<ServerId> voters_before = voters_of(*sim.core(leader));
            for (int i = 0; i < 5; ++i) {
                sim.core(leader)->propose(txn("before" + std::to_string(i) + "=1"));
            }
            const int64_t version = sim.core(leader)->propose(txn(change));
            QVERIFY(version != 0);
            const std::vector<ServerId> crashed = crash_some(sim, leader);
            QVERIFY2(sim.run_until([&] { return settled(sim); }, 20000),
                     qPrintable(QStringLiteral("%1: no settled ensemble; crashed %2 server(s):\n%3")
                                    .arg(QString::fromStdString(change))
                                    .arg(crashed.size())
                                    .arg(describe(sim))));
            const zab::Core& now_leading = *sim.core(leader_of(sim));
            const bool committed = now_leading.config().version == version;
            QCOMPARE(voters_of(now_leading), committed ? voters : voters_before);
            QVERIFY(write_commits(sim, "after" + std::to_string(version)));
        }
        QVERIFY2(checker.ok(), first_violation(checker).c_str());
    }

  private:
    // One to three servers, the first perhaps `leader`, crash a few ticks apart and come back
    // 200 ticks later; the ones that crashed.
    static std::vector<ServerId> crash_some(sim::Simulation& sim, ServerId leader) {
        sim::Random& random = sim.random();
        std::vector<ServerId> crashed;
        const int64_t crashes = random.between(1, 3);
        for (int64_t i = 0; i < crashes; ++i) {
            sim.run(random.between(0, 40));
            const ServerId victim = i == 0 && random.chance(0.5) ? leader : random.between(1, 5);
            if (sim.core(victim) != nullptr) {
                sim.crash(victim);
                crashed.push_back(victim);
            }
        }
        sim.run(200);
        for (const ServerId id : crashed) {
            sim.restart(id);
        }
        return crashed;
    }
};

QTEST_APPLESS_MAIN(TestReconfigSim)
#include "tst_reconfig_sim.moc"
