#pragma once

#include "proto/constants.h"

#include <QAbstractTableModel>
#include <QDateTime>
#include <QSortFilterProxyModel>
#include <deque>
#include <optional>

class QIODevice;

namespace zs::ui {

// One change notification as the notifications dock keeps it.
struct LoggedEvent {
    QDateTime time;
    proto::EventType type = proto::EventType::none;
    QString path;
    // The data before and after the change, when known: before is what was last seen of the
    // node, after what was read right after the event (it may already hold a later change).
    // An inner nullopt is null data.
    std::optional<std::optional<QByteArray>> before;
    std::optional<std::optional<QByteArray>> after;
};

QString event_name(proto::EventType type);

// The timeline: newest last, at most kMaxEvents (the oldest go first).
class EventLogModel : public QAbstractTableModel {
    Q_OBJECT

  public:
    enum Column { time_column, event_column, path_column, change_column, column_count };
    static constexpr int type_role = Qt::UserRole + 1; // int(proto::EventType)
    static constexpr int kMaxEvents = 10000;

    using QAbstractTableModel::QAbstractTableModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;

    void append(LoggedEvent event);
    void clear();
    const LoggedEvent& event(int row) const { return events_[size_t(row)]; }

    // Every event as one JSON line: {"time","event","path","before","after"}; data that is not
    // UTF-8 text is written as "before_base64" / "after_base64".
    bool write_json_lines(QIODevice& out) const;

  private:
    std::deque<LoggedEvent> events_;
};

// Shows the events of one kind (or all) whose path contains a text.
class EventFilter : public QSortFilterProxyModel {
    Q_OBJECT

  public:
    using QSortFilterProxyModel::QSortFilterProxyModel;

    void set_text(const QString& text);
    // none: every kind.
    void set_type(proto::EventType type);

  protected:
    bool filterAcceptsRow(int row, const QModelIndex& parent) const override;

  private:
    QString text_;
    proto::EventType type_ = proto::EventType::none;
};

} // namespace zs::ui
