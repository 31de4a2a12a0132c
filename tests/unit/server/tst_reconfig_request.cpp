// The new membership a reconfig asks for, and ZooKeeper's answers to bad requests (each case
// below was seen on Apache ZooKeeper 3.8 or follows its PrepRequestProcessor).
#include "server/reconfig_request.h"

#include <QTest>

using zs::ensemble::Membership;
using zs::proto::ErrorCode;
using zs::proto::ReconfigRequest;
using zs::server::next_membership;
using zs::server::ReconfigOutcome;
using zs::server::ReconfigRules;

namespace {

constexpr int64_t kZxid = 0x200000003;

// Three participants with client ports, as a fresh ensemble's first leader shows them.
Membership three_members() {
    ReconfigRequest whole;
    whole.new_members = "server.1=127.0.0.1:23881:23891:participant;127.0.0.1:23181,"
                        "server.2=127.0.0.1:23882:23892:participant;127.0.0.1:23182,"
                        "server.3=127.0.0.1:23883:23893:participant;127.0.0.1:23183";
    ReconfigOutcome made = next_membership(Membership{}, whole, 0x100000000, ReconfigRules{});
    Q_ASSERT(made.next);
    return *made.next;
}

ReconfigRequest incremental(const char* joining, const char* leaving) {
    ReconfigRequest request;
    if (joining != nullptr) {
        request.joining_servers = joining;
    }
    if (leaving != nullptr) {
        request.leaving_servers = leaving;
    }
    return request;
}

ErrorCode error_of(const ReconfigRequest& request, ReconfigRules rules = {}) {
    return next_membership(three_members(), request, kZxid, rules).error;
}

} // namespace

class ReconfigRequestTest : public QObject {
    Q_OBJECT

  private slots:
    void joiningServerIsAdded() {
        const ReconfigOutcome out = next_membership(
            three_members(),
            incremental("server.4=127.0.0.1:23884:23894:participant;127.0.0.1:23184", nullptr),
            kZxid, {});
        QVERIFY2(out.next, out.reason.c_str());
        QCOMPARE(out.next->text(),
                 std::string("server.1=127.0.0.1:23881:23891:participant;127.0.0.1:23181\n"
                             "server.2=127.0.0.1:23882:23892:participant;127.0.0.1:23182\n"
                             "server.3=127.0.0.1:23883:23893:participant;127.0.0.1:23183\n"
                             "server.4=127.0.0.1:23884:23894:participant;127.0.0.1:23184\n"
                             "version=200000003"));
        QCOMPARE(out.next->dynamic_file_text(),
                 std::string("server.1=127.0.0.1:23881:23891:participant;127.0.0.1:23181\n"
                             "server.2=127.0.0.1:23882:23892:participant;127.0.0.1:23182\n"
                             "server.3=127.0.0.1:23883:23893:participant;127.0.0.1:23183\n"
                             "server.4=127.0.0.1:23884:23894:participant;127.0.0.1:23184"));
    }

    void leavingFirstThenJoiningReplaces() {
        // An id in both lists stays, with the joining spec; that is how a role changes.
        const ReconfigOutcome out = next_membership(
            three_members(),
            incremental(" 3=127.0.0.1:23883:23893:observer;127.0.0.1:23183 , ", "3,2"), kZxid,
            ReconfigRules{.standalone_enabled = false});
        QVERIFY2(out.next, out.reason.c_str());
        QCOMPARE(out.next->servers.size(), size_t(2));
        QVERIFY(out.next->servers.at(3).observer);
        QCOMPARE(out.next->voter_count(), size_t(1));
    }

    void unknownLeavingIdAndEmptyListsOnlyBumpTheVersion() {
        for (const ReconfigRequest& request : {incremental(nullptr, "9"), ReconfigRequest{}}) {
            const ReconfigOutcome out = next_membership(three_members(), request, kZxid, {});
            QVERIFY2(out.next, out.reason.c_str());
            QCOMPARE(out.next->servers, three_members().servers);
            QCOMPARE(out.next->version, uint64_t(kZxid));
        }
    }

    void fromConfigMustBeTheLastSeenVersion() {
        ReconfigRequest request = incremental(nullptr, "3");
        request.cur_config_id = 5;
        QCOMPARE(error_of(request), ErrorCode::bad_version);
        request.cur_config_id = 0x100000000;
        QCOMPARE(error_of(request), ErrorCode::ok);
    }

