#include "models/znode_tree_model.h"

#include <QTimer>
#include <algorithm>

namespace zs::ui {

struct ZnodeTreeModel::Node {
    enum class Listing { not_listed, listing, inserting, listed };

    std::string name;
    Node* parent = nullptr;
    std::vector<std::unique_ptr<Node>> children; // sorted by name: rows are found by bisection
    std::vector<std::string> pending;            // listed, sorted, not yet rows
    std::optional<proto::Stat> stat;
    Listing listing = Listing::not_listed;
    bool stat_requested = false;

    auto child_position(const std::string& child) {
        return std::lower_bound(
            children.begin(), children.end(), child,
            [](const auto& node, const std::string& key) { return node->name < key; });
    }
};

namespace {

std::string parent_path(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == 0 ? "/" : path.substr(0, slash);
}

std::string last_segment(const std::string& path) {
    return path.substr(path.rfind('/') + 1);
}

} // namespace

ZnodeTreeModel::ZnodeTreeModel(ZkSession& session, QObject* parent)
    : QAbstractItemModel(parent), session_(session), root_(std::make_unique<Node>()),
      generation_(std::make_shared<int>(0)) {
    auto top = std::make_unique<Node>();
    top->name = "/";
    top->parent = root_.get();
    root_->children.push_back(std::move(top));
    root_->listing = Node::Listing::listed;
    std::weak_ptr<int> alive = generation_;
    session_.watch_subtree(
        "/",
        [this, alive](const client::WatchEvent& event) {
            if (!alive.expired()) {
                on_watch_event(event);
            }
        },
        [this, alive](proto::ErrorCode err, std::monostate) {
            if (!alive.expired() && err != proto::ErrorCode::ok) {
                emit problem(tr("Live updates are off: the server refused a watch on / (%1)")
                                 .arg(QString::fromUtf8(proto::error_name(err))));
            }
        });
}

ZnodeTreeModel::~ZnodeTreeModel() = default;

ZnodeTreeModel::Node* ZnodeTreeModel::node_of(const QModelIndex& index) const {
    return index.isValid() ? static_cast<Node*>(index.internalPointer()) : root_.get();
}

int ZnodeTreeModel::row_of(const Node* node) const {
    auto& siblings = node->parent->children;
    const auto it = node->parent->child_position(node->name);
    return int(it - siblings.begin());
}

QModelIndex ZnodeTreeModel::index_of(Node* node, int column) const {
    if (node == root_.get()) {
        return {};
    }
    return createIndex(row_of(node), column, node);
}

std::string ZnodeTreeModel::path_of(const Node* node) const {
    if (node->parent == root_.get()) {
        return "/";
    }
    const std::string parent = path_of(node->parent);
    return (parent == "/" ? "" : parent) + "/" + node->name;
}

ZnodeTreeModel::Node* ZnodeTreeModel::find(const std::string& path) const {
    Node* node = root_->children.front().get();
    size_t begin = 1;
    while (begin < path.size()) {
        const size_t end = std::min(path.find('/', begin), path.size());
        const std::string name = path.substr(begin, end - begin);
        const auto it = node->child_position(name);
        if (it == node->children.end() || (*it)->name != name) {
            return nullptr;
        }
        node = it->get();
        begin = end + 1;
    }
    return node;
}

QModelIndex ZnodeTreeModel::index_of(const std::string& path) const {
    Node* node = find(path);
    return node ? index_of(node) : QModelIndex();
}

bool ZnodeTreeModel::is_listed(const QModelIndex& index) const {
    return node_of(index)->listing == Node::Listing::listed;
}

QModelIndex ZnodeTreeModel::index(int row, int column, const QModelIndex& parent) const {
    Node* node = node_of(parent);
    if (row < 0 || column < 0 || column >= column_count || size_t(row) >= node->children.size()) {
        return {};
    }
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex ZnodeTreeModel::parent(const QModelIndex& child) const {
    if (!child.isValid()) {
        return {};
    }
    return index_of(node_of(child)->parent);
}

int ZnodeTreeModel::rowCount(const QModelIndex& parent) const {
    if (parent.column() > 0) {
        return 0;
    }
    return int(node_of(parent)->children.size());
}

int ZnodeTreeModel::columnCount(const QModelIndex&) const {
    return column_count;
}

bool ZnodeTreeModel::hasChildren(const QModelIndex& parent) const {
    if (parent.column() > 0) {
        return false;
    }
    const Node* node = node_of(parent);
    if (!node->children.empty() || !node->pending.empty()) {
        return true;
    }
    if (node->listing == Node::Listing::listed) {
        return false;
    }
    // Not listed yet: the Stat says whether there is anything to list (unknown: maybe).
    return !node->stat || node->stat->num_children > 0;
}

bool ZnodeTreeModel::canFetchMore(const QModelIndex& parent) const {
    const Node* node = node_of(parent);
    return parent.column() <= 0 && node->listing == Node::Listing::not_listed &&
           (!node->stat || node->stat->num_children > 0);
}

void ZnodeTreeModel::fetchMore(const QModelIndex& parent) {
    if (canFetchMore(parent)) {
        list(node_of(parent));
    }
}

QVariant ZnodeTreeModel::data(const QModelIndex& index, int role) const {
    if (!index.isValid()) {
        return {};
    }
    Node* node = node_of(index);
    if (role == path_role) {
        return QString::fromStdString(path_of(node));
    }
    if (!node->stat) {
        request_stat(node);
    }
    if (role == kind_role) {
        if (!node->stat) {
            return QVariant::fromValue(int(NodeKind::unknown));
        }
        return QVariant::fromValue(
            int(node->stat->ephemeral_owner != 0 ? NodeKind::ephemeral : NodeKind::persistent));
    }
    if (role != Qt::DisplayRole) {
        return {};
    }
    switch (index.column()) {
    case name_column:
        return QString::fromStdString(node->name);
    case children_column:
        return node->stat ? QVariant(node->stat->num_children) : QVariant();
    case size_column:
        return node->stat ? QVariant(node->stat->data_length) : QVariant();
    default:
        return {};
    }
}

QVariant ZnodeTreeModel::headerData(int section, Qt::Orientation orientation, int role) const {
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole) {
        return {};
    }
    switch (section) {
    case name_column:
        return tr("Name");
    case children_column:
        return tr("Children");
    case size_column:
        return tr("Data bytes");
    default:
        return {};
    }
}

void ZnodeTreeModel::request_stat(Node* node) const {
    if (node->stat_requested) {
        return;
    }
    node->stat_requested = true;
    auto* self = const_cast<ZnodeTreeModel*>(this); // a lazy read: the model's rows do not change
    std::weak_ptr<int> alive = generation_;
    const std::string path = path_of(node);
    session_.exists(path, [self, alive, path](proto::ErrorCode err, proto::Stat stat) {
        if (alive.expired()) {
            return;
        }
        Node* target = self->find(path);
        if (target == nullptr) {
            return;
        }
        if (err != proto::ErrorCode::ok) {
            target->stat_requested = false; // asked again when next shown
            return;
        }
        target->stat = stat;
        const int row = self->row_of(target);
        const QModelIndex parent = self->index_of(target->parent);
        emit self->dataChanged(self->index(row, 0, parent),
                               self->index(row, column_count - 1, parent));
    });
}

void ZnodeTreeModel::list(Node* node) {
    node->listing = Node::Listing::listing;
    std::weak_ptr<int> alive = generation_;
    const std::string path = path_of(node);
    session_.get_children(path,
                          [this, alive, path](proto::ErrorCode err, client::ChildrenResult result) {
                              if (alive.expired()) {
                                  return;
                              }
                              Node* target = find(path);
                              if (target == nullptr) {
                                  return;
                              }
                              if (err != proto::ErrorCode::ok) {
                                  target->listing = Node::Listing::not_listed;
                                  report_listing_failure(path, err);
                                  return;
                              }
                              target->stat = result.stat;
                              target->pending = std::move(result.children);
                              target->listing = Node::Listing::inserting;
                              insert_next_batch(target);
                          });
}

void ZnodeTreeModel::report_listing_failure(const std::string& path, proto::ErrorCode err) {
    emit problem(tr("Cannot list %1: %2")
                     .arg(QString::fromStdString(path), QString::fromUtf8(proto::error_name(err))));
}

void ZnodeTreeModel::refresh(const QModelIndex& index) {
    Node* node = node_of(index);
    if (node == root_.get()) {
        return;
    }
    node->stat_requested = false;
    request_stat(node);
    if (node->listing != Node::Listing::listed) {
        return;
    }
    std::weak_ptr<int> alive = generation_;
    const std::string path = path_of(node);
    session_.get_children(path, [this, alive, path](proto::ErrorCode err,
                                                    client::ChildrenResult result) {
        if (alive.expired()) {
            return;
        }
        Node* target = find(path);
        if (target == nullptr || target->listing != Node::Listing::listed) {
            return;
        }
        if (err != proto::ErrorCode::ok) {
            report_listing_failure(path, err);
            return;
        }
        std::vector<std::string> gone;
        for (const auto& child : target->children) {
            if (!std::binary_search(result.children.begin(), result.children.end(), child->name)) {
                gone.push_back(child->name);
            }
        }
        for (const std::string& name : gone) {
            remove_child(target, name);
        }
        for (const std::string& name : result.children) {
            add_child(target, name); // a name already shown stays as it is
        }
    });
}

void ZnodeTreeModel::insert_next_batch(Node* node) {
    const size_t count = std::min(node->pending.size(), size_t(kRowsPerBatch));
    if (count > 0) {
        const int first = int(node->children.size());
        beginInsertRows(index_of(node), first, first + int(count) - 1);
        for (size_t i = 0; i < count; ++i) {
            auto child = std::make_unique<Node>();
            child->name = std::move(node->pending[i]);
            child->parent = node;
            node->children.push_back(std::move(child));
        }
        node->pending.erase(node->pending.begin(), node->pending.begin() + ptrdiff_t(count));
        endInsertRows();
    }
    if (!node->pending.empty()) {
        std::weak_ptr<int> alive = generation_;
        const std::string path = path_of(node);
        QTimer::singleShot(0, this, [this, alive, path] {
            if (Node* target = alive.expired() ? nullptr : find(path)) {
                insert_next_batch(target);
            }
        });
        return;
    }
    node->listing = Node::Listing::listed;
    const QModelIndex index = index_of(node);
    emit dataChanged(index, index_of(node, column_count - 1));
    emit childrenListed(index);
}

void ZnodeTreeModel::on_watch_event(const client::WatchEvent& event) {
    if (event.path.empty() || event.path.front() != '/') {
        return;
    }
    if (event.type == proto::EventType::node_data_changed) {
        if (Node* node = find(event.path)) {
            node->stat_requested = false;
            request_stat(node);
        }
        return;
    }
    if (event.path == "/") {
        return;
    }
    Node* parent = find(parent_path(event.path));
    if (parent == nullptr) {
        return;
    }
    // A listing on its way was answered after this event: it already holds the change.
    if (parent->listing == Node::Listing::listing) {
        return;
    }
    if (event.type == proto::EventType::node_created) {
        add_child(parent, last_segment(event.path));
    } else if (event.type == proto::EventType::node_deleted) {
        remove_child(parent, last_segment(event.path));
    } else {
        return;
    }
    parent->stat_requested = false;
    request_stat(parent);
}

void ZnodeTreeModel::add_child(Node* parent, const std::string& name) {
    if (parent->listing == Node::Listing::not_listed) {
        // Listed when expanded. Until the refreshed Stat comes, one child is known: enough for
        // canFetchMore and the view's expand arrow.
        if (parent->stat && parent->stat->num_children == 0) {
            parent->stat->num_children = 1;
            const QModelIndex index = index_of(parent);
            emit dataChanged(index, index.siblingAtColumn(column_count - 1));
        }
        return;
    }
    // Rows so far run up to the last inserted name; later names wait among the pending ones.
    if (!parent->pending.empty() &&
        (parent->children.empty() || name > parent->children.back()->name)) {
        const auto it = std::lower_bound(parent->pending.begin(), parent->pending.end(), name);
        if (it == parent->pending.end() || *it != name) {
            parent->pending.insert(it, name);
        }
        return;
    }
    const auto it = parent->child_position(name);
    if (it != parent->children.end() && (*it)->name == name) {
        return;
    }
    const int row = int(it - parent->children.begin());
    beginInsertRows(index_of(parent), row, row);
    auto child = std::make_unique<Node>();
    child->name = name;
    child->parent = parent;
    parent->children.insert(parent->children.begin() + row, std::move(child));
    endInsertRows();
}

void ZnodeTreeModel::remove_child(Node* parent, const std::string& name) {
    const auto pending = std::lower_bound(parent->pending.begin(), parent->pending.end(), name);
    if (pending != parent->pending.end() && *pending == name) {
        parent->pending.erase(pending);
        return;
    }
    const auto it = parent->child_position(name);
    if (it == parent->children.end() || (*it)->name != name) {
        return;
    }
    const int row = int(it - parent->children.begin());
    beginRemoveRows(index_of(parent), row, row);
    parent->children.erase(parent->children.begin() + row);
    endRemoveRows();
}

} // namespace zs::ui
