// Saved connections and tabs against a real server (zoonode and Apache ZooKeeper 3.8),
// offscreen: the profile database (validation, persistence, a newer or foreign file refused),
// connecting through the connections dialog, digest credentials, the keychain or its fallback,
// reconnecting and closing a tab.
#include "client_harness.h"
#include "bridge/zk_session.h"
#include "models/profile_store.h"
#include "server_process.h"
#include "widgets/app_window.h"
#include "widgets/connections_dialog.h"
#include "widgets/main_window.h"
#include "widgets/notifications_dock.h"

#include <QApplication>
#include <QCheckBox>
#include <QCryptographicHash>
#include <QLineEdit>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTemporaryDir>

using namespace zs::testing;
using zs::ui::AppWindow;
using zs::ui::Profile;
using zs::ui::ProfileStore;

class TestConnections : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void storeKeepsProfiles();
    void storeRefusesForeignFiles();
    void connectsFromTheDialog();
    void digestCredentials();
    void passwordGoesToTheKeychainOrIsAsked();
    void reconnectsAndCloses();
    void remembersTheWindowLayout();

  private:
    Profile profile(const QString& name) const;
    // The tab's session reads `path`: its error code.
    static ErrorCode read_in_tab(zs::ui::MainWindow* tab, const std::string& path);

    std::unique_ptr<ServerProcess> server_;
    QTemporaryDir dir_;
};

void TestConnections::initTestCase() {
    QStandardPaths::setTestModeEnabled(true); // QSettings and data in a test location
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    QVERIFY(server_->start());
    Loop loop;
    ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    auto client = open_client(loop, options);
    QVERIFY(client);
    Sync zk(*client);
    const std::string hash =
        QCryptographicHash::hash("bob:secret", QCryptographicHash::Sha1).toBase64().toStdString();
    zs::client::CreateOptions bob_only;
    bob_only.acl = {zs::proto::Acl{zs::proto::perm::all, zs::proto::Id{"digest", "bob:" + hash}}};
    QCOMPARE(std::get<0>(zk.create("/bobs", "for bob", bob_only)), ErrorCode::ok);
    QCOMPARE(zk.close(), ErrorCode::ok);
}

Profile TestConnections::profile(const QString& name) const {
    Profile p;
    p.name = name;
    p.connect_string = server_->connect_string();
    p.session_timeout_ms = 10000;
    return p;
}

ErrorCode TestConnections::read_in_tab(zs::ui::MainWindow* tab, const std::string& path) {
    std::optional<ErrorCode> result;
    tab->session().get_data(path, [&](ErrorCode err, zs::client::DataResult) { result = err; });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 10000)) {
        return kHung;
    }
    return *result;
}

void TestConnections::storeKeepsProfiles() {
    const QString file = dir_.filePath(QStringLiteral("keeps.sqlite"));
    {
        ProfileStore store;
        QCOMPARE(store.open(file), QString());
        Profile prod = profile(QStringLiteral("prod"));
        prod.connect_string = QStringLiteral("zk1:2181,zk2:2181,[::1]:2182/app");
        prod.digest_user = QStringLiteral("bob");
        prod.can_be_read_only = true;
        QCOMPARE(store.save(prod), QString());
        QVERIFY(prod.id > 0);
        Profile dev = profile(QStringLiteral("Dev"));
        QCOMPARE(store.save(dev), QString());
        Profile twin = profile(QStringLiteral("prod"));
        QVERIFY(store.save(twin).contains(QStringLiteral("exists already")));
        Profile bad = profile(QStringLiteral("bad"));
        bad.connect_string = QStringLiteral("host:notaport");
        QVERIFY(store.save(bad).startsWith(QStringLiteral("Connect string")));
        dev.session_timeout_ms = 5000;
        QCOMPARE(store.save(dev), QString()); // an update
        QCOMPARE(store.list().size(), size_t(2));
    }
    ProfileStore again;
    QCOMPARE(again.open(file), QString());
    const auto profiles = again.list();
    QCOMPARE(profiles.size(), size_t(2));
    QCOMPARE(profiles[0].name, QStringLiteral("Dev")); // by name, case-insensitively
    QCOMPARE(profiles[0].session_timeout_ms, 5000);
    const auto prod = again.find(QStringLiteral("prod"));
    QVERIFY(prod);
    QCOMPARE(prod->connect_string, QStringLiteral("zk1:2181,zk2:2181,[::1]:2182/app"));
    QCOMPARE(prod->digest_user, QStringLiteral("bob"));
    QVERIFY(prod->can_be_read_only);
    QCOMPARE(again.remove(prod->id), QString());
    QCOMPARE(again.list().size(), size_t(1));
}

