#pragma once

#include <QSqlDatabase>
#include <QString>
#include <optional>
#include <vector>

namespace zs::ui {

// A saved connection. The password is never stored here: it lives in the system keychain
// (CredentialStore), under keychain_key().
struct Profile {
    qint64 id = 0; // 0: not saved yet
    QString name;
    QString connect_string; // "host:port[,host:port...][/chroot]"
    int session_timeout_ms = 30000;
    QString digest_user; // empty: no credentials
    bool can_be_read_only = false;

    QString keychain_key() const { return QStringLiteral("profile-%1").arg(id); }
};

// The saved connections, in an SQLite file of their own (the schema's version in user_version,
// so a later release can migrate it). Every call reports a failure as a message; nothing throws.
class ProfileStore {
  public:
    ProfileStore();
    ~ProfileStore();
    ProfileStore(const ProfileStore&) = delete;
    ProfileStore& operator=(const ProfileStore&) = delete;

    // Opens (creating) the file; an error message, or empty on success.
    QString open(const QString& file);
    // The default file: profiles.sqlite in the app's data directory.
    static QString default_file();

    std::vector<Profile> list() const;
    std::optional<Profile> find(const QString& name) const;
    // Inserts (id 0, which is then set) or updates; a message when refused (a name taken, a
    // field invalid).
    QString save(Profile& profile);
    QString remove(qint64 id);

  private:
    QString connection_;
    QSqlDatabase db() const;
};

// Why a profile cannot be saved or used, or empty.
QString profile_problem(const Profile& profile);

} // namespace zs::ui
