#pragma once

#include "client_harness.h"
#include "server_process.h"

#include <QObject>
#include <memory>

// zs::client::Client against one server, Apache ZooKeeper 3.8 or zoonode (ZS_SERVER), with the
// same expectations for both: Apache ZooKeeper and its Java client are the reference. The slots
// live in four files: tst_client.cpp (operations), tst_client_watches.cpp,
// tst_client_sessions.cpp (sessions, reconnects, timeouts) and tst_client_concurrency.cpp.
class TestClient : public QObject {
    Q_OBJECT

  public:
    // Within what the server allows with tickTime 200 (2 to 20 ticks).
    static constexpr std::chrono::milliseconds kSessionTimeout{4000};

  private slots:
    void initTestCase();
    void init();
    void cleanupTestCase();

    // tst_client.cpp
    void createModes();
    void createErrors();
    void nullAndEmptyData();
    void versionsOnSetAndRemove();
    void existsAndChildren();
    void aclsAndDigestAuth();
    void unknownAuthSchemeFailsSession();
    void syncEchoesPath();
    void multiCommitsEveryOp();
    void multiFailureReportsFirstError();
    void multiReadAnswersEachOp();
    void countsAndEphemerals();
    void invalidPathsAreRejected();
    void invalidConnectStringIsRefused();

    // tst_client_watches.cpp
    void dataWatchFiresOnce();
    void existWatchSeesCreation();
    void childWatch();
    void persistentWatchKeepsFiring();
    void persistentRecursiveWatch();
    void recursiveWatchGetsNoChildEvents();
    void removeWatches();
    void persistentWatcherTypesAreNew();
    void chrootPathsAndEvents();

    // tst_client_sessions.cpp
    void stateCallbacks();
    void skipsDeadServers();
    void closeEndsSession();
    void closeWhileConnectionDrops();
    void resumeSession();
    void resumeWithWrongPasswordExpires();
    void sessionExpiry();
    void sessionOutlivesServerDowntime();
    void reconnectKeepsSessionAndWatches();
    void requestTimeoutOnFrozenServer();
    void requestTimeoutWhileDisconnected();

    // tst_client_concurrency.cpp
    void threadsShareOneClient();
    void coroutineUsesAwaitable();
    void callbacksMayIssueRequests();

  private:
    zs::testing::ClientOptions options(std::chrono::milliseconds timeout = kSessionTimeout) const;
    // Opens a client and waits until it is connected; null after recording a failure.
    std::unique_ptr<zs::testing::Client> connect(zs::testing::Loop& loop,
                                                 zs::testing::ClientOptions client_options);
    std::unique_ptr<zs::testing::Client> connect(zs::testing::Loop& loop) {
        return connect(loop, options());
    }
    // SIGSTOP / SIGCONT to the server process.
    void freeze_server();
    void thaw_server();

    std::unique_ptr<zs::testing::ServerProcess> server_;
    bool frozen_ = false;
};
