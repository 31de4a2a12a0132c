#include "models/notification_feed.h"

#include "models/znode_paths.h"

#include <QPointer>

namespace zs::ui {

namespace {

std::optional<QByteArray> bytes_of(const client::DataResult& result) {
    if (!result.data) {
        return std::nullopt;
    }
    return QByteArray::fromStdString(*result.data);
}

} // namespace

NotificationFeed::NotificationFeed(ZkSession& session, QObject* parent)
    : QObject(parent), session_(session) {
    session_.follow_changes(this, [this](const client::WatchEvent& event) { on_event(event); });
    set_root(root_);
}

void NotificationFeed::set_root(const QString& root) {
    root_ = root;
    generation_ = std::make_shared<int>(0);
    seen_.clear();
    seen_bytes_ = 0;
    to_prefetch_ = {root};
    prefetched_ = 0;
    prefetching_ = 0;
    prefetch_more();
}

bool NotificationFeed::under_root(const QString& path) const {
    return root_ == QLatin1String("/") || path == root_ ||
           path.startsWith(root_ + QLatin1Char('/'));
}

void NotificationFeed::on_event(const client::WatchEvent& event) {
    const QString path = QString::fromStdString(event.path);
    if (!under_root(path)) {
        return;
    }
    auto pending = std::make_shared<Pending>();
    pending->event.time = QDateTime::currentDateTime();
    pending->event.type = event.type;
    pending->event.path = path;
    pending_.push_back(pending);
    if (event.type != proto::EventType::node_created &&
        event.type != proto::EventType::node_data_changed) {
        pending->ready = true;
        emit_ready();
        return;
    }
    QPointer<NotificationFeed> self(this);
    session_.get_data(path.toStdString(),
                      [self, pending](proto::ErrorCode err, client::DataResult result) {
                          if (err == proto::ErrorCode::ok) {
                              pending->event.after = bytes_of(result);
                          }
                          pending->ready = true;
                          if (self) {
                              self->emit_ready();
                          }
                      });
}

void NotificationFeed::emit_ready() {
    while (!pending_.empty() && pending_.front()->ready) {
        LoggedEvent event = std::move(pending_.front()->event);
        pending_.pop_front();
        // What was last seen is "before": read before this event, or right after the one
        // before it, whichever came last.
        if (event.type != proto::EventType::node_created) {
            if (auto seen = seen_.constFind(event.path); seen != seen_.constEnd()) {
                event.before = *seen;
            }
        }
        if (event.type == proto::EventType::node_deleted) {
            remember(event.path, std::nullopt);
            seen_.remove(event.path);
        } else if (event.after) {
            remember(event.path, *event.after);
        }
        emit arrived(event);
    }
}

void NotificationFeed::remember(const QString& path, const std::optional<QByteArray>& data) {
    if (auto old = seen_.constFind(path); old != seen_.constEnd() && *old) {
        seen_bytes_ -= (*old)->size();
    }
    seen_.insert(path, data);
    seen_bytes_ += data ? data->size() : 0;
    if (seen_bytes_ > kMaxRememberedBytes) {
        seen_.clear();
        seen_bytes_ = 0;
    }
}

void NotificationFeed::prefetch_more() {
    QPointer<NotificationFeed> self(this);
    std::weak_ptr<int> generation = generation_;
    while (!to_prefetch_.empty() && prefetching_ < kPrefetchWindow &&
           prefetched_ < kPrefetchNodes) {
        const QString path = to_prefetch_.front();
        to_prefetch_.pop_front();
        ++prefetched_;
        ++prefetching_;
        session_.get_data(path.toStdString(), [self, generation, path](proto::ErrorCode err,
                                                                       client::DataResult result) {
            if (self && !generation.expired() && err == proto::ErrorCode::ok &&
                !self->seen_.contains(path)) {
                self->remember(path, bytes_of(result));
            }
        });
        session_.get_children(
            path.toStdString(),
            [self, generation, path](proto::ErrorCode err, client::ChildrenResult result) {
                if (!self || generation.expired()) {
                    return;
                }
                --self->prefetching_;
                if (err == proto::ErrorCode::ok) {
                    for (const std::string& name : result.children) {
                        if (int(self->to_prefetch_.size()) + self->prefetched_ >= kPrefetchNodes) {
                            break;
                        }
                        self->to_prefetch_.push_back(child_of(path, QString::fromStdString(name)));
                    }
                }
                self->prefetch_more();
            });
    }
}

} // namespace zs::ui
