#include "widgets/transfer_dialog.h"

#include "models/error_text.h"
#include "transfer/transfer.h"
#include "widgets/job_progress.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <memory>

namespace zs::ui {

namespace {

QString count(uint64_t value) {
    return QLocale().toString(qulonglong(value));
}

template <class Result> QString failure(const Result& result) {
    if (result.status == transfer::Status::zookeeper) {
        return describe_error(result.err, QString::fromStdString(result.subject));
    }
    return QString::fromStdString(result.error);
}

} // namespace

TransferDialog::TransferDialog(ZkSession& session, Direction direction, const QString& znode,
                               QWidget* parent)
    : QDialog(parent), session_(session), direction_(direction), znode_(new QLineEdit(znode, this)),
      file_(new QLineEdit(this)), format_(new QComboBox(this)),
      ephemerals_(new QCheckBox(tr("Include ephemeral nodes"), this)),
      conflict_(new QComboBox(this)), error_(new QLabel(this)),
      buttons_(new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this)) {
    const bool exporting = direction == Direction::export_tree;
    setWindowTitle(exporting ? tr("Export subtree") : tr("Import subtree"));
    setObjectName(exporting ? QStringLiteral("export") : QStringLiteral("import"));
    znode_->setObjectName(QStringLiteral("znode"));
    file_->setObjectName(QStringLiteral("file"));
    format_->setObjectName(QStringLiteral("format"));
    conflict_->setObjectName(QStringLiteral("conflict"));
    error_->setObjectName(QStringLiteral("error"));
    format_->addItem(tr("JSON Lines file"), int(transfer::Format::json));
    format_->addItem(tr("Directory tree"), int(transfer::Format::dir));
    conflict_->addItem(tr("Stop before writing anything"), int(transfer::OnConflict::fail));
    conflict_->addItem(tr("Keep the existing node"), int(transfer::OnConflict::skip));
    conflict_->addItem(tr("Overwrite its data"), int(transfer::OnConflict::overwrite));
    error_->setWordWrap(true);
    error_->setStyleSheet(QStringLiteral("color: #d33;"));
    error_->hide();
    buttons_->button(QDialogButtonBox::Ok)->setText(exporting ? tr("Export") : tr("Import"));

    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* file_row = new QHBoxLayout;
    file_row->addWidget(file_, 1);
    file_row->addWidget(browse);
    auto* form = new QFormLayout(this);
    if (exporting) {
        form->addRow(tr("Subtree:"), znode_);
        form->addRow(tr("Format:"), format_);
        form->addRow(tr("To:"), file_row);
        form->addRow(QString(), ephemerals_);
    } else {
        form->addRow(tr("From:"), file_row);
        form->addRow(tr("Under:"), znode_);
        form->addRow(tr("When a node exists:"), conflict_);
        format_->hide();
        ephemerals_->hide();
    }
    form->addRow(error_);
    form->addRow(buttons_);
    connect(browse, &QPushButton::clicked, this, &TransferDialog::browse);
    connect(buttons_, &QDialogButtonBox::accepted, this, &TransferDialog::run);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);
    resize(560, sizeHint().height());
}

void TransferDialog::browse() {
    const bool directory = format_->currentData().toInt() == int(transfer::Format::dir);
    QString chosen;
    if (direction_ == Direction::export_tree) {
        chosen = directory ? QFileDialog::getExistingDirectory(this, tr("Export into"))
                           : QFileDialog::getSaveFileName(this, tr("Export to"), QString(),
                                                          tr("JSON Lines (*.jsonl)"));
    } else {
        chosen = QFileDialog::getOpenFileName(this, tr("Import from"), QString(),
                                              tr("JSON Lines (*.jsonl);;All files (*)"));
    }
    if (!chosen.isEmpty()) {
        file_->setText(chosen);
    }
}

void TransferDialog::show_error(const QString& text) {
    error_->setText(text);
    error_->show();
    buttons_->setEnabled(true);
}

void TransferDialog::run() {
    const std::string znode = znode_->text().trimmed().toStdString();
    const std::string file = file_->text().trimmed().toStdString();
    if (file.empty()) {
        show_error(tr("Choose a file."));
        return;
    }
    buttons_->setEnabled(false);
    error_->hide();
    client::Client& client = session_.client();
    QWidget* window = parentWidget() ? parentWidget() : this;
    if (direction_ == Direction::export_tree) {
        transfer::ExportOptions options;
        options.format = transfer::Format(format_->currentData().toInt());
        options.include_ephemerals = ephemerals_->isChecked();
        options.server = session_.connect_string().toStdString();
        auto result = std::make_shared<transfer::ExportResult>();
        run_with_progress(
            this, window, tr("Exporting %1…").arg(znode_->text()),
            [&client, znode, file, options, result](const BackgroundJob::Report& report,
                                                    const std::atomic<bool>* cancel) {
                *result = transfer::export_tree(client, znode, options, file, report, cancel);
            },
            [this, result] {
                if (result->status != transfer::Status::ok) {
                    show_error(tr("Not exported: %1").arg(failure(*result)));
                    return;
                }
                QString message =
                    tr("Exported %1 nodes to %2").arg(count(result->nodes), file_->text());
                if (result->ephemerals_skipped > 0) {
                    message +=
                        tr(" (%1 ephemeral nodes left out)").arg(count(result->ephemerals_skipped));
                }
                emit finished(message, true);
                accept();
            });
        return;
    }
    const auto on_conflict = transfer::OnConflict(conflict_->currentData().toInt());
    auto result = std::make_shared<transfer::ImportResult>();
    run_with_progress(
        this, window, tr("Importing %1…").arg(file_->text()),
        [&client, znode, file, on_conflict, result](const BackgroundJob::Report& report,
                                                    const std::atomic<bool>* cancel) {
            *result = transfer::import_tree(client, file, znode, on_conflict, report, cancel);
        },
        [this, result] {
            if (result->status != transfer::Status::ok) {
                show_error(tr("Not imported (%1 nodes were created): %2")
                               .arg(count(result->created), failure(*result)));
                return;
            }
            emit finished(tr("Imported under %1: %2 created, %3 kept, %4 overwritten")
                              .arg(znode_->text(), count(result->created), count(result->skipped),
                                   count(result->overwritten)),
                          true);
            accept();
        });
}

} // namespace zs::ui