void TestConnections::storeRefusesForeignFiles() {
    const QString text = dir_.filePath(QStringLiteral("notes.txt"));
    QFile notes(text);
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("these are not profiles, just text long enough to fill a header\n");
    notes.close();
    ProfileStore foreign;
    QVERIFY(!foreign.open(text).isEmpty());

    const QString newer = dir_.filePath(QStringLiteral("newer.sqlite"));
    {
        auto db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("newer"));
        db.setDatabaseName(newer);
        QVERIFY(db.open());
        QVERIFY(QSqlQuery(db).exec(QStringLiteral("PRAGMA user_version = 99")));
        db.close();
    }
    QSqlDatabase::removeDatabase(QStringLiteral("newer"));
    ProfileStore future;
    const QString refused = future.open(newer);
    QVERIFY2(refused.contains(QStringLiteral("newer ZooScope")), qPrintable(refused));
}

void TestConnections::connectsFromTheDialog() {
    ProfileStore store;
    QCOMPARE(store.open(dir_.filePath(QStringLiteral("dialog.sqlite"))), QString());
    AppWindow window(&store, {});
    window.show();
    window.show_connections();
    auto* dialog = window.findChild<zs::ui::ConnectionsDialog*>();
    QVERIFY(dialog && dialog->isVisible());
    dialog->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("test server"));
    dialog->findChild<QLineEdit*>(QStringLiteral("connect_string"))
        ->setText(server_->connect_string());
    QSignalSpy saved(dialog, &zs::ui::ConnectionsDialog::saved);
    dialog->save();
    QTRY_COMPARE(saved.size(), 1);
    QVERIFY(store.find(QStringLiteral("test server")));

    dialog->connect_chosen();
    QCOMPARE(window.tabs()->count(), 1);
    QVERIFY(!dialog->isVisible());
    QTRY_COMPARE(window.tabs()->tabText(0), QStringLiteral("test server"));
    // The status bar hears the state from the session's signal, a moment after the tab title.
    QTRY_VERIFY(window.current()->state_text().endsWith(QStringLiteral("Connected")));

    // A connect string the client refuses is said in the dialog; no tab opens.
    window.show_connections();
    dialog->findChild<QLineEdit*>(QStringLiteral("connect_string"))
        ->setText(QStringLiteral("a:b:c"));
    dialog->connect_chosen();
    QVERIFY(dialog->status().startsWith(QStringLiteral("Connect string")));
    QCOMPARE(window.tabs()->count(), 1);
}

void TestConnections::digestCredentials() {
    AppWindow window(nullptr, QStringLiteral("no store in this test"));
    Profile bob = profile(QStringLiteral("bob"));
    bob.digest_user = QStringLiteral("bob");
    QCOMPARE(window.open_connection(bob, QStringLiteral("secret")), QString());
    Profile mallory = profile(QStringLiteral("mallory"));
    mallory.digest_user = QStringLiteral("bob");
    QCOMPARE(window.open_connection(mallory, QStringLiteral("guess")), QString());
    QCOMPARE(window.open_connection(profile(QStringLiteral("anonymous")), {}), QString());
    auto tab = [&](int i) { return qobject_cast<zs::ui::MainWindow*>(window.tabs()->widget(i)); };
    QCOMPARE(read_in_tab(tab(0), "/bobs"), ErrorCode::ok);
    QCOMPARE(read_in_tab(tab(1), "/bobs"), ErrorCode::no_auth);
    QCOMPARE(read_in_tab(tab(2), "/bobs"), ErrorCode::no_auth);
}

