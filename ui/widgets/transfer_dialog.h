#pragma once

#include "bridge/zk_session.h"

#include <QDialog>

class QCheckBox;
class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace zs::ui {

// Export of a subtree to a file (JSON Lines) or a directory tree, and import of either back under
// a chosen path, through engine/transfer as a background job with progress and cancel. An import
// file is read and checked whole before anything is written: a bad file changes nothing.
class TransferDialog : public QDialog {
    Q_OBJECT

  public:
    enum class Direction { export_tree, import_tree };

    TransferDialog(ZkSession& session, Direction direction, const QString& znode,
                   QWidget* parent = nullptr);

    // Starts the transfer with the dialog's fields (what the OK button does).
    void run();

  signals:
    // The transfer ended; `message` says what was done or why not.
    void finished(const QString& message, bool ok);

  private:
    void browse();
    void show_error(const QString& text);

    ZkSession& session_;
    Direction direction_;
    QLineEdit* znode_;
    QLineEdit* file_;
    QComboBox* format_;
    QCheckBox* ephemerals_;
    QComboBox* conflict_;
    QLabel* error_;
    QDialogButtonBox* buttons_;
};

} // namespace zs::ui
