#include "models/profile_store.h"

#include "client/connect_string.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QUuid>
#include <QVariant>

namespace zs::ui {

namespace {

constexpr int kSchemaVersion = 1;

Profile read_row(const QSqlQuery& query) {
    Profile profile;
    profile.id = query.value(0).toLongLong();
    profile.name = query.value(1).toString();
    profile.connect_string = query.value(2).toString();
    profile.session_timeout_ms = query.value(3).toInt();
    profile.digest_user = query.value(4).toString();
    profile.can_be_read_only = query.value(5).toBool();
    return profile;
}

constexpr const char* kColumns =
    "id, name, connect_string, session_timeout_ms, digest_user, can_be_read_only";

} // namespace

QString profile_problem(const Profile& profile) {
    if (profile.name.trimmed().isEmpty()) {
        return QObject::tr("A profile needs a name.");
    }
    auto parsed = client::ConnectString::parse(profile.connect_string.toStdString());
    if (auto* error = std::get_if<std::string>(&parsed)) {
        return QObject::tr("Connect string: %1").arg(QString::fromStdString(*error));
    }
    if (profile.session_timeout_ms < 100 || profile.session_timeout_ms > 24 * 3600 * 1000) {
        return QObject::tr("The session timeout is between 100 ms and a day.");
    }
    if (profile.digest_user.contains(QLatin1Char(':'))) {
        return QObject::tr("A digest user name has no ':'.");
    }
    return {};
}

ProfileStore::ProfileStore()
    : connection_(QStringLiteral("zooscope-profiles-") + QUuid::createUuid().toString()) {}

ProfileStore::~ProfileStore() {
    if (QSqlDatabase::contains(connection_)) {
        QSqlDatabase::database(connection_, false).close();
        QSqlDatabase::removeDatabase(connection_);
    }
}

QSqlDatabase ProfileStore::db() const {
    return QSqlDatabase::database(connection_, false);
}

QString ProfileStore::default_file() {
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) +
           QStringLiteral("/profiles.sqlite");
}

QString ProfileStore::open(const QString& file) {
    if (!QDir().mkpath(QFileInfo(file).absolutePath())) {
        return QObject::tr("Cannot create the directory of %1").arg(file);
    }
    if (QSqlDatabase::contains(connection_)) { // opened before: this is a reopen
        QSqlDatabase::database(connection_, false).close();
        QSqlDatabase::removeDatabase(connection_);
    }
    QSqlDatabase database = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection_);
    if (!database.isValid()) {
        return QObject::tr("Qt's SQLite driver is missing (package libqt6sql6-sqlite)");
    }
    database.setDatabaseName(file);
    if (!database.open()) {
        return QObject::tr("Cannot open %1: %2").arg(file, database.lastError().text());
    }
    QSqlQuery query(database);
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next()) {
        return QObject::tr("%1 is not a profile database: %2").arg(file, query.lastError().text());
    }
    const int version = query.value(0).toInt();
    if (version > kSchemaVersion) {
        return QObject::tr("%1 was written by a newer ZooScope (schema %2)").arg(file).arg(version);
    }
    if (version == 0 &&
        (!query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS profiles ("
                                    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
                                    " name TEXT NOT NULL UNIQUE,"
                                    " connect_string TEXT NOT NULL,"
                                    " session_timeout_ms INTEGER NOT NULL,"
                                    " digest_user TEXT NOT NULL DEFAULT '',"
                                    " can_be_read_only INTEGER NOT NULL DEFAULT 0)")) ||
         !query.exec(QStringLiteral("PRAGMA user_version = %1").arg(kSchemaVersion)))) {
        return QObject::tr("Cannot create the profiles table: %1").arg(query.lastError().text());
    }
    return {};
}

std::vector<Profile> ProfileStore::list() const {
    std::vector<Profile> profiles;
    QSqlQuery query(db());
    if (query.exec(QStringLiteral("SELECT %1 FROM profiles ORDER BY name COLLATE NOCASE")
                       .arg(QLatin1String(kColumns)))) {
        while (query.next()) {
            profiles.push_back(read_row(query));
        }
    }
    return profiles;
}

std::optional<Profile> ProfileStore::find(const QString& name) const {
    QSqlQuery query(db());
    query.prepare(
        QStringLiteral("SELECT %1 FROM profiles WHERE name = ?").arg(QLatin1String(kColumns)));
    query.addBindValue(name);
    if (query.exec() && query.next()) {
        return read_row(query);
    }
    return std::nullopt;
}

QString ProfileStore::save(Profile& profile) {
    if (QString problem = profile_problem(profile); !problem.isEmpty()) {
        return problem;
    }
    QSqlQuery query(db());
    if (profile.id == 0) {
        query.prepare(QStringLiteral("INSERT INTO profiles (name, connect_string, "
                                     "session_timeout_ms, digest_user, can_be_read_only) "
                                     "VALUES (?, ?, ?, ?, ?)"));
    } else {
        query.prepare(QStringLiteral("UPDATE profiles SET name = ?, connect_string = ?, "
                                     "session_timeout_ms = ?, digest_user = ?, "
                                     "can_be_read_only = ? WHERE id = ?"));
    }
    query.addBindValue(profile.name.trimmed());
    query.addBindValue(profile.connect_string.trimmed());
    query.addBindValue(profile.session_timeout_ms);
    query.addBindValue(profile.digest_user.isNull() ? QStringLiteral("") : profile.digest_user);
    query.addBindValue(profile.can_be_read_only);
    if (profile.id != 0) {
        query.addBindValue(profile.id);
    }
    if (!query.exec()) {
        const QString error = query.lastError().text();
        if (error.contains(QLatin1String("UNIQUE"))) {
            return QObject::tr("A profile named \"%1\" exists already.").arg(profile.name);
        }
        return QObject::tr("Cannot save the profile: %1").arg(error);
    }
    if (profile.id == 0) {
        profile.id = query.lastInsertId().toLongLong();
    }
    return {};
}

QString ProfileStore::remove(qint64 id) {
    QSqlQuery query(db());
    query.prepare(QStringLiteral("DELETE FROM profiles WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec()) {
        return QObject::tr("Cannot delete the profile: %1").arg(query.lastError().text());
    }
    return {};
}

} // namespace zs::ui
