#pragma once

#include <QByteArray>
#include <QString>
#include <utility>
#include <vector>

namespace zs::ui {

using Fields = std::vector<std::pair<QString, QString>>;

// "Key: value" lines of srvr (and stat's head) in their order.
Fields parse_srvr(const QByteArray& reply);
// "key<TAB>value" lines of mntr in their order.
Fields parse_mntr(const QByteArray& reply);
// The value of `key`, or an empty string.
QString field(const Fields& fields, const QString& key);

// The server's own words when it refused a four-letter word (not in 4lw.commands.whitelist, or
// not served while the server is not running); empty when the reply is an answer.
QString refusal(const QByteArray& reply);

} // namespace zs::ui
