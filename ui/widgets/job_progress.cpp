#include "widgets/job_progress.h"

#include <QProgressDialog>

namespace zs::ui {

namespace {

constexpr int kShowAfterMs = 300;

} // namespace

BackgroundJob* run_with_progress(QObject* owner, QWidget* window, const QString& label,
                                 BackgroundJob::Work work, std::function<void()> finished) {
    auto* job = new BackgroundJob(std::move(work), owner);
    auto* progress = new QProgressDialog(label, QObject::tr("Cancel"), 0, 0, window);
    progress->setObjectName(QStringLiteral("job_progress"));
    progress->setWindowModality(Qt::WindowModal);
    progress->setMinimumDuration(kShowAfterMs);
    progress->setAutoClose(false);
    progress->setAutoReset(false);
    QObject::connect(progress, &QProgressDialog::canceled, job, &BackgroundJob::cancel);
    QObject::connect(job, &BackgroundJob::progressed, progress,
                     [progress](quint64 done, quint64 total) {
                         progress->setMaximum(int(std::min<quint64>(total, INT32_MAX)));
                         progress->setValue(int(std::min<quint64>(done, INT32_MAX)));
                     });
    QObject::connect(job, &BackgroundJob::finished, owner,
                     [progress, finished = std::move(finished)] {
                         progress->deleteLater();
                         finished();
                     });
    job->start();
    return job;
}

} // namespace zs::ui
