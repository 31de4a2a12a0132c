#pragma once

#include "bridge/zk_session.h"

#include <QAbstractItemModel>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace zs::ui {

// The znode tree of one session, loaded as the view asks for it. "/" is the one top-level row.
// A node's children are listed when the view expands it (canFetchMore / fetchMore) and appear in
// batches, sorted by name, so that a node with 100,000 children opens without freezing the
// window; each row's Stat is read when the view first shows the row. A persistent-recursive
// watch on "/" keeps the listed nodes current: nodes created, deleted or changed elsewhere
// appear, go or update without a refresh.
class ZnodeTreeModel : public QAbstractItemModel {
    Q_OBJECT

  public:
    enum Column { name_column, children_column, size_column, column_count };
    enum Role {
        path_role = Qt::UserRole + 1, // QString: the node's full path
        kind_role,                    // NodeKind, once the Stat is known
    };
    enum class NodeKind { unknown, persistent, ephemeral };

    // Rows added to the view per turn of the event loop while a listing is shown.
    static constexpr int kRowsPerBatch = 1000;

    explicit ZnodeTreeModel(ZkSession& session, QObject* parent = nullptr);
    ~ZnodeTreeModel() override;

    QModelIndex index(int row, int column, const QModelIndex& parent = {}) const override;
    QModelIndex parent(const QModelIndex& child) const override;
    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    bool hasChildren(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation,
                        int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex& parent) const override;
    void fetchMore(const QModelIndex& parent) override;

    // The row of `path` if it is loaded, else an invalid index.
    QModelIndex index_of(const std::string& path) const;
    // Whether the children of `index` are fully shown (listed, and every batch inserted).
    bool is_listed(const QModelIndex& index) const;
    // Reads the node's Stat again and, when its children are listed, lists them again and
    // applies the difference: for F5, and for sessions whose watch the server refused.
    void refresh(const QModelIndex& index);

  signals:
    // Every child of `parent` is now a row.
    void childrenListed(const QModelIndex& parent);
    // A request failed; `message` says which and why, for the status bar.
    void problem(const QString& message);

  private:
    struct Node;

    Node* node_of(const QModelIndex& index) const;
    QModelIndex index_of(Node* node, int column = 0) const;
    int row_of(const Node* node) const;
    std::string path_of(const Node* node) const;
    Node* find(const std::string& path) const;
    void request_stat(Node* node) const;
    void list(Node* node);
    void report_listing_failure(const std::string& path, proto::ErrorCode err);
    void insert_next_batch(Node* node);
    void on_watch_event(const client::WatchEvent& event);
    void add_child(Node* parent, const std::string& name);
    void remove_child(Node* parent, const std::string& name);

    ZkSession& session_;
    std::unique_ptr<Node> root_; // invisible; its one child is "/"
    // Bumped when the model is reset, so that answers to requests sent before are dropped.
    std::shared_ptr<int> generation_;
};

} // namespace zs::ui
