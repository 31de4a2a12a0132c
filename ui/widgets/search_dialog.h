#pragma once

#include "bridge/zk_session.h"
#include "models/subtree_search.h"

#include <QDialog>
#include <mutex>
#include <vector>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTimer;
class QTreeWidget;

namespace zs::ui {

class BackgroundJob;

// Searches a subtree for a text in node paths and data, as a background job: matches appear as
// they are found, the count of nodes searched goes up, and Stop stops it. Choosing a match
// (double-click or Enter) asks the window to show that node.
class SearchDialog : public QDialog {
    Q_OBJECT

  public:
    // At most this many matches are listed; the search stops there.
    static constexpr int kMaxMatches = 10000;

    SearchDialog(ZkSession& session, const QString& root, QWidget* parent = nullptr);
    ~SearchDialog() override;

    void set_root(const QString& root);
    void start();
    void stop();
    bool running() const { return job_ != nullptr; }
    QTreeWidget* results() const { return results_; }

  signals:
    void chosen(const QString& path);
    // A search ended (finished, stopped or failed); the summary is on screen.
    void searchFinished();

  private:
    void take_matches();
    void show_status(quint64 searched);

    ZkSession& session_;
    QLineEdit* root_;
    QLineEdit* text_;
    QCheckBox* in_paths_;
    QCheckBox* in_data_;
    QCheckBox* case_sensitive_;
    QPushButton* search_;
    QLabel* status_;
    QTreeWidget* results_;
    QTimer* poll_;
    BackgroundJob* job_ = nullptr;

    // Filled by the job's thread, drained by poll_ on the GUI thread.
    std::mutex found_mutex_;
    std::vector<SearchMatch> found_;
    quint64 searched_ = 0;
};

} // namespace zs::ui
