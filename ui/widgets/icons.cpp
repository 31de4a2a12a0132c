#include "widgets/icons.h"

// Outside any namespace, as Qt requires: the icons live in this static library's resources.
static void load_resources() {
    Q_INIT_RESOURCE(zooscope);
}

namespace zs::ui {

namespace {

const QIcon& icon(const char* name) {
    static bool loaded = (load_resources(), true);
    (void)loaded;
    static std::map<std::string, QIcon> icons;
    auto [it, added] = icons.try_emplace(name);
    if (added) {
        it->second = QIcon(QStringLiteral(":/icons/%1.svg").arg(QLatin1String(name)));
    }
    return it->second;
}

} // namespace

QIcon app_icon() {
    return icon("zooscope");
}

QIcon znode_icon(ZnodeTreeModel::NodeKind kind, bool sequential) {
    if (kind == ZnodeTreeModel::NodeKind::ephemeral) {
        return icon(sequential ? "ephemeral-sequential" : "ephemeral");
    }
    return icon(sequential ? "sequential" : "znode");
}

bool is_sequential_name(const QString& name) {
    constexpr int kCounterDigits = 10;
    if (name.size() < kCounterDigits) {
        return false;
    }
    for (qsizetype i = name.size() - kCounterDigits; i < name.size(); ++i) {
        if (!name[i].isDigit()) {
            return false;
        }
    }
    return true;
}

TreeViewModel::TreeViewModel(QObject* parent) : QSortFilterProxyModel(parent) {
    setRecursiveFilteringEnabled(true); // a match keeps its ancestors shown
    setFilterCaseSensitivity(Qt::CaseInsensitive);
    setFilterKeyColumn(ZnodeTreeModel::name_column);
}

QVariant TreeViewModel::data(const QModelIndex& index, int role) const {
    if (role != Qt::DecorationRole || index.column() != ZnodeTreeModel::name_column) {
        return QSortFilterProxyModel::data(index, role);
    }
    const auto kind = ZnodeTreeModel::NodeKind(
        QSortFilterProxyModel::data(index, ZnodeTreeModel::kind_role).toInt());
    if (kind == ZnodeTreeModel::NodeKind::unknown) {
        return {}; // the Stat is on its way
    }
    return znode_icon(kind, is_sequential_name(QSortFilterProxyModel::data(index).toString()));
}

} // namespace zs::ui
