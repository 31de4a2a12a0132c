#pragma once

#include <QObject>
#include <atomic>
#include <cstdint>
#include <functional>
#include <thread>

class QTimer;

namespace zs::ui {

// Runs a blocking job (a recursive delete, an export, an import: engine/transfer calls that
// wait on replies) on a thread of its own, so the window never freezes. Progress is sampled a
// few times a second rather than sent per node, which would flood the event loop.
class BackgroundJob : public QObject {
    Q_OBJECT

  public:
    // (done, total) as the work reports it.
    using Report = std::function<void(uint64_t, uint64_t)>;
    // Runs on the job's thread; checks `cancel` as often as it can.
    using Work = std::function<void(const Report& report, const std::atomic<bool>* cancel)>;

    explicit BackgroundJob(Work work, QObject* parent = nullptr);
    // Cancels the work and waits for it.
    ~BackgroundJob() override;

    void start();
    void cancel() { cancel_ = true; }

  signals:
    void progressed(quint64 done, quint64 total);
    // The work has returned (done, cancelled or failed: the work's own result says which).
    void finished();

  private:
    void sample();

    Work work_;
    std::thread thread_;
    std::atomic<bool> cancel_{false};
    std::atomic<uint64_t> done_{0};
    std::atomic<uint64_t> total_{0};
    uint64_t shown_done_ = UINT64_MAX;
    QTimer* sampler_;
};

} // namespace zs::ui
