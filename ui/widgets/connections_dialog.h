#pragma once

#include "models/profile_store.h"

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QListWidget;
class QSpinBox;

namespace zs::ui {

class CredentialStore;

// The saved connections: a list on the left, the chosen one's fields on the right (name, connect
// string with several hosts and a chroot, session timeout, read-only servers allowed, a digest
// user whose password goes to the system keychain). Connect opens the fields as shown, saved or
// not; a password the keychain cannot give is asked for in the form.
class ConnectionsDialog : public QDialog {
    Q_OBJECT

  public:
    ConnectionsDialog(ProfileStore& store, CredentialStore& credentials, QWidget* parent = nullptr);

    // The form as a profile (id of the chosen saved one, or 0).
    Profile form() const;
    void choose(const QString& name);
    void save();
    void connect_chosen();
    QString status() const;

  signals:
    void connectRequested(const zs::ui::Profile& profile, const QString& password);
    // A save (and its keychain write) ended.
    void saved(bool ok);

  private:
    void reload(qint64 select_id);
    void show_profile(const Profile& profile);
    void set_status(const QString& text, bool problem);

    ProfileStore& store_;
    CredentialStore& credentials_;
    qint64 id_ = 0;
    QListWidget* list_;
    QLineEdit* name_;
    QLineEdit* connect_string_;
    QSpinBox* timeout_;
    QCheckBox* read_only_;
    QLineEdit* user_;
    QLineEdit* password_;
    QCheckBox* remember_;
    QLabel* status_;
};

} // namespace zs::ui
