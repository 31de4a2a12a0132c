#pragma once

#include "server_process.h"
#include "zk_handle.h"

#include <QObject>
#include <memory>

// Drives one server with Apache ZooKeeper's C client (libzookeeper_mt, synchronous API) and with
// hand-made frames from misbehaving clients. The slots live in two files: tst_cclient.cpp
// (operations) and tst_cclient_sessions.cpp (sessions and broken clients).
class TestCClient : public QObject {
    Q_OBJECT

  public:
    static constexpr int kSessionTimeoutMs = 4000;
    static constexpr int kEventTimeoutMs = 10000;

  private slots:
    void initTestCase();
    void session_negotiation();
    void crud_and_errors();
    void null_and_empty_data();
    void children();
    void watcher_callbacks();
    void event_before_later_reply();
    void multi_success();
    void multi_failure_rolls_back();
    void acl_with_digest_auth();
    void bad_auth_scheme_fails_session();
    void sequential_and_ephemeral();
    void create2_container_ttl();
    void remove_watches();
    void close_ends_session();
    void resume_session_keeps_ephemerals();
    void pathological_client_data();
    void pathological_client();
    void survives_server_kill_and_restart();
    void cleanupTestCase();

  private:
    // A connected handle, or null after recording a failure.
    std::unique_ptr<zs::testing::ZkHandle> connect(int timeout_ms = kSessionTimeoutMs,
                                                   const clientid_t* resume = nullptr);

    std::unique_ptr<zs::testing::ServerProcess> server_;
};
