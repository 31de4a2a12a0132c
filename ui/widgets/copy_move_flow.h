#pragma once

#include "bridge/zk_session.h"

#include <QInputDialog>
#include <QObject>
#include <QPointer>

namespace zs::ui {

// Copying, moving and renaming a subtree: the destination asked for, then the work done by a
// background job with progress and cancel (engine/transfer's copy_tree and move_tree). ZooKeeper
// has no rename: a move copies the subtree with its data and ACLs, then deletes the original,
// and is refused when the subtree holds ephemeral nodes. Ends with finished(message, ok,
// destination) for the status bar and the tree.
class CopyMoveFlow : public QObject {
    Q_OBJECT

  public:
    enum class Kind { copy, move, rename };

    CopyMoveFlow(ZkSession& session, QWidget* window, const QString& path, Kind kind);
    ~CopyMoveFlow() override;

    void start();
    // The question for the destination, while it is shown.
    QInputDialog* prompt() const { return prompt_; }

  signals:
    void finished(const QString& message, bool ok, const QString& destination);

  private:
    void run(const QString& destination);
    void finish(const QString& message, bool ok, const QString& destination = {});

    ZkSession& session_;
    QWidget* window_;
    QString path_;
    Kind kind_;
    QPointer<QInputDialog> prompt_;
};

} // namespace zs::ui
