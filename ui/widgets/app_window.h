#pragma once

#include "models/profile_store.h"

#include <QMainWindow>
#include <map>

class QTabWidget;

namespace zs::ui {

class CredentialStore;
class MainWindow;

// ZooScope's window: one tab per open connection (a MainWindow each), the Connection menu (the
// saved connections, reconnect, close), the connection state in every tab's title, and the
// window's size and layout remembered between runs.
class AppWindow : public QMainWindow {
    Q_OBJECT

  public:
    // `store` may be null: the saved connections are then unavailable (why is in `store_error`).
    AppWindow(ProfileStore* store, const QString& store_error, QWidget* parent = nullptr);
    ~AppWindow() override;

    // Opens `profile` in a new tab (its digest user with `password`); a message when the
    // connect string is refused.
    QString open_connection(const Profile& profile, const QString& password);
    // The connection of the current tab opened again, in place: a new session, the same profile.
    void reconnect();
    void close_tab(int index);
    // Shows the saved connections; Connect opens a tab.
    void show_connections();

    QTabWidget* tabs() const { return tabs_; }
    MainWindow* current() const;
    CredentialStore* credentials() const { return credentials_; }

  protected:
    void closeEvent(QCloseEvent* event) override;

  private:
    struct Opened {
        Profile profile;
        QString password; // in memory only, for reconnecting
    };

    MainWindow* make_tab(const Profile& profile, const QString& password, QString* error);
    void show_tab_state(MainWindow* tab);
    void remember_layout(MainWindow* tab) const;

    ProfileStore* store_;
    QString store_error_;
    CredentialStore* credentials_;
    QTabWidget* tabs_;
    std::map<MainWindow*, Opened> opened_;
};

} // namespace zs::ui
