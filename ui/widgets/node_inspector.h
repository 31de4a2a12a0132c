#pragma once

#include "bridge/zk_session.h"

#include <QWidget>

class QLabel;
class QPlainTextEdit;
class QTableWidget;

namespace zs::ui {

// One znode's Stat (readable times, hex zxids) and data, read when the node is chosen. An
// answer for a node the user has left since is dropped.
class NodeInspector : public QWidget {
    Q_OBJECT

  public:
    explicit NodeInspector(ZkSession& session, QWidget* parent = nullptr);

    // Reads `path` and shows it; an empty path clears the view.
    void show_node(const QString& path);
    QString path() const { return path_; }

  signals:
    // The node's Stat and data are on screen (for tests and the status bar).
    void shown(const QString& path);

  private:
    void show_result(proto::ErrorCode err, const client::DataResult& result);

    ZkSession& session_;
    QString path_;
    QLabel* title_;
    QTableWidget* stat_;
    QPlainTextEdit* data_;
};

} // namespace zs::ui
