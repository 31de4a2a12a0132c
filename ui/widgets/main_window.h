#pragma once

#include "bridge/zk_session.h"

#include <QMainWindow>

class QLabel;
class QTreeView;

namespace zs::ui {

class NodeInspector;
class NotificationsDock;
class ZnodeTreeModel;

// The window of one connection: the znode tree on the left, the chosen node's Stat and data on
// the right, the notifications dock below, the session's state always in the status bar. Nodes
// are created, saved, renamed, copied, moved and deleted from the menus, the tree's context menu
// and the shortcuts (Ins new node, F2 rename, Del delete, Ctrl+S save, Ctrl+Shift+C copy path).
class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(std::unique_ptr<ZkSession> session, QWidget* parent = nullptr);
    ~MainWindow() override;

    QTreeView* tree() const { return tree_; }
    ZnodeTreeModel* model() const { return model_; }
    NodeInspector* inspector() const { return inspector_; }
    NotificationsDock* notifications() const { return notifications_; }
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
    // Lists the parents of `path` as needed and chooses it once its row exists.
    void reveal(const QString& path);

  private:
    void show_state(client::SessionState state);
    void show_message(const QString& message);
    void build_menus();
    void reveal_pending();
    void start_copy_move(int kind);

    std::unique_ptr<ZkSession> session_;
    ZnodeTreeModel* model_;
    QTreeView* tree_;
    NodeInspector* inspector_;
    NotificationsDock* notifications_;
    QLabel* state_;
    QString pending_reveal_;
};

} // namespace zs::ui
