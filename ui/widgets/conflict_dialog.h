#pragma once

#include <QDialog>

class QPushButton;

namespace zs::ui {

// Shown when a save meets BadVersion: the node changed on the server since it was read. Mine
// and theirs side by side, the lines that differ below; the user overwrites with theirs' version
// as the new base, takes theirs, or goes back to editing. Finishes with a Choice.
class ConflictDialog : public QDialog {
    Q_OBJECT

  public:
    enum Choice { keep_editing = QDialog::Rejected, overwrite = 2, take_theirs = 3 };

    // `theirs_about` describes the server's version ("version 4, modified ...").
    ConflictDialog(const QString& path, const QString& mine, const QString& theirs,
                   const QString& theirs_about, QWidget* parent = nullptr);

    QPushButton* button(Choice choice) const;

  private:
    QPushButton* overwrite_;
    QPushButton* take_theirs_;
    QPushButton* keep_editing_;
};

} // namespace zs::ui
