// zoonode's admin server over real HTTP on 127.0.0.1: commands in JSON, errors for unknown
// commands and bad parameters, garbage that gets nothing and harms nothing, and /trace
// streaming what was published before and after the client came.
#include "admin/admin_server.h"

#include <QTcpSocket>
#include <QtTest>

using namespace zs;

namespace {

// Sends `request` and returns everything the server wrote until it closed or went quiet.
QByteArray exchange(uint16_t port, const QByteArray& request, int quiet_ms = 2000) {
    QTcpSocket socket;
    socket.connectToHost(QStringLiteral("127.0.0.1"), port);
    if (!socket.waitForConnected(5000)) {
        return {};
    }
    socket.write(request);
    QByteArray response;
    while (socket.waitForReadyRead(quiet_ms)) {
        response += socket.readAll();
    }
    return response + socket.readAll();
}

QByteArray get(uint16_t port, const QByteArray& target) {
    return exchange(port, "GET " + target + " HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
}

} // namespace

class TestAdminServer : public QObject {
    Q_OBJECT

  private slots:
    void init() {
        admin_ = std::make_unique<admin::AdminServer>("127.0.0.1", 0, "/commands");
        admin_->add_command({"echo", "answers its parameters", [](const admin::Params& params) {
                                 nlohmann::ordered_json body;
                                 for (const auto& [key, value] : params) {
                                     body[key] = value;
                                 }
                                 return admin::CommandResult{body, std::nullopt};
                             }});
        admin_->add_command({"refuse", "always an error", [](const admin::Params&) {
                                 return admin::CommandResult{{}, "no, never"};
                             }});
        QVERIFY(!admin_->start());
    }
    void cleanup() { admin_.reset(); }

    void commandsAnswerInJson() {
        const QByteArray answer = get(admin_->port(), "/commands/echo?server=2&traffic=drop%20it");
        QVERIFY2(answer.startsWith("HTTP/1.1 200"), answer.constData());
        QVERIFY(answer.contains("\"command\": \"echo\""));
        QVERIFY(answer.contains("\"server\": \"2\""));
        QVERIFY(answer.contains("\"traffic\": \"drop it\""));
        QVERIFY(answer.contains("\"error\": null"));
        const QByteArray list = get(admin_->port(), "/commands");
        QVERIFY(list.contains("\"refuse\": \"always an error\""));
    }

    void errorsAreExplained() {
        const QByteArray refused = get(admin_->port(), "/commands/refuse");
        QVERIFY2(refused.startsWith("HTTP/1.1 400"), refused.constData());
        QVERIFY(refused.contains("\"error\": \"no, never\""));
        const QByteArray unknown = get(admin_->port(), "/commands/frobnicate");
        QVERIFY2(unknown.startsWith("HTTP/1.1 404"), unknown.constData());
        QVERIFY(unknown.contains("no such command"));
    }

    void garbageHarmsNothing() {
        QCOMPARE(exchange(admin_->port(), QByteArray(20000, 'x'), 500), QByteArray());
        QCOMPARE(exchange(admin_->port(), "GET /\r\n\r\n", 500), QByteArray());
        QVERIFY(get(admin_->port(), "/commands/echo").startsWith("HTTP/1.1 200"));
    }

    void traceStreamsRecentAndLiveLines() {
        admin_->publish_trace(R"({"type":"Started"})");
        QTcpSocket socket;
        socket.connectToHost(QStringLiteral("127.0.0.1"), admin_->port());
        QVERIFY(socket.waitForConnected(5000));
        socket.write("GET /trace HTTP/1.1\r\nHost: x\r\n\r\n");
        QByteArray received;
        QTRY_VERIFY((received += socket.readAll()).contains(R"({"type":"Started"})"));
        QVERIFY(received.contains("application/x-ndjson"));
        QTRY_VERIFY(admin_->has_trace_clients());
        admin_->publish_trace(R"({"type":"ElectionStarted"})");
        QTRY_VERIFY((received += socket.readAll()).contains("{\"type\":\"ElectionStarted\"}\n"));
        socket.close();
    }

  private:
    std::unique_ptr<admin::AdminServer> admin_;
};

QTEST_GUILESS_MAIN(TestAdminServer)
#include "tst_admin_server.moc"
