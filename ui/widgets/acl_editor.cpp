#include "widgets/acl_editor.h"

#include "models/acl_text.h"
#include "models/error_text.h"

#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace zs::ui {

namespace {

constexpr const char* kSchemes[] = {"world", "digest", "ip", "auth", "sasl", "x509"};

struct PermColumn {
    int32_t bit;
    const char* title;
    const char* tip;
};
constexpr PermColumn kPerms[] = {
    {proto::perm::read, "Read", "get data and list children"},
    {proto::perm::write, "Write", "set data"},
    {proto::perm::create, "Create", "create children"},
    {proto::perm::remove, "Delete", "delete children"},
    {proto::perm::admin, "Admin", "set the ACL"},
};

} // namespace

AclEditor::AclEditor(ZkSession& session, QWidget* parent)
    : QWidget(parent), session_(session),
      table_(new QTableWidget(0, first_perm_column + int(std::size(kPerms)), this)),
      status_(new QLabel(this)), save_(new QPushButton(tr("Save ACL"), this)),
      revert_(new QPushButton(tr("Revert"), this)) {
    setObjectName(QStringLiteral("acl"));
    table_->setObjectName(QStringLiteral("acl_table"));
    status_->setObjectName(QStringLiteral("acl_status"));
    save_->setObjectName(QStringLiteral("save_acl"));
    QStringList headers{tr("Scheme"), tr("Id")};
    for (const PermColumn& perm : kPerms) {
        headers << tr(perm.title);
    }
    table_->setHorizontalHeaderLabels(headers);
    for (int i = 0; i < int(std::size(kPerms)); ++i) {
        table_->horizontalHeaderItem(first_perm_column + i)->setToolTip(tr(kPerms[i].tip));
    }
    table_->horizontalHeader()->setSectionResizeMode(id_column, QHeaderView::Stretch);
    table_->verticalHeader()->hide();
    table_->setSelectionBehavior(QAbstractItemView::SelectRows);
    status_->setWordWrap(true);

    auto* add = new QPushButton(tr("Add"), this);
    auto* remove = new QPushButton(tr("Remove"), this);
    auto* digest = new QPushButton(tr("Digest…"), this);
    digest->setToolTip(tr("Make a digest id from a user and password"));
    auto* buttons = new QHBoxLayout;
    buttons->addWidget(add);
    buttons->addWidget(remove);
    buttons->addWidget(digest);
    buttons->addStretch(1);
    buttons->addWidget(revert_);
    buttons->addWidget(save_);
    auto* layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(table_, 1);
    layout->addLayout(buttons);
    layout->addWidget(status_);

    connect(add, &QPushButton::clicked, this, [this] {
        add_entry(proto::Acl{proto::perm::read, proto::Id{"world", "anyone"}});
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (table_->currentRow() >= 0) {
            table_->removeRow(table_->currentRow());
            set_modified(true);
        }
    });
    connect(digest, &QPushButton::clicked, this, &AclEditor::generate_digest);
    connect(save_, &QPushButton::clicked, this, &AclEditor::save);
    connect(revert_, &QPushButton::clicked, this, &AclEditor::read);
    connect(table_, &QTableWidget::itemChanged, this, [this] { set_modified(true); });
    show_node({});
}

void AclEditor::show_node(const QString& path) {
    path_ = path;
    table_->setRowCount(0);
    status_->clear();
    set_modified(false);
    setEnabled(!path.isEmpty());
    if (!path.isEmpty()) {
        read();
    }
}

void AclEditor::read() {
    QPointer<AclEditor> self(this);
    const QString path = path_;
    session_.get_acl(path.toStdString(), [self, path](proto::ErrorCode err,
                                                      client::AclResult result) {
        if (!self || self->path_ != path) {
            return;
        }
        self->table_->setRowCount(0);
        if (err != proto::ErrorCode::ok) {
            self->set_status(tr("Cannot read the ACL: %1").arg(describe_error(err, path)), true);
            return;
        }
        self->loading_ = true;
        for (const proto::Acl& entry : result.acl) {
            self->add_entry(entry);
        }
        self->loading_ = false;
        self->acl_version_ = result.stat.aversion;
        self->set_modified(false);
        self->set_status(tr("ACL version %1").arg(result.stat.aversion), false);
        emit self->loaded(path);
    });
}

