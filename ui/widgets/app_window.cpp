#include "widgets/app_window.h"

#include "bridge/credential_store.h"
#include "bridge/zk_session.h"
#include "models/error_text.h"
#include "widgets/connections_dialog.h"
#include "widgets/icons.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QTabWidget>

namespace zs::ui {

namespace {

const QString kGeometryKey = QStringLiteral("window/geometry");
const QString kStateKey = QStringLiteral("window/state");
const QString kTabLayoutKey = QStringLiteral("connection/layout");

// " (suspended: reconnecting)" after a tab's name; nothing while all is well.
QString state_suffix(client::SessionState state) {
    if (state == client::SessionState::connected) {
        return {};
    }
    return QStringLiteral(" (%1)").arg(describe_state(state).toLower());
}

} // namespace

AppWindow::AppWindow(ProfileStore* store, const QString& store_error, QWidget* parent)
    : QMainWindow(parent), store_(store), store_error_(store_error),
      credentials_(new CredentialStore(this)), tabs_(new QTabWidget(this)) {
    setWindowTitle(QStringLiteral("ZooScope"));
    setWindowIcon(app_icon());
    tabs_->setObjectName(QStringLiteral("connections_tabs"));
    tabs_->setTabsClosable(true);
    tabs_->setMovable(true);
    tabs_->setDocumentMode(true);
    setCentralWidget(tabs_);
    connect(tabs_, &QTabWidget::tabCloseRequested, this, &AppWindow::close_tab);
    connect(tabs_, &QTabWidget::currentChanged, this, [this] {
        setWindowTitle(current() ? current()->windowTitle() : QStringLiteral("ZooScope"));
    });

    QMenu* menu = menuBar()->addMenu(tr("&Connection"));
    QAction* connections = menu->addAction(tr("&Connections…"), this, &AppWindow::show_connections);
    connections->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_N));
    QAction* again = menu->addAction(tr("&Reconnect"), this, &AppWindow::reconnect);
    again->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    QAction* close =
        menu->addAction(tr("C&lose tab"), this, [this] { close_tab(tabs_->currentIndex()); });
    close->setShortcut(QKeySequence::Close);
    menu->addSeparator();
    QAction* quit = menu->addAction(tr("&Quit"), qApp, &QApplication::quit);
    quit->setShortcut(QKeySequence::Quit);

    QSettings settings;
    if (!restoreGeometry(settings.value(kGeometryKey).toByteArray())) {
        resize(1200, 850);
    }
    restoreState(settings.value(kStateKey).toByteArray());
}

AppWindow::~AppWindow() {
    // The tabs (and their sessions) go before the credential store their jobs may use.
    while (tabs_->count() > 0) {
        QWidget* tab = tabs_->widget(0);
        tabs_->removeTab(0);
        delete tab;
    }
}

MainWindow* AppWindow::current() const {
    return qobject_cast<MainWindow*>(tabs_->currentWidget());
}

MainWindow* AppWindow::make_tab(const Profile& profile, const QString& password, QString* error) {
    client::ClientOptions options;
    options.connect_string = profile.connect_string.toStdString();
    options.session_timeout = std::chrono::milliseconds(profile.session_timeout_ms);
    options.can_be_read_only = profile.can_be_read_only;
    auto opened = ZkSession::open(std::move(options));
    if (auto* message = std::get_if<QString>(&opened)) {
        *error = *message;
        return nullptr;
    }
    auto session = std::move(std::get<std::unique_ptr<ZkSession>>(opened));
    if (!profile.digest_user.isEmpty()) {
        // Sent before anything else the tab asks; a wrong password ends the session with
        // "authentication failed", shown in the tab's title and status bar.
        session->add_auth("digest",
                          (profile.digest_user + QLatin1Char(':') + password).toStdString(),
                          [](proto::ErrorCode, std::monostate) {});
    }
    auto* tab = new MainWindow(std::move(session));
    tab->setWindowFlags(Qt::Widget); // a page of the tabs, not a window
    tab->restoreState(QSettings().value(kTabLayoutKey).toByteArray());
    if (!profile.name.isEmpty()) {
        tab->setWindowTitle(tr("ZooScope — %1 (%2)").arg(profile.name, profile.connect_string));
    }
    opened_[tab] = Opened{profile, password};
    connect(&tab->session(), &ZkSession::stateChanged, this, [this, tab] { show_tab_state(tab); });
    return tab;
}

QString AppWindow::open_connection(const Profile& profile, const QString& password) {
    QString error;
    MainWindow* tab = make_tab(profile, password, &error);
    if (!tab) {
        return error;
    }
    tabs_->setCurrentIndex(tabs_->addTab(tab, QString()));
    show_tab_state(tab);
    return {};
}

void AppWindow::show_tab_state(MainWindow* tab) {
    const int index = tabs_->indexOf(tab);
    if (index < 0) {
        return;
    }
    const Opened& opened = opened_[tab];
    const QString name =
        opened.profile.name.isEmpty() ? opened.profile.connect_string : opened.profile.name;
    const client::SessionState state = tab->session().state();
    tabs_->setTabText(index, name + state_suffix(state));
    tabs_->setTabToolTip(index, tab->state_text());
}

void AppWindow::reconnect() {
    MainWindow* old = current();
    if (!old) {
        return;
    }
    const Opened opened = opened_[old];
    QString error;
    MainWindow* fresh = make_tab(opened.profile, opened.password, &error);
    if (!fresh) {
        QMessageBox::warning(this, tr("Reconnect"), error);
        return;
    }
    const int index = tabs_->indexOf(old);
    remember_layout(old);
    tabs_->insertTab(index, fresh, QString());
    tabs_->setCurrentIndex(index);
    close_tab(index + 1);
    show_tab_state(fresh);
}

void AppWindow::close_tab(int index) {
    auto* tab = qobject_cast<MainWindow*>(tabs_->widget(index));
    if (!tab) {
        return;
    }
    remember_layout(tab);
    tabs_->removeTab(index);
    opened_.erase(tab);
    delete tab; // closes its session now, so its ephemeral nodes go at once
}

void AppWindow::remember_layout(MainWindow* tab) const {
    QSettings().setValue(kTabLayoutKey, tab->saveState());
}

void AppWindow::show_connections() {
    if (!store_) {
        QMessageBox::warning(this, tr("Connections"),
                             tr("The saved connections are unavailable: %1").arg(store_error_));
        return;
    }
    auto* dialog = findChild<ConnectionsDialog*>();
    if (!dialog) {
        dialog = new ConnectionsDialog(*store_, *credentials_, this);
        connect(dialog, &ConnectionsDialog::connectRequested, this,
                [this, dialog](const Profile& profile, const QString& password) {
                    if (QString error = open_connection(profile, password); !error.isEmpty()) {
                        QMessageBox::warning(dialog, tr("Connect"), error);
                        return;
                    }
                    dialog->hide();
                });
    }
    dialog->show();
    dialog->raise();
}

void AppWindow::closeEvent(QCloseEvent* event) {
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    if (MainWindow* tab = current()) {
        remember_layout(tab);
    }
    QMainWindow::closeEvent(event);
}

} // namespace zs::ui
