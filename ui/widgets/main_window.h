#pragma once

#include "bridge/zk_session.h"

#include <QMainWindow>

class QLabel;
class QTreeView;

namespace zs::ui {

class NodeInspector;
class ZnodeTreeModel;

// The window of one connection: the znode tree on the left, the chosen node's Stat and data on
// the right, the session's state always in the status bar.
class MainWindow : public QMainWindow {
    Q_OBJECT

  public:
    explicit MainWindow(std::unique_ptr<ZkSession> session, QWidget* parent = nullptr);
    ~MainWindow() override;

    QTreeView* tree() const { return tree_; }
    ZnodeTreeModel* model() const { return model_; }
    NodeInspector* inspector() const { return inspector_; }
    QString state_text() const;

  private:
    void show_state(client::SessionState state);

    std::unique_ptr<ZkSession> session_;
    ZnodeTreeModel* model_;
    QTreeView* tree_;
    NodeInspector* inspector_;
    QLabel* state_;
};

} // namespace zs::ui
