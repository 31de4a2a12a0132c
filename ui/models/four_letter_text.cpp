#include "models/four_letter_text.h"

#include <QList>

namespace zs::ui {

namespace {

Fields split_lines(const QByteArray& reply, char separator) {
    Fields fields;
    for (const QByteArray& line : reply.split('\n')) {
        const qsizetype at = line.indexOf(separator);
        if (at <= 0) {
            continue;
        }
        fields.emplace_back(QString::fromUtf8(line.left(at)).trimmed(),
                            QString::fromUtf8(line.mid(at + 1)).trimmed());
    }
    return fields;
}

} // namespace

Fields parse_srvr(const QByteArray& reply) {
    return split_lines(reply, ':');
}

Fields parse_mntr(const QByteArray& reply) {
    return split_lines(reply, '\t');
}

QString field(const Fields& fields, const QString& key) {
    for (const auto& [name, value] : fields) {
        if (name == key) {
            return value;
        }
    }
    return {};
}

QString refusal(const QByteArray& reply) {
    const QString text = QString::fromUtf8(reply).trimmed();
    if (text.contains(QLatin1String("is not executed because")) ||
        text.contains(QLatin1String("not currently serving requests"))) {
        return text;
    }
    return {};
}

} // namespace zs::ui
