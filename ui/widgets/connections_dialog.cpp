#include "widgets/connections_dialog.h"

#include "bridge/credential_store.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPointer>
#include <QPushButton>
#include <QSpinBox>
#include <QVBoxLayout>

namespace zs::ui {

ConnectionsDialog::ConnectionsDialog(ProfileStore& store, CredentialStore& credentials,
                                     QWidget* parent)
    : QDialog(parent), store_(store), credentials_(credentials), list_(new QListWidget(this)),
      name_(new QLineEdit(this)), connect_string_(new QLineEdit(this)),
      timeout_(new QSpinBox(this)), read_only_(new QCheckBox(tr("Accept read-only servers"), this)),
      user_(new QLineEdit(this)), password_(new QLineEdit(this)),
      remember_(new QCheckBox(tr("Keep the password in the system keychain"), this)),
      status_(new QLabel(this)) {
    setWindowTitle(tr("Connections"));
    setObjectName(QStringLiteral("connections"));
    list_->setObjectName(QStringLiteral("profiles"));
    name_->setObjectName(QStringLiteral("name"));
    connect_string_->setObjectName(QStringLiteral("connect_string"));
    connect_string_->setPlaceholderText(QStringLiteral("host1:2181,host2:2181,host3:2181/chroot"));
    timeout_->setObjectName(QStringLiteral("timeout"));
    timeout_->setRange(1000, 600000);
    timeout_->setSingleStep(1000);
    timeout_->setSuffix(tr(" ms"));
    user_->setObjectName(QStringLiteral("user"));
    user_->setPlaceholderText(tr("digest user (optional)"));
    password_->setObjectName(QStringLiteral("password"));
    password_->setEchoMode(QLineEdit::Password);
    remember_->setObjectName(QStringLiteral("remember"));
    remember_->setChecked(true);
    status_->setObjectName(QStringLiteral("status"));
    status_->setWordWrap(true);

    auto* fresh = new QPushButton(tr("New"), this);
    auto* save_button = new QPushButton(tr("Save"), this);
    auto* remove = new QPushButton(tr("Delete"), this);
    auto* open = new QPushButton(tr("Connect"), this);
    open->setDefault(true);
    auto* fields = new QFormLayout;
    fields->addRow(tr("Name:"), name_);
    fields->addRow(tr("Connect string:"), connect_string_);
    fields->addRow(tr("Session timeout:"), timeout_);
    fields->addRow(QString(), read_only_);
    fields->addRow(tr("Digest user:"), user_);
    fields->addRow(tr("Password:"), password_);
    fields->addRow(QString(), remember_);
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(fresh);
    buttons->addWidget(save_button);
    buttons->addWidget(remove);
    buttons->addStretch(1);
    buttons->addWidget(open);
    auto* right = new QVBoxLayout;
    right->addLayout(fields);
    right->addWidget(status_);
    right->addStretch(1);
    right->addLayout(buttons);
    auto* layout = new QHBoxLayout(this);
    layout->addWidget(list_, 1);
    layout->addLayout(right, 2);
    resize(760, 380);

    connect(fresh, &QPushButton::clicked, this, [this] {
        list_->clearSelection();
        show_profile(Profile{});
        name_->setFocus();
    });
    connect(save_button, &QPushButton::clicked, this, &ConnectionsDialog::save);
    connect(remove, &QPushButton::clicked, this, [this] {
        if (id_ == 0) {
            return;
        }
        const Profile gone = form();
        if (QString error = store_.remove(id_); !error.isEmpty()) {
            set_status(error, true);
            return;
        }
        credentials_.remove(gone.keychain_key(), [](const QString&) {});
        reload(0);
        show_profile(Profile{});
        set_status(tr("Deleted \"%1\"").arg(gone.name), false);
    });
    connect(open, &QPushButton::clicked, this, &ConnectionsDialog::connect_chosen);
    connect(list_, &QListWidget::currentRowChanged, this, [this](int row) {
        if (row >= 0) {
            choose(list_->item(row)->text());
        }
    });
    connect(list_, &QListWidget::itemActivated, this, &ConnectionsDialog::connect_chosen);
    reload(0);
    show_profile(Profile{});
}

Profile ConnectionsDialog::form() const {
    Profile profile;
    profile.id = id_;
    profile.name = name_->text().trimmed();
    profile.connect_string = connect_string_->text().trimmed();
    profile.session_timeout_ms = timeout_->value();
    profile.can_be_read_only = read_only_->isChecked();
    profile.digest_user = user_->text().trimmed();
    return profile;
}

QString ConnectionsDialog::status() const {
    return status_->text();
}

void ConnectionsDialog::reload(qint64 select_id) {
    const QSignalBlocker quiet(list_);
    list_->clear();
    for (const Profile& profile : store_.list()) {
        list_->addItem(profile.name);
        if (profile.id == select_id) {
            list_->setCurrentRow(list_->count() - 1);
        }
    }
}

void ConnectionsDialog::show_profile(const Profile& profile) {
    id_ = profile.id;
    name_->setText(profile.name);
    connect_string_->setText(profile.connect_string);
    timeout_->setValue(profile.session_timeout_ms);
    read_only_->setChecked(profile.can_be_read_only);
    user_->setText(profile.digest_user);
    password_->clear();
    status_->clear();
}

void ConnectionsDialog::choose(const QString& name) {
    if (auto profile = store_.find(name)) {
        show_profile(*profile);
        const QSignalBlocker quiet(list_);
        const auto items = list_->findItems(name, Qt::MatchExactly);
        if (!items.isEmpty()) {
            list_->setCurrentItem(items.front());
        }
    }
}

void ConnectionsDialog::save() {
    Profile profile = form();
    if (QString error = store_.save(profile); !error.isEmpty()) {
        set_status(error, true);
        emit saved(false);
        return;
    }
    id_ = profile.id;
    reload(profile.id);
    const QString password = password_->text();
    if (profile.digest_user.isEmpty() || password.isEmpty() || !remember_->isChecked()) {
        set_status(tr("Saved \"%1\"").arg(profile.name), false);
        emit saved(true);
        return;
    }
    QPointer<ConnectionsDialog> self(this);
    credentials_.store(profile.keychain_key(), password, [self, profile](const QString& error) {
        if (!self) {
            return;
        }
        if (error.isEmpty()) {
            self->set_status(
                tr("Saved \"%1\"; the password is in the system keychain").arg(profile.name),
                false);
        } else {
            self->set_status(tr("Saved \"%1\", but not its password: %2. It will be asked for "
                                "at each connection.")
                                 .arg(profile.name, error),
                             true);
        }
        emit self->saved(true);
    });
}

void ConnectionsDialog::connect_chosen() {
    const Profile profile = form();
    if (QString problem = profile_problem(profile); !problem.isEmpty()) {
        set_status(problem, true);
        return;
    }
    const QString typed = password_->text();
    if (profile.digest_user.isEmpty() || !typed.isEmpty() || profile.id == 0) {
        emit connectRequested(profile, typed);
        return;
    }
    QPointer<ConnectionsDialog> self(this);
    credentials_.load(
        profile.keychain_key(), [self, profile](const QString& secret, const QString& error) {
            if (!self) {
                return;
            }
            if (secret.isEmpty()) {
                self->set_status(error.isEmpty()
                                     ? tr("Type %1's password: none is kept for this profile")
                                           .arg(profile.digest_user)
                                     : tr("Type %1's password: %2").arg(profile.digest_user, error),
                                 true);
                self->password_->setFocus();
                return;
            }
            emit self->connectRequested(profile, secret);
        });
}

void ConnectionsDialog::set_status(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #d33;") : QString());
}

} // namespace zs::ui
