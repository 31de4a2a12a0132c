#pragma once

#include "bridge/zk_session.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;

namespace zs::ui {

// Creates a znode in any of ZooKeeper's modes: persistent, ephemeral (it lives as long as this
// session), sequential (the server appends a counter), container (removed by the server once its
// last child goes), and persistent with a TTL (removed when unchanged and childless that long).
// The dialog stays open with the server's reason when the create fails.
class CreateNodeDialog : public QDialog {
    Q_OBJECT

  public:
    CreateNodeDialog(ZkSession& session, const QString& parent_path, QWidget* parent = nullptr);

  signals:
    // The node exists; `path` is the one the server made (with its sequence number).
    void created(const QString& path);

  private:
    void update_fields();
    void create();
    void show_error(const QString& text);

    ZkSession& session_;
    QLineEdit* parent_;
    QLineEdit* name_;
    QComboBox* mode_;
    QLineEdit* ttl_;
    QPlainTextEdit* data_;
    QLabel* about_mode_;
    QLabel* error_;
    QDialogButtonBox* buttons_;
};

} // namespace zs::ui
