#include "bridge/four_letter_probe.h"

#include <QPointer>
#include <QTcpSocket>
#include <QTimer>
#include <memory>

namespace zs::ui {

void ask_four_letter_word(QObject* context, const QString& host, quint16 port, const char* word,
                          std::function<void(QByteArray reply, QString error)> done,
                          int timeout_ms) {
    auto* socket = new QTcpSocket(context);
    auto* timer = new QTimer(socket);
    auto reply = std::make_shared<QByteArray>();
    // Called once: the first of reply complete, error, timeout.
    auto finish = std::make_shared<std::function<void(QString)>>(
        [socket, reply, done = std::move(done)](const QString& error) mutable {
            socket->disconnect();
            socket->abort();
            socket->deleteLater();
            auto callback = std::move(done);
            done = nullptr;
            if (callback) {
                callback(*reply, error);
            }
        });
    const QByteArray command(word);
    // The callbacks belong to `context`: once it is being destroyed they are disconnected, before
    // its children (this socket) go and emit their last signals.
    QObject::connect(socket, &QTcpSocket::connected, context,
                     [socket, command] { socket->write(command); });
    QObject::connect(socket, &QTcpSocket::readyRead, context,
                     [socket, reply] { reply->append(socket->readAll()); });
    QObject::connect(socket, &QTcpSocket::disconnected, context, [socket, reply, finish] {
        reply->append(socket->readAll());
        (*finish)({});
    });
    QObject::connect(socket, &QTcpSocket::errorOccurred, context,
                     [socket, reply, finish](QAbstractSocket::SocketError error) {
                         if (error == QAbstractSocket::RemoteHostClosedError) {
                             reply->append(socket->readAll());
                             (*finish)({});
                         } else {
                             (*finish)(socket->errorString());
                         }
                     });
    timer->setSingleShot(true);
    QObject::connect(timer, &QTimer::timeout, context, [finish, timeout_ms] {
        (*finish)(QObject::tr("no answer in %1 ms").arg(timeout_ms));
    });
    timer->start(timeout_ms);
    socket->connectToHost(host, port);
}

} // namespace zs::ui
