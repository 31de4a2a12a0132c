#include "widgets/copy_move_flow.h"

#include "models/error_text.h"
#include "models/znode_paths.h"
#include "transfer/transfer.h"
#include "widgets/job_progress.h"

#include <QLocale>
#include <memory>

namespace zs::ui {

CopyMoveFlow::CopyMoveFlow(ZkSession& session, QWidget* window, const QString& path, Kind kind)
    : QObject(window), session_(session), window_(window), path_(path), kind_(kind) {}

CopyMoveFlow::~CopyMoveFlow() {
    delete prompt_;
}

void CopyMoveFlow::start() {
    if (is_server_owned(path_)) {
        finish(tr("%1 belongs to the server and cannot be copied or moved").arg(path_), false);
        return;
    }
    prompt_ = new QInputDialog(window_);
    prompt_->setObjectName(QStringLiteral("destination"));
    switch (kind_) {
    case Kind::copy:
        prompt_->setWindowTitle(tr("Copy"));
        prompt_->setLabelText(tr("Copy %1 and everything below it to:").arg(path_));
        prompt_->setTextValue(path_ + QStringLiteral("-copy"));
        break;
    case Kind::move:
        prompt_->setWindowTitle(tr("Move"));
        prompt_->setLabelText(tr("Move %1 and everything below it to:").arg(path_));
        prompt_->setTextValue(path_);
        break;
    case Kind::rename:
        prompt_->setWindowTitle(tr("Rename"));
        prompt_->setLabelText(tr("New name for %1:").arg(path_));
        prompt_->setTextValue(path_.mid(path_.lastIndexOf(QLatin1Char('/')) + 1));
        break;
    }
    connect(prompt_, &QDialog::finished, this, [this](int result) {
        QString destination = prompt_->textValue().trimmed();
        prompt_->deleteLater();
        if (result != QDialog::Accepted) {
            finish({}, false);
            return;
        }
        if (kind_ == Kind::rename) {
            if (destination.isEmpty() || destination.contains(QLatin1Char('/'))) {
                finish(tr("A name is not empty and has no '/'"), false);
                return;
            }
            destination = child_of(parent_of(path_), destination);
        }
        run(destination);
    });
    prompt_->open();
}

void CopyMoveFlow::run(const QString& destination) {
    auto result = std::make_shared<transfer::CopyResult>();
    client::Client& client = session_.client();
    const std::string from = path_.toStdString();
    const std::string to = destination.toStdString();
    const bool copy = kind_ == Kind::copy;
    const QString label = copy ? tr("Copying %1 to %2…") : tr("Moving %1 to %2…");
    run_with_progress(
        this, window_, label.arg(path_, destination),
        [&client, from, to, copy, result](const BackgroundJob::Report& report,
                                          const std::atomic<bool>* cancel) {
            *result = copy ? transfer::copy_tree(client, from, to, report, cancel)
                           : transfer::move_tree(client, from, to, report, cancel);
        },
        [this, result, destination, copy] {
            const QString count = QLocale().toString(qulonglong(result->copied));
            switch (result->status) {
            case transfer::Status::ok: {
                QString message =
                    copy ? tr("Copied %1 to %2 (%3 nodes)") : tr("Moved %1 to %2 (%3 nodes)");
                message = message.arg(path_, destination, count);
                if (result->ephemerals_skipped > 0) {
                    message += tr("; %1 ephemeral nodes left out")
                                   .arg(QLocale().toString(qulonglong(result->ephemerals_skipped)));
                }
                finish(message, true, destination);
                break;
            }
            case transfer::Status::cancelled:
                finish(tr("Cancelled after %1 nodes were created at %2").arg(count, destination),
                       false);
                break;
            case transfer::Status::zookeeper:
                finish(describe_error(result->err, QString::fromStdString(result->subject)) +
                           QStringLiteral(": ") + QString::fromStdString(result->error),
                       false);
                break;
            default:
                finish(QString::fromStdString(result->error), false);
                break;
            }
        });
}

void CopyMoveFlow::finish(const QString& message, bool ok, const QString& destination) {
    emit finished(message, ok, destination);
    deleteLater();
}

} // namespace zs::ui