void TestConnections::passwordGoesToTheKeychainOrIsAsked() {
    ProfileStore store;
    QCOMPARE(store.open(dir_.filePath(QStringLiteral("keychain.sqlite"))), QString());
    AppWindow window(&store, {});
    window.show_connections();
    auto* dialog = window.findChild<zs::ui::ConnectionsDialog*>();
    dialog->findChild<QLineEdit*>(QStringLiteral("name"))->setText(QStringLiteral("with bob"));
    dialog->findChild<QLineEdit*>(QStringLiteral("connect_string"))
        ->setText(server_->connect_string());
    dialog->findChild<QLineEdit*>(QStringLiteral("user"))->setText(QStringLiteral("bob"));
    dialog->findChild<QLineEdit*>(QStringLiteral("password"))->setText(QStringLiteral("secret"));
    QSignalSpy saved(dialog, &zs::ui::ConnectionsDialog::saved);
    dialog->save();
    QVERIFY(saved.wait(30000));
    const bool kept = dialog->status().contains(QStringLiteral("is in the system keychain"));
    QVERIFY2(kept || dialog->status().contains(QStringLiteral("asked for at each connection")),
             qPrintable(dialog->status()));
    qInfo("keychain: %s", qPrintable(dialog->status()));

    // Connecting without typing: the keychain's password, or a request to type it.
    dialog->choose(QStringLiteral("with bob"));
    QVERIFY(dialog->findChild<QLineEdit*>(QStringLiteral("password"))->text().isEmpty());
    dialog->connect_chosen();
    if (kept) {
        QTRY_COMPARE(window.tabs()->count(), 1);
        QCOMPARE(read_in_tab(window.current(), "/bobs"), ErrorCode::ok);
    } else {
        QTRY_VERIFY2(dialog->status().startsWith(QStringLiteral("Type bob's password")),
                     qPrintable(dialog->status()));
        QCOMPARE(window.tabs()->count(), 0);
    }
}

void TestConnections::reconnectsAndCloses() {
    AppWindow window(nullptr, {});
    QCOMPARE(window.open_connection(profile(QStringLiteral("one")), {}), QString());
    QTRY_COMPARE(window.current()->session().state(), zs::client::SessionState::connected);
    const auto* first = window.current();
    window.reconnect();
    QCOMPARE(window.tabs()->count(), 1);
    QVERIFY(window.current() != first);
    QTRY_COMPARE(window.current()->session().state(), zs::client::SessionState::connected);
    QCOMPARE(window.tabs()->tabText(0), QStringLiteral("one"));
    window.close_tab(0);
    QCOMPARE(window.tabs()->count(), 0);
}

void TestConnections::remembersTheWindowLayout() {
    {
        AppWindow window(nullptr, {});
        QCOMPARE(window.open_connection(profile(QStringLiteral("layout")), {}), QString());
        window.show();
        window.resize(900, 640);
        window.current()->notifications()->hide(); // the user closed a dock
        window.close();
    }
    AppWindow again(nullptr, {});
    QCOMPARE(again.open_connection(profile(QStringLiteral("layout")), {}), QString());
    again.show();
    QCOMPARE(again.size(), QSize(900, 640));
    QVERIFY(!again.current()->notifications()->isVisible());
    again.current()->notifications()->show();
    again.close();
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // widget tests need no display
    }
    QApplication app(argc, argv);
    TestConnections test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_connections.moc"
