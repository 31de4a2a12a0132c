#pragma once

#include "bridge/zk_session.h"
#include "models/event_log_model.h"

#include <QDockWidget>
#include <vector>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QTableView;
class QToolButton;

namespace zs::ui {

class NotificationFeed;

// A live timeline of the znodes created, deleted and changed under a chosen path: filter by
// path text and kind, the chosen event's data as old -> new line diff, pause (events are held
// and shown on resume), clear, and export as JSON Lines.
class NotificationsDock : public QDockWidget {
    Q_OBJECT

  public:
    explicit NotificationsDock(ZkSession& session, QWidget* parent = nullptr);

    EventLogModel* log() const { return log_; }
    QTableView* view() const { return view_; }
    void set_root(const QString& root);
    void set_paused(bool paused);
    // Writes the whole timeline (not only what the filter shows); false with a message.
    bool export_to(const QString& file, QString* error = nullptr) const;

  private:
    void on_arrived(const LoggedEvent& event);
    void show_selected();
    void update_count();
    void choose_export_file();

    NotificationFeed* feed_;
    EventLogModel* log_;
    EventFilter* filter_;
    std::vector<LoggedEvent> held_;
    bool paused_ = false;

    QLineEdit* root_;
    QLineEdit* text_;
    QComboBox* kind_;
    QToolButton* pause_;
    QTableView* view_;
    QPlainTextEdit* diff_;
    QLabel* count_;
};

} // namespace zs::ui
