#include "widgets/delete_flow.h"

#include "bridge/background_job.h"
#include "models/error_text.h"
#include "models/znode_paths.h"
#include "transfer/transfer.h"
#include "widgets/job_progress.h"

#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <memory>

namespace zs::ui {

DeleteFlow::DeleteFlow(ZkSession& session, QWidget* window, const QString& path)
    : QObject(window), session_(session), window_(window), path_(path) {}

DeleteFlow::~DeleteFlow() {
    delete confirmation_;
}

void DeleteFlow::start() {
    if (is_server_owned(path_)) {
        finish(tr("%1 belongs to the server and cannot be deleted").arg(path_), false);
        return;
    }
    QPointer<DeleteFlow> self(this);
    session_.count_descendants(path_.toStdString(), [self](proto::ErrorCode err, int32_t count) {
        if (!self) {
            return;
        }
        if (err != proto::ErrorCode::ok) {
            self->finish(tr("Not deleted: %1").arg(describe_error(err, self->path_)), false);
            return;
        }
        self->confirm(count);
    });
}

void DeleteFlow::confirm(int32_t descendants) {
    const QString question = descendants == 0 ? tr("Delete %1?").arg(path_)
                                              : tr("Delete %1 and the %2 nodes below it?")
                                                    .arg(path_, QLocale().toString(descendants));
    confirmation_ =
        new QMessageBox(QMessageBox::Warning, tr("Delete"), question, QMessageBox::Cancel, window_);
    confirmation_->setObjectName(QStringLiteral("confirm_delete"));
    confirmation_->addButton(tr("Delete"), QMessageBox::DestructiveRole)
        ->setObjectName(QStringLiteral("delete"));
    confirmation_->setDefaultButton(QMessageBox::Cancel);
    connect(confirmation_, &QMessageBox::finished, this, [this, descendants] {
        const bool confirmed = confirmation_->buttonRole(confirmation_->clickedButton()) ==
                               QMessageBox::DestructiveRole;
        confirmation_->deleteLater();
        if (!confirmed) {
            finish({}, false);
        } else if (descendants == 0) {
            remove_leaf();
        } else {
            remove_subtree();
        }
    });
    confirmation_->open();
}

void DeleteFlow::remove_leaf() {
    QPointer<DeleteFlow> self(this);
    session_.remove(path_.toStdString(), -1, [self](proto::ErrorCode err, std::monostate) {
        if (!self) {
            return;
        }
        if (err == proto::ErrorCode::not_empty) {
            // A child appeared since the count: ask again with the new count.
            self->start();
            return;
        }
        if (err != proto::ErrorCode::ok) {
            self->finish(tr("Not deleted: %1").arg(describe_error(err, self->path_)), false);
            return;
        }
        self->finish(tr("Deleted %1").arg(self->path_), true);
    });
}

void DeleteFlow::remove_subtree() {
    auto result = std::make_shared<transfer::RemoveResult>();
    client::Client& client = session_.client();
    const std::string root = path_.toStdString();
    run_with_progress(
        this, window_, tr("Deleting %1…").arg(path_),
        [&client, root, result](const BackgroundJob::Report& report,
                                const std::atomic<bool>* cancel) {
            *result = transfer::remove_tree(client, root, report, cancel);
        },
        [this, result] {
            const QString count = QLocale().toString(qulonglong(result->removed));
            switch (result->status) {
            case transfer::Status::ok:
                finish(tr("Deleted %1 (%2 nodes)").arg(path_, count), true);
                break;
            case transfer::Status::cancelled:
                finish(tr("Cancelled: %1 nodes under %2 were deleted before").arg(count, path_),
                       false);
                break;
            case transfer::Status::zookeeper:
                finish(tr("Stopped after %1 nodes: %2")
                           .arg(count, describe_error(result->err,
                                                      QString::fromStdString(result->subject))),
                       false);
                break;
            default:
                finish(QString::fromStdString(result->error), false);
                break;
            }
        });
}

void DeleteFlow::finish(const QString& message, bool ok) {
    emit finished(message, ok);
    deleteLater();
}

} // namespace zs::ui
