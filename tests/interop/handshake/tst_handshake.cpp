// The connection handshake and the four-letter-word gate, byte by byte, against one server:
// response sizes for old and new clients, timeout negotiation, session resumption, refusals.

#include "jute.h"
#include "server_process.h"

#include <QTcpSocket>
#include <QTest>
#include <memory>
#include <optional>

using zs::testing::JuteReader;
using zs::testing::JuteWriter;
using zs::testing::server_kind_from_env;
using zs::testing::server_kind_name;
using zs::testing::ServerOptions;
using zs::testing::ServerProcess;

namespace {

constexpr int kTickMs = 200;
constexpr int kWaitMs = 5000;

struct ConnectResponse {
    int32_t frame_length = 0;
    int32_t protocol_version = 0;
    int32_t timeout_ms = 0;
    int64_t session_id = 0;
    QByteArray password;
    std::optional<bool> read_only; // absent in the 36-byte response to an old client
};

QByteArray connect_request(int32_t timeout_ms, int64_t session_id, const QByteArray& password,
                           std::optional<bool> read_only, int64_t last_zxid_seen = 0) {
    JuteWriter request;
    request.int32(0).int64(last_zxid_seen).int32(timeout_ms).int64(session_id).buffer(password);
    if (read_only) {
        request.boolean(*read_only);
    }
    return request.framed();
}

// Reads bytes until `count` have arrived or the peer closes; returns what arrived.
QByteArray read_up_to(QTcpSocket& socket, qsizetype count) {
    QByteArray data;
    QDeadlineTimer deadline(kWaitMs);
    while (data.size() < count && !deadline.hasExpired()) {
        if (socket.bytesAvailable() == 0 && !socket.waitForReadyRead(50) &&
            socket.state() != QAbstractSocket::ConnectedState) {
            break;
        }
        data += socket.read(count - data.size());
    }
    return data;
}

bool closed_by_peer(QTcpSocket& socket) {
    QDeadlineTimer deadline(kWaitMs);
    while (!deadline.hasExpired()) {
        if (socket.state() != QAbstractSocket::ConnectedState) {
            return true;
        }
        socket.waitForReadyRead(50);
        socket.readAll();
    }
    return false;
}

} // namespace

class TestHandshake : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void cleanupTestCase();
    void responseSizeFollowsTheRequest_data();
    void responseSizeFollowsTheRequest();
    void timeoutIsClampedToTheConfiguredRange_data();
    void timeoutIsClampedToTheConfiguredRange();
    void resumeNeedsTheRightPassword();
    void unknownSessionIsExpired();
    void clientFromTheFutureIsRefused();
    void fourLetterWordsOutsideTheWhitelist();
    void connectionsPerAddressAreLimited();

  private:
    std::optional<ConnectResponse> handshake(QTcpSocket& socket, const QByteArray& request);
    bool connect_socket(QTcpSocket& socket, const ServerProcess& server);

    std::unique_ptr<ServerProcess> server_;
};

void TestHandshake::initTestCase() {
    ServerOptions options;
    options.tick_time_ms = kTickMs;
    server_ = std::make_unique<ServerProcess>(server_kind_from_env(), options);
    qInfo("server: %s", qPrintable(server_kind_name(server_->kind())));
    QVERIFY(server_->start());
}

void TestHandshake::cleanupTestCase() {
    server_.reset();
}

bool TestHandshake::connect_socket(QTcpSocket& socket, const ServerProcess& server) {
    socket.connectToHost(server.host(), server.port());
    return socket.waitForConnected(kWaitMs);
}

std::optional<ConnectResponse> TestHandshake::handshake(QTcpSocket& socket,
                                                        const QByteArray& request) {
    socket.write(request);
    socket.waitForBytesWritten(kWaitMs);
    const QByteArray length_bytes = read_up_to(socket, 4);
    if (length_bytes.size() < 4) {
        return std::nullopt;
    }
    ConnectResponse response;
    response.frame_length = JuteReader(length_bytes).int32();
    JuteReader reader(read_up_to(socket, response.frame_length));
    response.protocol_version = reader.int32();
    response.timeout_ms = reader.int32();
    response.session_id = reader.int64();
    response.password = reader.buffer().value_or(QByteArray());
    if (!reader.at_end()) {
        response.read_only = reader.boolean();
    }
    if (!reader.ok()) {
        return std::nullopt;
    }
    return response;
}

void TestHandshake::responseSizeFollowsTheRequest_data() {
    QTest::addColumn<bool>("sends_read_only");
    QTest::addColumn<int>("expected_length");
    // Clients up to 3.3 send 44 bytes and read 36; newer ones send 45 and read 37. The C client
    // reads a fixed 41 bytes (length + 37), so the sizes must be exact.
    QTest::newRow("old client, 44 bytes") << false << 36;
    QTest::newRow("current client, 45 bytes") << true << 37;
}

void TestHandshake::responseSizeFollowsTheRequest() {
    QFETCH(bool, sends_read_only);
    QFETCH(int, expected_length);
    QTcpSocket socket;
    QVERIFY(connect_socket(socket, *server_));
    const auto response =
        handshake(socket, connect_request(4000, 0, QByteArray(16, '\0'),
                                          sends_read_only ? std::optional(false) : std::nullopt));
    QVERIFY(response);
    QCOMPARE(response->frame_length, expected_length);
    QCOMPARE(response->protocol_version, 0);
    QCOMPARE(response->timeout_ms, 4000);
    QVERIFY(response->session_id != 0);
    QCOMPARE(response->password.size(), 16);
    QCOMPARE(response->read_only.has_value(), sends_read_only);
    if (response->read_only) {
        QCOMPARE(*response->read_only, false);
    }
}

