#pragma once

#include "bridge/zk_session.h"

#include <QMessageBox>
#include <QObject>
#include <QPointer>

class QWidget;

namespace zs::ui {

// Deleting a znode as the user expects: the number of nodes below it counted first and shown in
// the confirmation; a leaf removed at once, a subtree by a background job with progress and
// cancel (engine/transfer's remove_tree). Ends with finished(message, ok) for the status bar.
class DeleteFlow : public QObject {
    Q_OBJECT

  public:
    DeleteFlow(ZkSession& session, QWidget* window, const QString& path);
    ~DeleteFlow() override;

    void start();
    // The confirmation, while it is shown.
    QMessageBox* confirmation() const { return confirmation_; }

  signals:
    void finished(const QString& message, bool ok);

  private:
    void confirm(int32_t descendants);
    void remove_leaf();
    void remove_subtree();
    void finish(const QString& message, bool ok);

    ZkSession& session_;
    QWidget* window_;
    QString path_;
    QPointer<QMessageBox> confirmation_;
};

} // namespace zs::ui
