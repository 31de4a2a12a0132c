#include "raw_client.h"

#include "jute.h"

#include <QDeadlineTimer>
#include <QtEndian>
#include <algorithm>
#include <sys/socket.h>
#include <utility>

namespace zs::testing {
namespace {

constexpr int32_t kNotificationXid = -1;
// Generous: replies in tests are small, this only guards against reading garbage lengths.
constexpr int32_t kMaxFrameBytes = 16 * 1024 * 1024;

// Reads the WatcherEvent that follows a notification's ReplyHeader.
RawClient::Notification read_notification(JuteReader& reader) {
    RawClient::Notification event;
    event.type = reader.int32();
    event.state = reader.int32();
    event.path = reader.buffer().value_or(QByteArray());
    return event;
}

// Length of the first frame in `bytes` once it is complete; nullopt while more bytes are needed.
std::optional<int32_t> complete_frame_length(const QByteArray& bytes) {
    if (bytes.size() < 4) {
        return std::nullopt;
    }
    const auto length = qFromBigEndian<int32_t>(bytes.constData());
    if (length >= 0 && bytes.size() - 4 < length) {
        return std::nullopt;
    }
    return length;
}

} // namespace

bool RawClient::connect_to(const QString& host, quint16 port, int timeout_ms) {
    socket_.connectToHost(host, port);
    if (!socket_.waitForConnected(timeout_ms)) {
        last_error_ = QStringLiteral("connect to %1:%2 failed: %3")
                          .arg(host)
                          .arg(port)
                          .arg(socket_.errorString());
        return false;
    }
    return true;
}

bool RawClient::handshake(int32_t session_timeout_ms, int64_t session_id,
                          const QByteArray& password, int timeout_ms) {
    JuteWriter request;
    request.int32(0)
        .int64(0)
        .int32(session_timeout_ms)
        .int64(session_id)
        .buffer(password)
        .boolean(false);
    if (!send_bytes(request.framed())) {
        return false;
    }
    const auto frame = read_frame(timeout_ms);
    if (!frame) {
        return false;
    }
    JuteReader response(*frame);
    response.int32(); // protocol version
    negotiated_timeout_ms_ = response.int32();
    session_id_ = response.int64();
    password_ = response.buffer().value_or(QByteArray());
    if (!response.ok()) {
        last_error_ = QStringLiteral("malformed ConnectResponse: %1").arg(frame->toHex());
        return false;
    }
    return true;
}

bool RawClient::send_bytes(const QByteArray& bytes) {
    if (socket_.write(bytes) != bytes.size() || !socket_.waitForBytesWritten(5000)) {
        last_error_ = QStringLiteral("write failed: %1").arg(socket_.errorString());
        return false;
    }
    return true;
}

std::optional<RawClient::Reply> RawClient::call(int32_t opcode, const QByteArray& body,
                                                int timeout_ms) {
    return call_with_xid(next_xid_++, opcode, body, timeout_ms);
}

std::optional<RawClient::Reply> RawClient::call_with_xid(int32_t xid, int32_t opcode,
                                                         const QByteArray& body, int timeout_ms) {
    JuteWriter request;
    request.int32(xid).int32(opcode).raw(body);
    if (!send_bytes(request.framed())) {
        return std::nullopt;
    }
    auto reply = next_reply(timeout_ms);
    if (reply && reply->xid != xid) {
        last_error_ = QStringLiteral("reply xid %1, expected %2").arg(reply->xid).arg(xid);
        return std::nullopt;
    }
    return reply;
}

std::optional<int32_t> RawClient::send_request(int32_t opcode, const QByteArray& body) {
    const int32_t xid = next_xid_++;
    JuteWriter request;
    request.int32(xid).int32(opcode).raw(body);
    if (!send_bytes(request.framed())) {
        return std::nullopt;
    }
    return xid;
}

std::optional<RawClient::Reply> RawClient::next_reply(int timeout_ms) {
    const QDeadlineTimer deadline(timeout_ms);
    for (;;) {
        const auto frame = read_frame(static_cast<int>(deadline.remainingTime()));
        if (!frame) {
            return std::nullopt;
        }
        JuteReader reader(*frame);
        Reply reply;
        reply.xid = reader.int32();
        reply.zxid = reader.int64();
        reply.err = reader.int32();
        if (!reader.ok()) {
            last_error_ = QStringLiteral("short reply header: %1").arg(frame->toHex());
            return std::nullopt;
        }
        if (reply.xid == kNotificationXid) {
            notifications_.append(read_notification(reader));
            continue;
        }
        reply.body = frame->mid(16);
        return reply;
    }
}

bool RawClient::wait_for_notifications(int count, int timeout_ms) {
    const QDeadlineTimer deadline(timeout_ms);
    while (notifications_.size() < count && !deadline.hasExpired()) {
        const auto frame = read_frame(static_cast<int>(deadline.remainingTime()));
        if (!frame) {
            break;
        }
        JuteReader reader(*frame);
        if (reader.int32() != kNotificationXid) {
            last_error_ = QStringLiteral("unexpected reply while waiting for notifications");
            return false;
        }
        reader.int64();
        reader.int32();
        notifications_.append(read_notification(reader));
    }
    return notifications_.size() >= count;
}

QList<RawClient::Notification> RawClient::take_notifications() {
    return std::exchange(notifications_, {});
}

bool RawClient::wait_closed(int timeout_ms) {
    const QDeadlineTimer deadline(timeout_ms);
    for (;;) {
        socket_.readAll();
        if (socket_.state() == QAbstractSocket::UnconnectedState) {
            return true;
        }
        if (deadline.hasExpired()) {
            return false;
        }
        if (!socket_.waitForReadyRead(static_cast<int>(deadline.remainingTime())) &&
            socket_.error() != QAbstractSocket::SocketTimeoutError) {
            return true; // closed or reset by the peer
        }
    }
}

void RawClient::abort() {
    socket_.abort();
}

void RawClient::half_close() {
    ::shutdown(static_cast<int>(socket_.socketDescriptor()), SHUT_WR);
}

std::optional<QByteArray> RawClient::read_frame(int timeout_ms) {
    const QDeadlineTimer deadline(std::max(timeout_ms, 0));
    for (;;) {
        if (const auto length = complete_frame_length(inbox_)) {
            if (*length < 0 || *length > kMaxFrameBytes) {
                last_error_ = QStringLiteral("bad frame length %1").arg(*length);
                return std::nullopt;
            }
            QByteArray frame = inbox_.mid(4, *length);
            inbox_.remove(0, 4 + *length);
            return frame;
        }
        if (deadline.hasExpired()) {
            last_error_ = QStringLiteral("timed out waiting for a frame");
            return std::nullopt;
        }
        const bool readable = socket_.waitForReadyRead(static_cast<int>(deadline.remainingTime()));
        inbox_.append(socket_.readAll());
        if (!readable && socket_.error() != QAbstractSocket::SocketTimeoutError &&
            !complete_frame_length(inbox_)) {
            last_error_ = QStringLiteral("connection closed: %1").arg(socket_.errorString());
            return std::nullopt;
        }
    }
}

} // namespace zs::testing