void TestHandshake::timeoutIsClampedToTheConfiguredRange_data() {
    QTest::addColumn<int>("requested");
    QTest::addColumn<int>("negotiated");
    QTest::newRow("below 2 x tickTime") << 1 << 2 * kTickMs;
    QTest::newRow("inside the range") << 3000 << 3000;
    QTest::newRow("above 20 x tickTime") << 1'000'000 << 20 * kTickMs;
}

void TestHandshake::timeoutIsClampedToTheConfiguredRange() {
    QFETCH(int, requested);
    QFETCH(int, negotiated);
    QTcpSocket socket;
    QVERIFY(connect_socket(socket, *server_));
    const auto response =
        handshake(socket, connect_request(requested, 0, QByteArray(16, '\0'), false));
    QVERIFY(response);
    QCOMPARE(response->timeout_ms, negotiated);
}

void TestHandshake::resumeNeedsTheRightPassword() {
    QTcpSocket first;
    QVERIFY(connect_socket(first, *server_));
    const auto created = handshake(first, connect_request(4000, 0, QByteArray(16, '\0'), false));
    QVERIFY(created);
    first.abort();

    // A forged password gets the expired-session answer (all zeros), then the server hangs up.
    QByteArray forged = created->password;
    forged[0] = static_cast<char>(forged[0] ^ 0x5a);
    QTcpSocket thief;
    QVERIFY(connect_socket(thief, *server_));
    const auto refused =
        handshake(thief, connect_request(4000, created->session_id, forged, false));
    QVERIFY(refused);
    QCOMPARE(refused->timeout_ms, 0);
    QCOMPARE(refused->session_id, int64_t(0));
    QCOMPARE(refused->password, QByteArray(16, '\0'));
    QVERIFY(closed_by_peer(thief));

    // The right password resumes the same session, even after the forgery attempt.
    QTcpSocket owner;
    QVERIFY(connect_socket(owner, *server_));
    const auto resumed =
        handshake(owner, connect_request(4000, created->session_id, created->password, false));
    QVERIFY(resumed);
    QCOMPARE(resumed->session_id, created->session_id);
    QCOMPARE(resumed->password, created->password);
    QCOMPARE(resumed->timeout_ms, 4000);
}

void TestHandshake::unknownSessionIsExpired() {
    QTcpSocket socket;
    QVERIFY(connect_socket(socket, *server_));
    const auto response =
        handshake(socket, connect_request(4000, 0x0123456789abcdefLL, QByteArray(16, 'p'), false));
    QVERIFY(response);
    QCOMPARE(response->timeout_ms, 0);
    QCOMPARE(response->session_id, int64_t(0));
    QVERIFY(closed_by_peer(socket));
}

void TestHandshake::clientFromTheFutureIsRefused() {
    // A client that has seen a newer zxid than the server must look for another server: the
    // connection closes without a response.
    QTcpSocket socket;
    QVERIFY(connect_socket(socket, *server_));
    socket.write(connect_request(4000, 0, QByteArray(16, '\0'), false, int64_t(1) << 40));
    QVERIFY(closed_by_peer(socket));
}

void TestHandshake::fourLetterWordsOutsideTheWhitelist() {
    ServerOptions options;
    options.tick_time_ms = kTickMs;
    options.extra_config_lines << "4lw.commands.whitelist=srvr, ruok";
    ServerProcess gated(server_->kind(), options);
    QVERIFY(gated.start());
    QCOMPARE(gated.four_letter("ruok"), QByteArray("imok"));
    QVERIFY(gated.four_letter("srvr").contains("Mode: standalone\n"));
    QCOMPARE(gated.four_letter("mntr"),
             QByteArray("mntr is not executed because it is not in the whitelist.\n"));
    QCOMPARE(gated.four_letter("cons"),
             QByteArray("cons is not executed because it is not in the whitelist.\n"));
}

void TestHandshake::connectionsPerAddressAreLimited() {
    ServerOptions options;
    options.tick_time_ms = kTickMs;
    options.extra_config_lines << "maxClientCnxns=3";
    ServerProcess limited(server_->kind(), options);
    QVERIFY(limited.start());
    QTcpSocket sockets[3];
    for (auto& socket : sockets) {
        QVERIFY(connect_socket(socket, limited));
        QVERIFY(handshake(socket, connect_request(4000, 0, QByteArray(16, '\0'), false)));
    }
    // The fourth connection from 127.0.0.1 is closed before it can say anything (so quickly, at
    // times, that the connect itself already reports the close).
    QTcpSocket extra;
    if (connect_socket(extra, limited)) {
        extra.write(connect_request(4000, 0, QByteArray(16, '\0'), false));
        QVERIFY(closed_by_peer(extra));
    }
    // Closing one makes room again, once the server has noticed the close.
    sockets[0].abort();
    QDeadlineTimer deadline(kWaitMs);
    bool admitted = false;
    while (!admitted && !deadline.hasExpired()) {
        QTcpSocket again;
        admitted =
            connect_socket(again, limited) &&
            handshake(again, connect_request(4000, 0, QByteArray(16, '\0'), false)).has_value();
        if (!admitted) {
            QTest::qWait(50);
        }
    }
    QVERIFY(admitted);
}

QTEST_GUILESS_MAIN(TestHandshake)
#include "tst_handshake.moc"
