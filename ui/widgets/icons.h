#pragma once

#include "models/znode_tree_model.h"

#include <QIcon>
#include <QSortFilterProxyModel>

namespace zs::ui {

// ZooScope's SVG icons (resources/icons): the app's, and one per kind of znode the servers let a
// client tell apart. Containers and TTL nodes look persistent: servers report them to clients as
// persistent (an ephemeralOwner of 0).
QIcon app_icon();
QIcon znode_icon(ZnodeTreeModel::NodeKind kind, bool sequential);

// Whether `name` ends with a sequential node's 10-digit counter.
bool is_sequential_name(const QString& name);

// The tree as the window shows it: the name filter (a match keeps its ancestors) and the icons.
class TreeViewModel : public QSortFilterProxyModel {
    Q_OBJECT

  public:
    explicit TreeViewModel(QObject* parent = nullptr);

    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
};

} // namespace zs::ui
