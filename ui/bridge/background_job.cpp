#include "bridge/background_job.h"

#include <QMetaObject>
#include <QTimer>

namespace zs::ui {

namespace {

constexpr int kSampleMs = 100;

} // namespace

BackgroundJob::BackgroundJob(Work work, QObject* parent)
    : QObject(parent), work_(std::move(work)), sampler_(new QTimer(this)) {
    sampler_->setInterval(kSampleMs);
    connect(sampler_, &QTimer::timeout, this, &BackgroundJob::sample);
}

BackgroundJob::~BackgroundJob() {
    cancel_ = true;
    if (thread_.joinable()) {
        thread_.join();
    }
}

void BackgroundJob::start() {
    sampler_->start();
    thread_ = std::thread([this] {
        work_(
            [this](uint64_t done, uint64_t total) {
                done_.store(done, std::memory_order_relaxed);
                total_.store(total, std::memory_order_relaxed);
            },
            &cancel_);
        QMetaObject::invokeMethod(
            this,
            [this] {
                thread_.join();
                sampler_->stop();
                sample();
                emit finished();
            },
            Qt::QueuedConnection);
    });
}

void BackgroundJob::sample() {
    const uint64_t done = done_.load(std::memory_order_relaxed);
    if (done != shown_done_) {
        shown_done_ = done;
        emit progressed(done, total_.load(std::memory_order_relaxed));
    }
}

} // namespace zs::ui
