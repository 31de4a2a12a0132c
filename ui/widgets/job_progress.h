#pragma once

#include "bridge/background_job.h"

#include <QString>
#include <functional>

class QObject;
class QWidget;

namespace zs::ui {

// Starts `work` as a BackgroundJob owned by `owner`, with a window-modal progress dialog over
// `window` (shown when the job takes more than a moment; its Cancel cancels the job).
// `finished` runs on the GUI thread once the work has returned.
BackgroundJob* run_with_progress(QObject* owner, QWidget* window, const QString& label,
                                 BackgroundJob::Work work, std::function<void()> finished);

} // namespace zs::ui
