#pragma once

#include "bridge/zk_session.h"
#include "models/event_log_model.h"

#include <QHash>
#include <QObject>
#include <deque>
#include <memory>

namespace zs::ui {

// The change notifications under one path, with the data before and after each change, for the
// notifications dock. It rides the session's persistent-recursive watch on "/" and keeps the
// last data it saw of each node: what it read of the first kPrefetchNodes nodes under the path
// when the path was chosen, and what it reads after every creation and change.
class NotificationFeed : public QObject {
    Q_OBJECT

  public:
    static constexpr int kPrefetchNodes = 1000;
    static constexpr int kPrefetchWindow = 32;
    // Past this the remembered data is dropped (and earlier data shows as unknown).
    static constexpr qsizetype kMaxRememberedBytes = 64 << 20;

    explicit NotificationFeed(ZkSession& session, QObject* parent = nullptr);

    // Events outside `root` (a znode path) are ignored from now on.
    void set_root(const QString& root);
    QString root() const { return root_; }

  signals:
    // In the order the session heard the notifications.
    void arrived(const zs::ui::LoggedEvent& event);

  private:
    struct Pending {
        LoggedEvent event;
        bool ready = false;
    };

    bool under_root(const QString& path) const;
    void on_event(const client::WatchEvent& event);
    void emit_ready();
    void remember(const QString& path, const std::optional<QByteArray>& data);
    void prefetch_more();

    ZkSession& session_;
    QString root_ = QStringLiteral("/");
    std::deque<std::shared_ptr<Pending>> pending_;
    QHash<QString, std::optional<QByteArray>> seen_;
    qsizetype seen_bytes_ = 0;
    // Bumped with the root, so that a prefetch for the old root stops.
    std::shared_ptr<int> generation_ = std::make_shared<int>(0);
    std::deque<QString> to_prefetch_;
    int prefetched_ = 0;
    int prefetching_ = 0;
};

} // namespace zs::ui
