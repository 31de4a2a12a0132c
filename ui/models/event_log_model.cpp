#include "models/event_log_model.h"

#include <QIODevice>
#include <QLocale>
#include <QStringDecoder>
#include <nlohmann/json.hpp>

namespace zs::ui {

namespace {

using OrderedJson = nlohmann::ordered_json;

QString size_text(const std::optional<std::optional<QByteArray>>& data) {
    if (!data) {
        return QStringLiteral("?");
    }
    if (!*data) {
        return QStringLiteral("null");
    }
    return QObject::tr("%1 B").arg(QLocale().toString((*data)->size()));
}

void put_data(OrderedJson& line, const char* key,
              const std::optional<std::optional<QByteArray>>& data) {
    if (!data) {
        return; // unknown: left out
    }
    if (!*data) {
        line[key] = nullptr;
        return;
    }
    QStringDecoder utf8(QStringConverter::Utf8, QStringConverter::Flag::Stateless);
    const QString text = utf8(**data);
    if (utf8.hasError()) {
        line[std::string(key) + "_base64"] = (*data)->toBase64().toStdString();
    } else {
        line[key] = text.toStdString();
    }
}

} // namespace

QString event_name(proto::EventType type) {
    switch (type) {
    case proto::EventType::node_created:
        return QObject::tr("created");
    case proto::EventType::node_deleted:
        return QObject::tr("deleted");
    case proto::EventType::node_data_changed:
        return QObject::tr("changed");
    case proto::EventType::node_children_changed:
        return QObject::tr("children changed");
    default:
        return QObject::tr("other");
    }
}

int EventLogModel::rowCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : int(events_.size());
}

int EventLogModel::columnCount(const QModelIndex& parent) const {
    return parent.isValid() ? 0 : column_count;
}

QVariant EventLogModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid() || index.row() >= int(events_.size())) {
        return {};
    }
    const LoggedEvent& event = events_[size_t(index.row())];
    if (role == type_role) {
        return int(event.type);
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case time_column:
        return event.time.toString(QStringLiteral("HH:mm:ss.zzz"));
    case event_column:
        return event_name(event.type);
    case path_column:
        return event.path;
    case change_column:
        switch (event.type) {
        case proto::EventType::node_created:
            return size_text(event.after);
        case proto::EventType::node_deleted:
            return size_text(event.before);
        default:
            return QStringLiteral("%1 → %2").arg(size_text(event.before), size_text(event.after));
        }
    default:
        return {};
    }
}

QVariant EventLogModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case time_column:
        return tr("Time");
    case event_column:
        return tr("Event");
    case path_column:
        return tr("Path");
    case change_column:
        return tr("Data");
    default:
        return {};
    }
}

void EventLogModel::append(LoggedEvent event) {
    if (int(events_.size()) >= kMaxEvents) {
        beginRemoveRows({}, 0, 0);
        events_.pop_front();
        endRemoveRows();
    }
    const int row = int(events_.size());
    beginInsertRows({}, row, row);
    events_.push_back(std::move(event));
    endInsertRows();
}

void EventLogModel::clear() {
    beginResetModel();
    events_.clear();
    endResetModel();
}

bool EventLogModel::write_json_lines(QIODevice& out) const {
    for (const LoggedEvent& event : events_) {
        OrderedJson line;
        line["time"] = event.time.toUTC().toString(Qt::ISODateWithMs).toStdString();
        line["event"] = event_name(event.type).toStdString();
        line["path"] = event.path.toStdString();
        put_data(line, "before", event.before);
        put_data(line, "after", event.after);
        const std::string text = line.dump() + "\n";
        if (out.write(text.data(), qint64(text.size())) != qint64(text.size())) {
            return false;
        }
    }
    return true;
}

void EventFilter::set_text(const QString& text) {
    text_ = text;
    invalidateFilter();
}

void EventFilter::set_type(proto::EventType type) {
    type_ = type;
    invalidateFilter();
}

bool EventFilter::filterAcceptsRow(int row, const QModelIndex& parent) const {
    const QModelIndex index = sourceModel()->index(row, EventLogModel::path_column, parent);
    if (type_ != proto::EventType::none &&
        index.data(EventLogModel::type_role).toInt() != int(type_)) {
        return false;
    }
    return text_.isEmpty() || index.data().toString().contains(text_, Qt::CaseInsensitive);
}

} // namespace zs::ui
