// Drives one server with Apache ZooKeeper's C client (libzookeeper_mt, synchronous API) and with
// hand-made frames from misbehaving clients.

#include "jute.h"
#include "raw_client.h"
#include "server_process.h"
#include "zk_handle.h"

#include <QTest>

#include <memory>
#include <vector>

using zs::testing::EventLog;
using zs::testing::JuteWriter;
using zs::testing::RawClient;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerProcess;
using zs::testing::ZkEvent;
using zs::testing::ZkHandle;

namespace {

constexpr int kSessionTimeoutMs = 4000;
constexpr int kEventTimeoutMs = 10000;
constexpr int kCreateOpcode = 1;

// zoo_get into a QByteArray; data stored as null comes back as a null QByteArray.
int get_data(zhandle_t* zh, const QByteArray& path, QByteArray* data, Stat* stat = nullptr,
             int watch = 0) {
    std::vector<char> buffer(1 << 20);
    int length = static_cast<int>(buffer.size());
    Stat ignored{};
    const int rc =
        zoo_get(zh, path.constData(), watch, buffer.data(), &length, stat ? stat : &ignored);
    if (rc == ZOK) {
        *data = length < 0 ? QByteArray() : QByteArray(buffer.data(), length);
    }
    return rc;
}

int create(zhandle_t* zh, const QByteArray& path, const QByteArray& data = {}, int flags = 0,
           QByteArray* created = nullptr) {
    char buffer[512] = {};
    const int rc =
        zoo_create(zh, path.constData(), data.isNull() ? nullptr : data.constData(),
                   data.isNull() ? -1 : static_cast<int>(data.size()), &ZOO_OPEN_ACL_UNSAFE,
                   flags, buffer, sizeof buffer);
    if (created != nullptr) {
        *created = buffer;
    }
    return rc;
}

QStringList children(zhandle_t* zh, const QByteArray& path, int* rc_out = nullptr) {
    String_vector names{};
    const int rc = zoo_get_children(zh, path.constData(), 0, &names);
    if (rc_out != nullptr) {
        *rc_out = rc;
    }
    QStringList result;
    for (int i = 0; rc == ZOK && i < names.count; ++i) {
        result.append(QString::fromUtf8(names.data[i]));
    }
    deallocate_String_vector(&names);
    result.sort();
    return result;
}

// A create request record for RawClient: world:anyone ALL.
QByteArray create_request(const QByteArray& path, const QByteArray& data, int32_t flags) {
    JuteWriter request;
    request.buffer(path).buffer(data).int32(1).int32(ZOO_PERM_ALL);
    request.buffer("world").buffer("anyone").int32(flags);
    return request.bytes();
}

// Completion for zoo_add_auth and the asynchronous watch removal: records rc once called.
struct Completion {
    static void done(int rc, const void* data) {
        static_cast<EventLog*>(const_cast<void*>(data))->record(ZkEvent{rc, 0, "completion"});
    }
};

} // namespace

class TestCClient : public QObject {
    Q_OBJECT

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
    std::unique_ptr<ZkHandle> connect(int timeout_ms = kSessionTimeoutMs,
                                      const clientid_t* resume = nullptr);

    std::unique_ptr<ServerProcess> server_;
};

void TestCClient::initTestCase() {
    zoo_set_debug_level(ZOO_LOG_LEVEL_ERROR);
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    if (!server_->start()) {
        return;
    }
}

void TestCClient::cleanupTestCase() { server_.reset(); }

std::unique_ptr<ZkHandle> TestCClient::connect(int timeout_ms, const clientid_t* resume) {
    auto handle = std::make_unique<ZkHandle>(server_->connect_string(), timeout_ms, resume);
    if (handle->get() == nullptr || !handle->wait_connected()) {
        QTest::qFail("the C client did not connect", __FILE__, __LINE__);
        return nullptr;
    }
    return handle;
}
