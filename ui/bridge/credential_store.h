#pragma once

#include <QObject>
#include <QString>
#include <functional>

namespace zs::ui {

// Passwords of saved connections, kept in the system keychain (Secret Service, KWallet, macOS
// Keychain, Windows Credential Manager) through qtkeychain, never in ZooScope's own files. When
// no keychain answers (a headless machine), the error says so and the app asks for the password
// at each connection instead.
class CredentialStore : public QObject {
    Q_OBJECT

  public:
    using Done = std::function<void(const QString& error)>;
    using Loaded = std::function<void(const QString& secret, const QString& error)>;

    explicit CredentialStore(QObject* parent = nullptr);

    void store(const QString& key, const QString& secret, Done done);
    // An empty secret and no error: nothing is stored under `key`.
    void load(const QString& key, Loaded done);
    void remove(const QString& key, Done done);

    static QString service() { return QStringLiteral("ZooScope"); }
};

} // namespace zs::ui
