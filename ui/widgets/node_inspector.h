#pragma once

#include "bridge/zk_session.h"

#include <QWidget>

class QLabel;
class QTableWidget;

namespace zs::ui {

class AclEditor;
class DataEditor;

// One znode's Stat (readable times, hex zxids), its data in a DataEditor and its ACL in an
// AclEditor (one tab each), read when the node is chosen and read again when it changes on the
// server (unless the user is editing it; then the editor says so). An answer for a node the user
// has left since is dropped.
class NodeInspector : public QWidget {
    Q_OBJECT

  public:
    explicit NodeInspector(ZkSession& session, QWidget* parent = nullptr);

    // Reads `path` and shows it; an empty path clears the view.
    void show_node(const QString& path);
    QString path() const { return path_; }
    DataEditor* editor() const { return editor_; }
    AclEditor* acl_editor() const { return acl_; }

  signals:
    // The node's Stat and data are on screen (for tests and the status bar).
    void shown(const QString& path);

  private:
    void read();
    void show_result(proto::ErrorCode err, const client::DataResult& result);
    void show_stat(const proto::Stat& stat);
    void on_event(const client::WatchEvent& event);

    ZkSession& session_;
    QString path_;
    QLabel* title_;
    QTableWidget* stat_;
    DataEditor* editor_;
    AclEditor* acl_;
};

} // namespace zs::ui
