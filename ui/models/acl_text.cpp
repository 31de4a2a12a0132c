#include "models/acl_text.h"

#include <QCryptographicHash>
#include <QHostAddress>
#include <QObject>

namespace zs::ui {

namespace {

std::optional<QString> id_problem(const proto::Id& id) {
    const QString value = QString::fromStdString(id.id);
    if (id.scheme == "world") {
        return value == QLatin1String("anyone")
                   ? std::nullopt
                   : std::optional(QObject::tr("the world scheme's id is \"anyone\""));
    }
    if (id.scheme == "digest") {
        const qsizetype colon = value.indexOf(QLatin1Char(':'));
        return colon > 0 && colon < value.size() - 1
                   ? std::nullopt
                   : std::optional(QObject::tr("a digest id is user:hash (use the digest "
                                               "generator)"));
    }
    if (id.scheme == "ip") {
        const qsizetype slash = value.indexOf(QLatin1Char('/'));
        const QHostAddress address(slash < 0 ? value : value.left(slash));
        if (address.isNull()) {
            return QObject::tr("%1 is not an IP address").arg(value);
        }
        if (slash >= 0) {
            bool ok = false;
            const int bits = value.mid(slash + 1).toInt(&ok);
            const int most = address.protocol() == QAbstractSocket::IPv4Protocol ? 32 : 128;
            if (!ok || bits < 0 || bits > most) {
                return QObject::tr("%1: the mask is 0 to %2 bits").arg(value).arg(most);
            }
        }
        return std::nullopt;
    }
    if (id.scheme == "auth" || id.scheme == "sasl" || id.scheme == "x509" || id.scheme == "super") {
        return std::nullopt;
    }
    return QObject::tr("unknown scheme \"%1\"").arg(QString::fromStdString(id.scheme));
}

} // namespace

QString digest_id(const QString& user, const QString& password) {
    const QByteArray hash = QCryptographicHash::hash((user + QLatin1Char(':') + password).toUtf8(),
                                                     QCryptographicHash::Sha1);
    return user + QLatin1Char(':') + QString::fromLatin1(hash.toBase64());
}

QString perms_text(int32_t perms) {
    QString out;
    const std::pair<int32_t, char> letters[] = {{proto::perm::create, 'c'},
                                                {proto::perm::remove, 'd'},
                                                {proto::perm::read, 'r'},
                                                {proto::perm::write, 'w'},
                                                {proto::perm::admin, 'a'}};
    for (const auto& [bit, letter] : letters) {
        if (perms & bit) {
            out += QLatin1Char(letter);
        }
    }
    return out;
}

std::optional<QString> acl_problem(const std::vector<proto::Acl>& acl) {
    if (acl.empty()) {
        return QObject::tr("an ACL needs at least one entry");
    }
    for (const proto::Acl& entry : acl) {
        if (entry.perms == 0) {
            return QObject::tr("%1:%2 has no permission")
                .arg(QString::fromStdString(entry.id.scheme), QString::fromStdString(entry.id.id));
        }
        if (auto problem = id_problem(entry.id)) {
            return problem;
        }
    }
    return std::nullopt;
}

} // namespace zs::ui
