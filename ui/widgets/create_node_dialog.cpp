#include "widgets/create_node_dialog.h"

#include "models/error_text.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpressionValidator>

namespace zs::ui {

namespace {

using proto::CreateMode;

struct ModeInfo {
    CreateMode mode;
    const char* name;
    const char* about;
};

constexpr ModeInfo kModes[] = {
    {CreateMode::persistent, "Persistent", "Stays until deleted."},
    {CreateMode::ephemeral, "Ephemeral",
     "Deleted by the server when this session ends; cannot have children."},
    {CreateMode::persistent_sequential, "Persistent sequential",
     "The server appends a 10-digit counter to the name."},
    {CreateMode::ephemeral_sequential, "Ephemeral sequential",
     "Ephemeral, with a 10-digit counter appended to the name (locks, elections)."},
    {CreateMode::container, "Container",
     "Deleted by the server some time after its last child goes (ZooKeeper 3.6+)."},
    {CreateMode::persistent_with_ttl, "Persistent with TTL",
     "Deleted by the server once unchanged and childless for the TTL (needs "
     "extendedTypesEnabled=true)."},
    {CreateMode::persistent_sequential_with_ttl, "Persistent sequential with TTL",
     "With a counter appended, and a TTL (needs extendedTypesEnabled=true)."},
};

bool has_ttl(CreateMode mode) {
    return mode == CreateMode::persistent_with_ttl ||
           mode == CreateMode::persistent_sequential_with_ttl;
}

bool is_sequential(CreateMode mode) {
    return mode == CreateMode::persistent_sequential || mode == CreateMode::ephemeral_sequential ||
           mode == CreateMode::persistent_sequential_with_ttl;
}

} // namespace

CreateNodeDialog::CreateNodeDialog(ZkSession& session, const QString& parent_path, QWidget* parent)
    : QDialog(parent), session_(session), parent_(new QLineEdit(parent_path, this)),
      name_(new QLineEdit(this)), mode_(new QComboBox(this)), ttl_(new QLineEdit(this)),
      data_(new QPlainTextEdit(this)), about_mode_(new QLabel(this)), error_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    setWindowTitle(tr("New znode"));
    for (const ModeInfo& info : kModes) {
        mode_->addItem(tr(info.name), int(info.mode));
    }
    parent_->setObjectName(QStringLiteral("parent"));
    name_->setObjectName(QStringLiteral("name"));
    mode_->setObjectName(QStringLiteral("mode"));
    ttl_->setObjectName(QStringLiteral("ttl"));
    data_->setObjectName(QStringLiteral("data"));
    error_->setObjectName(QStringLiteral("error"));
    ttl_->setValidator(
        new QRegularExpressionValidator(QRegularExpression(QStringLiteral("[0-9]{1,13}")), this));
    ttl_->setPlaceholderText(tr("milliseconds"));
    name_->setPlaceholderText(tr("name (no '/')"));
    data_->setPlaceholderText(tr("data, as UTF-8 text (edit it in any format once created)"));
    about_mode_->setWordWrap(true);
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #d33;"));
    error_->hide();
    buttons_->button(QDialogButtonBox::Ok)->setText(tr("Create"));

    auto* form = new QFormLayout(this);
    form->addRow(tr("Parent:"), parent_);
    form->addRow(tr("Name:"), name_);
    form->addRow(tr("Mode:"), mode_);
    form->addRow(QString(), about_mode_);
    form->addRow(tr("TTL (ms):"), ttl_);
    form->addRow(tr("Data:"), data_);
    form->addRow(error_);
    form->addRow(buttons_);

    connect(mode_, &QComboBox::currentIndexChanged, this, &CreateNodeDialog::update_fields);
    connect(buttons_, &QDialogButtonBox::accepted, this, &CreateNodeDialog::create);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    update_fields();
    name_->setFocus();
}

void CreateNodeDialog::update_fields() {
    const auto mode = CreateMode(mode_->currentData().toInt());
    about_mode_->setText(tr(kModes[mode_->currentIndex()].about));
    ttl_->setEnabled(has_ttl(mode));
}

void CreateNodeDialog::show_error(const QString& text) {
    error_->setText(text);
    error_->show();
    buttons_->setEnabled(true);
}

void CreateNodeDialog::create() {
    const auto mode = CreateMode(mode_->currentData().toInt());
    const QString name = name_->text();
    if (name.contains(QLatin1Char('/'))) {
        show_error(tr("A name cannot contain '/': create the parents first."));
        return;
    }
    if (name.isEmpty() && !is_sequential(mode)) {
        show_error(tr("Give the node a name (only sequential nodes may have none)."));
        return;
    }
    client::CreateOptions options;
    options.mode = mode;
    if (has_ttl(mode)) {
        bool ok = false;
        options.ttl_ms = ttl_->text().toLongLong(&ok);
        if (!ok || options.ttl_ms <= 0) {
            show_error(tr("A TTL node needs a TTL above 0 ms."));
            return;
        }
    }
    QString parent_path = parent_->text();
    if (!parent_path.endsWith(QLatin1Char('/'))) {
        parent_path += QLatin1Char('/');
    }
    const QString path = parent_path + name;
    buttons_->setEnabled(false);
    error_->hide();
    QPointer<CreateNodeDialog> self(this);
    session_.create(path.toStdString(), data_->toPlainText().toStdString(), options,
                    [self, path](proto::ErrorCode err, client::CreateResult result) {
                        if (!self) {
                            return;
                        }
                        if (err != proto::ErrorCode::ok) {
                            self->show_error(describe_error(err, path));
                            return;
                        }
                        emit self->created(QString::fromStdString(result.path));
                        self->accept();
                    });
}

} // namespace zs::ui