void AclEditor::add_entry(const proto::Acl& entry) {
    const int row = table_->rowCount();
    const bool was_loading = loading_;
    loading_ = true;
    table_->insertRow(row);
    auto* scheme = new QComboBox(table_);
    for (const char* name : kSchemes) {
        scheme->addItem(QString::fromLatin1(name));
    }
    scheme->setEditable(true); // a server may have other providers
    scheme->setCurrentText(QString::fromStdString(entry.id.scheme));
    connect(scheme, &QComboBox::currentTextChanged, this, [this] { set_modified(true); });
    table_->setCellWidget(row, scheme_column, scheme);
    table_->setItem(row, id_column, new QTableWidgetItem(QString::fromStdString(entry.id.id)));
    for (int i = 0; i < int(std::size(kPerms)); ++i) {
        auto* box = new QTableWidgetItem;
        box->setFlags(Qt::ItemIsUserCheckable | Qt::ItemIsEnabled | Qt::ItemIsSelectable);
        box->setCheckState((entry.perms & kPerms[i].bit) ? Qt::Checked : Qt::Unchecked);
        table_->setItem(row, first_perm_column + i, box);
    }
    loading_ = was_loading;
    set_modified(true);
}

std::vector<proto::Acl> AclEditor::entries() const {
    std::vector<proto::Acl> acl;
    for (int row = 0; row < table_->rowCount(); ++row) {
        proto::Acl entry;
        entry.id.scheme = static_cast<QComboBox*>(table_->cellWidget(row, scheme_column))
                              ->currentText()
                              .trimmed()
                              .toStdString();
        entry.id.id = table_->item(row, id_column)->text().trimmed().toStdString();
        for (int i = 0; i < int(std::size(kPerms)); ++i) {
            if (table_->item(row, first_perm_column + i)->checkState() == Qt::Checked) {
                entry.perms |= kPerms[i].bit;
            }
        }
        acl.push_back(std::move(entry));
    }
    return acl;
}

void AclEditor::save() {
    const std::vector<proto::Acl> acl = entries();
    if (auto problem = acl_problem(acl)) {
        set_status(tr("Not saved: %1").arg(*problem), true);
        emit saveFinished(false);
        return;
    }
    save_->setEnabled(false);
    QPointer<AclEditor> self(this);
    const QString path = path_;
    session_.set_acl(path.toStdString(), acl, acl_version_,
                     [self, path](proto::ErrorCode err, proto::Stat stat) {
                         if (!self || self->path_ != path) {
                             return;
                         }
                         if (err != proto::ErrorCode::ok) {
                             self->save_->setEnabled(true);
                             QString why = describe_error(err, path);
                             if (err == proto::ErrorCode::bad_version) {
                                 why += tr(": Revert shows the ACL as it is now");
                             }
                             self->set_status(tr("Not saved: %1").arg(why), true);
                             emit self->saveFinished(false);
                             return;
                         }
                         self->acl_version_ = stat.aversion;
                         self->set_modified(false);
                         self->set_status(tr("Saved: ACL version %1").arg(stat.aversion), false);
                         emit self->saveFinished(true);
                     });
}

void AclEditor::generate_digest() {
    auto* dialog = new QDialog(this);
    dialog->setObjectName(QStringLiteral("digest_generator"));
    dialog->setWindowTitle(tr("Digest id"));
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    auto* user = new QLineEdit(dialog);
    auto* password = new QLineEdit(dialog);
    auto* result = new QLineEdit(dialog);
    user->setObjectName(QStringLiteral("user"));
    password->setObjectName(QStringLiteral("password"));
    result->setObjectName(QStringLiteral("digest"));
    password->setEchoMode(QLineEdit::Password);
    result->setReadOnly(true);
    const auto update = [=] {
        result->setText(user->text().isEmpty() ? QString()
                                               : digest_id(user->text(), password->text()));
    };
    connect(user, &QLineEdit::textChanged, dialog, update);
    connect(password, &QLineEdit::textChanged, dialog, update);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Add entry"));
    connect(buttons, &QDialogButtonBox::accepted, dialog, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::reject);
    connect(dialog, &QDialog::accepted, this, [this, result] {
        if (!result->text().isEmpty()) {
            add_entry(
                proto::Acl{proto::perm::all, proto::Id{"digest", result->text().toStdString()}});
        }
    });
    auto* form = new QFormLayout(dialog);
    form->addRow(tr("User:"), user);
    form->addRow(tr("Password:"), password);
    form->addRow(tr("Digest id:"), result);
    form->addRow(buttons);
    dialog->open();
}

void AclEditor::set_status(const QString& text, bool problem) {
    status_->setText(text);
    status_->setStyleSheet(problem ? QStringLiteral("color: #d33;") : QString());
}

void AclEditor::set_modified(bool modified) {
    if (loading_) {
        return;
    }
    save_->setEnabled(modified && !path_.isEmpty());
    revert_->setEnabled(modified && !path_.isEmpty());
}

} // namespace zs::ui