    void malformedRequestsAnswerAsZooKeeper() {
        QCOMPARE(error_of(incremental("garbage", nullptr)), ErrorCode::bad_arguments);
        QCOMPARE(error_of(incremental(nullptr, "abc")), ErrorCode::marshalling_error);
        QCOMPARE(error_of(incremental("server.x=127.0.0.1:1:2;3", nullptr)),
                 ErrorCode::marshalling_error);
        QCOMPARE(error_of(incremental("server.4=127.0.0.1:1:1;3", nullptr)),
                 ErrorCode::bad_arguments); // quorum and election ports equal
        // A joining server must name its client port.
        QCOMPARE(error_of(incremental("server.4=127.0.0.1:23884:23894", nullptr)),
                 ErrorCode::bad_arguments);
        // Addresses already taken, unless loopback or wildcard (servers of one host share those).
        QCOMPARE(error_of(incremental("server.4=10.0.0.1:2888:3888;2181,"
                                      "server.5=10.0.0.1:2888:3889;2182",
                                      nullptr)),
                 ErrorCode::bad_arguments);
        QCOMPARE(error_of(incremental("server.4=127.0.0.1:23881:23894;2181", nullptr)),
                 ErrorCode::ok);
    }

    void tooFewVoters() {
        QCOMPARE(error_of(incremental(nullptr, "1,2")), ErrorCode::bad_arguments);
        QCOMPARE(error_of(incremental(nullptr, "1,2"), {.standalone_enabled = false}),
                 ErrorCode::ok);
        QCOMPARE(error_of(incremental(nullptr, "1,2,3"), {.standalone_enabled = false}),
                 ErrorCode::bad_arguments);
    }

    void wholeMembership() {
        ReconfigRequest request;
        request.new_members = "server.1=127.0.0.1:23881:23891:participant;127.0.0.1:23181\n"
                              "server.2=127.0.0.1:23882:23892:observer;127.0.0.1:23182,"
                              "server.5=127.0.0.1:23885:23895;23185,version=7";
        const ReconfigOutcome out = next_membership(three_members(), request, kZxid, {});
        QVERIFY2(out.next, out.reason.c_str());
        QCOMPARE(out.next->text(),
                 std::string("server.1=127.0.0.1:23881:23891:participant;127.0.0.1:23181\n"
                             "server.2=127.0.0.1:23882:23892:observer;127.0.0.1:23182\n"
                             "server.5=127.0.0.1:23885:23895:participant;0.0.0.0:23185\n"
                             "version=200000003"));
        request.new_members = "server.1=127.0.0.1:23881:23891;23181,tickTime=2000";
        QCOMPARE(error_of(request), ErrorCode::bad_arguments);
        request.new_members = "server.1=127.0.0.1:23881:23891:observer";
        QCOMPARE(error_of(request), ErrorCode::marshalling_error);
        request.new_members = "server.1=127.0.0.1:23881:23891:participant;23181,"
                              "server.2=127.0.0.1:23882:23892:observer;23182";
        QCOMPARE(error_of(request), ErrorCode::marshalling_error); // observers without a quorum
    }

    void hierarchicalMembership() {
        ReconfigRequest request;
        request.new_members = "server.1=127.0.0.1:1:2;11,server.2=127.0.0.1:3:4;12,"
                              "server.3=127.0.0.1:5:6;13,group.1=1:2,group.2=3,weight.1=2";
        const ReconfigOutcome out = next_membership(three_members(), request, kZxid, {});
        QVERIFY2(out.next, out.reason.c_str());
        QVERIFY(out.next->hierarchical());
        QCOMPARE(out.next->weights, (std::map<int64_t, int64_t>{{1, 2}, {2, 1}, {3, 1}}));
        // Group 1 by weight (server 1 alone) and group 2: two of two groups.
        QVERIFY(out.next->contains_quorum({1, 3}));
        QVERIFY(!out.next->contains_quorum({2, 3})); // group 1 has only half of its weight
        // Incremental changes need a majority quorum.
        QCOMPARE(next_membership(*out.next, incremental(nullptr, "3"), kZxid, {}).error,
                 ErrorCode::bad_arguments);
        request.new_members = "server.1=127.0.0.1:1:2;11,server.2=127.0.0.1:3:4;12,group.1=1";
        QCOMPARE(error_of(request), ErrorCode::bad_arguments); // server 2 in no group
    }

    void majorityQuorum() {
        const Membership members = three_members();
        QVERIFY(members.contains_quorum({1, 2}));
        QVERIFY(!members.contains_quorum({1, 9}));
        QVERIFY(!members.contains_quorum({3}));
    }
};

QTEST_APPLESS_MAIN(ReconfigRequestTest)
#include "tst_reconfig_request.moc"
