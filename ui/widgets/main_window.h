#pragma once

#include "bridge/zk_session.h"

#include <QMainWindow>

class QLabel;
class QLineEdit;
class QTreeView;

namespace zs::ui {

class NodeInspector;
class NotificationsDock;
class SearchDialog;
class TreeViewModel;
class ServersDock;
class ZnodeTreeModel;

// The window of one connection: the znode tree on the left, the chosen node's Stat and data on
// the right, the notifications and servers docks below, the session's state always in the status
// bar. Nodes
// are created, saved, renamed, copied, moved and deleted from the menus, the tree's context menu
// and the shortcuts (Ins new node, F2 rename, Del delete, Ctrl+S save, F5 refresh, Ctrl+F find,
// Ctrl+Shift+C copy path). The filter above the tree narrows the loaded nodes by name.
class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(std::unique_ptr<ZkSession> session, QWidget* parent = nullptr);
    ~MainWindow() override;

    ZkSession& session() const { return *session_; }
    QTreeView* tree() const { return tree_; }
    ZnodeTreeModel* model() const { return model_; }
    // The tree's row of `path` (through the name filter), invalid when it is not loaded or
    // filtered out.
    QModelIndex view_index(const std::string& path) const;
    NodeInspector* inspector() const { return inspector_; }
    NotificationsDock* notifications() const { return notifications_; }
    ServersDock* servers() const { return servers_; }
    QString state_text() const;
    // The chosen node's path ("/" when none is chosen).
    QString current_path() const;

    // The actions the menus, the context menu and the shortcuts run.
    void new_node();
    void delete_node();
    void copy_node();
    void move_node();
    void rename_node();
    void copy_path();
    void refresh();
    // Opens the subtree search, under the chosen node.
    SearchDialog* find();
    void set_name_filter(const QString& text);
    // Open the export / import dialogs for the chosen node.
    void export_subtree();
    void import_subtree();
    // Lists the parents of `path` as needed and chooses it once its row exists.
    void reveal(const QString& path);

  private:
    void show_state(client::SessionState state);
    void show_message(const QString& message);
    void build_menus();
    void reveal_pending();
    void start_copy_move(int kind);
    void apply_name_filter(const QString& text);

    std::unique_ptr<ZkSession> session_;
    ZnodeTreeModel* model_;
    TreeViewModel* filter_;
    QLineEdit* name_filter_;
    QTreeView* tree_;
    SearchDialog* search_ = nullptr;
    NodeInspector* inspector_;
    NotificationsDock* notifications_;
    ServersDock* servers_;
    QLabel* state_;
    QString pending_reveal_;
};

} // namespace zs::ui
