#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <QTcpSocket>
#include <cstdint>
#include <optional>

namespace zs::testing {

// One ZooKeeper client connection spoken byte by byte over a blocking QTcpSocket. Tests use it for
// requests the C client cannot send (newer opcodes, invalid paths) and frames no client would send
// (garbage, absurd lengths, truncation). Works without an event loop.
class RawClient {
  public:
    struct Reply {
        int32_t xid = 0;
        int64_t zxid = 0;
        int32_t err = 0;
        QByteArray body;
    };
    struct Notification {
        int32_t type = 0;
        int32_t state = 0;
        QByteArray path;
    };

    bool connect_to(const QString& host, quint16 port, int timeout_ms = 5000);
    // Sends a 45-byte ConnectRequest and reads the ConnectResponse. False when the server closes
    // the connection or does not answer in time; an expired session answers with a zero timeout.
    bool handshake(int32_t session_timeout_ms, int64_t session_id = 0,
                   const QByteArray& password = QByteArray(16, '\0'), int timeout_ms = 5000);

    int64_t session_id() const { return session_id_; }
    QByteArray password() const { return password_; }
    int32_t negotiated_timeout_ms() const { return negotiated_timeout_ms_; }

    bool send_bytes(const QByteArray& bytes);
    // Sends RequestHeader{next xid, opcode} + body and waits for the reply with that xid.
    // Watch notifications that arrive first are kept for take_notifications().
    std::optional<Reply> call(int32_t opcode, const QByteArray& body, int timeout_ms = 5000);
    // The same with a fixed xid, for requests with reserved xids (auth -4, setWatches -8).
    std::optional<Reply> call_with_xid(int32_t xid, int32_t opcode, const QByteArray& body,
                                       int timeout_ms = 5000);
    // Pipelining: sends RequestHeader{next xid, opcode} + body without waiting, returns the xid.
    std::optional<int32_t> send_request(int32_t opcode, const QByteArray& body);
    // The next reply, whatever its xid; notifications that arrive first are kept.
    std::optional<Reply> next_reply(int timeout_ms = 5000);
    // Waits until at least `count` notifications are queued (or the deadline passes).
    bool wait_for_notifications(int count, int timeout_ms);
    QList<Notification> take_notifications();

    // True once the server closed the connection within timeout_ms; data it sends first is
    // discarded.
    bool wait_closed(int timeout_ms);
    // Drops the TCP connection without closeSession, as a crashed client would.
    void abort();
    // Shuts down only the sending direction: the server reads EOF, replies can still arrive.
    void half_close();
    QString last_error() const { return last_error_; }

  private:
    std::optional<QByteArray> read_frame(int timeout_ms);

    QTcpSocket socket_;
    QByteArray inbox_;
    QList<Notification> notifications_;
    int32_t next_xid_ = 1;
    int64_t session_id_ = 0;
    QByteArray password_;
    int32_t negotiated_timeout_ms_ = 0;
    QString last_error_;
};

} // namespace zs::testing
