#pragma once

#include <QByteArray>
#include <QString>
#include <functional>

class QObject;

namespace zs::ui {

// Sends one four-letter word (srvr, mntr, conf, ...) to host:port and hands the whole reply (the
// server closes the connection after it) or a one-line error to `done`, on the calling thread.
// Gives up after `timeout_ms`. `context` going away drops the answer.
void ask_four_letter_word(QObject* context, const QString& host, quint16 port, const char* word,
                          std::function<void(QByteArray reply, QString error)> done,
                          int timeout_ms = 3000);

} // namespace zs::ui
