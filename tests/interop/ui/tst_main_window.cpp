// The desktop app's window against a real server (zoonode and Apache ZooKeeper 3.8), offscreen:
// the tree opens at "/", expanding and choosing a node shows its Stat and data, and the status
// bar tells the session's state.
#include "client_harness.h"
#include "bridge/zk_session.h"
#include "models/stat_rows.h"
#include "models/znode_tree_model.h"
#include "server_process.h"
#include "widgets/icons.h"
#include "widgets/main_window.h"
#include "widgets/node_inspector.h"
#include "widgets/servers_dock.h"
#include "widgets/syntax_highlighter.h"

#include <QApplication>
#include <QPlainTextEdit>
#include <QSignalSpy>
#include <QTableWidget>
#include <QTcpServer>
#include <QTextBlock>
#include <QTextDocument>
#include <QTextLayout>
#include <QTreeView>

using namespace zs::testing;
using zs::ui::MainWindow;
using zs::ui::ZnodeTreeModel;

class TestMainWindow : public QObject {
    Q_OBJECT

  private slots:
    void initTestCase();
    void formatsStatFields();
    void showsTheChosenNode();
    void serversDockShowsEachServer();
    void windowClosesWhileAServerIsAsked();
    void iconsTellNodeKinds();
    void highlightingFollowsThePalette();

  private:
    // A shown window on a session with `connect_string`; null when the string is refused.
    static std::unique_ptr<MainWindow> open_window(const QString& connect_string);

    std::unique_ptr<ServerProcess> server_;
};

std::unique_ptr<MainWindow> TestMainWindow::open_window(const QString& connect_string) {
    zs::client::ClientOptions options;
    options.connect_string = connect_string.toStdString();
    auto opened = zs::ui::ZkSession::open(options);
    if (!std::holds_alternative<std::unique_ptr<zs::ui::ZkSession>>(opened)) {
        return nullptr;
    }
    auto window = std::make_unique<MainWindow>(
        std::move(std::get<std::unique_ptr<zs::ui::ZkSession>>(opened)));
    window->show();
    return window;
}

void TestMainWindow::initTestCase() {
    server_ = std::make_unique<ServerProcess>(server_kind_from_env());
    QVERIFY(server_->start());
    Loop loop;
    States states;
    ClientOptions options;
    options.connect_string = server_->connect_string().toStdString();
    options.on_state = states.listener();
    auto writer = open_client(loop, options);
    QVERIFY(writer);
    QVERIFY(states.wait_for(SessionState::connected));
    Sync zk(*writer);
    QCOMPARE(std::get<0>(zk.create("/app", "")), ErrorCode::ok);
    QCOMPARE(std::get<0>(zk.create("/app/node", "hello")), ErrorCode::ok);
    QCOMPARE(zk.close(), ErrorCode::ok);
}

void TestMainWindow::formatsStatFields() {
    QCOMPARE(zs::ui::format_zxid(0x1000000a3), QStringLiteral("0x1000000a3"));
    QCOMPARE(zs::ui::format_time(0), QStringLiteral("-"));
    QVERIFY(
        zs::ui::format_time(1796031422555)
            .startsWith(
                QDateTime::fromMSecsSinceEpoch(1796031422555).toString("yyyy-MM-dd HH:mm:ss.555")));
    zs::proto::Stat stat;
    stat.czxid = 0x200000001;
    stat.ephemeral_owner = 0x1234;
    stat.data_length = 5;
    const auto rows = zs::ui::stat_rows(stat);
    QCOMPARE(rows.size(), size_t(11));
    QCOMPARE(rows.front(), std::make_pair(QStringLiteral("cZxid"), QStringLiteral("0x200000001")));
    QCOMPARE(rows[8].second, QStringLiteral("0x1234 (session)"));
    QCOMPARE(rows[9], std::make_pair(QStringLiteral("dataLength"), QStringLiteral("5")));
}

void TestMainWindow::showsTheChosenNode() {
    const auto opened = open_window(server_->connect_string());
    QVERIFY(opened);
    MainWindow& window = *opened;
    QTRY_VERIFY(window.state_text().endsWith(QStringLiteral("Connected")));
    QVERIFY(window.state_text().startsWith(server_->connect_string()));

    ZnodeTreeModel& model = *window.model();
    QTRY_VERIFY(model.index_of("/app").isValid()); // "/" opens by itself
    window.tree()->expand(window.view_index("/app"));
    QTRY_VERIFY(model.index_of("/app/node").isValid());
    window.tree()->setCurrentIndex(window.view_index("/app/node"));

    auto* data = window.inspector()->findChild<QPlainTextEdit*>(QStringLiteral("data"));
    auto* stat = window.inspector()->findChild<QTableWidget*>(QStringLiteral("stat"));
    QVERIFY(data && stat);
    QTRY_COMPARE(data->toPlainText(), QStringLiteral("hello"));
    QCOMPARE(window.inspector()->path(), QStringLiteral("/app/node"));
    QCOMPARE(stat->rowCount(), 11);
    QCOMPARE(stat->item(9, 0)->text(), QStringLiteral("dataLength"));
    QCOMPARE(stat->item(9, 1)->text(), QStringLiteral("5"));
    QVERIFY(stat->item(0, 1)->text().startsWith(QStringLiteral("0x")));
}

void TestMainWindow::serversDockShowsEachServer() {
    QTcpServer probe; // a loopback port nobody listens on
    QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
    const quint16 dead = probe.serverPort();
    probe.close();
    const auto opened =
        open_window(QStringLiteral("%1,127.0.0.1:%2").arg(server_->connect_string()).arg(dead));
    QVERIFY(opened);
    MainWindow& window = *opened;
    zs::ui::ServersDock* dock = window.servers();
    QSignalSpy refreshed(dock, &zs::ui::ServersDock::refreshed);
    dock->show();
    dock->raise();
    QTRY_VERIFY(refreshed.size() >= 1);
    QTableWidget* servers = dock->servers();
    QCOMPARE(servers->rowCount(), 2);
    QCOMPARE(servers->item(0, zs::ui::ServersDock::server_column)->text(),
             server_->connect_string());
    QCOMPARE(servers->item(0, zs::ui::ServersDock::mode_column)->text(),
             QStringLiteral("standalone"));
    QVERIFY(servers->item(0, zs::ui::ServersDock::nodes_column)->text().toInt() >= 4);
    QCOMPARE(servers->item(0, zs::ui::ServersDock::status_column)->text(),
             QStringLiteral("answering"));
    QVERIFY2(servers->item(1, zs::ui::ServersDock::status_column)
                 ->text()
                 .contains(QStringLiteral("refused")),
             qPrintable(servers->item(1, zs::ui::ServersDock::status_column)->text()));
    servers->setCurrentCell(0, 0);
    QTableWidget* mntr = dock->details();
    QVERIFY(mntr->rowCount() > 10);
    QCOMPARE(mntr->item(0, 0)->text(), QStringLiteral("zk_version"));
    QStringList keys;
    for (int i = 0; i < mntr->rowCount(); ++i) {
        keys << mntr->item(i, 0)->text();
    }
    QVERIFY(keys.contains(QStringLiteral("zk_server_state")));
    QVERIFY(keys.contains(QStringLiteral("zk_znode_count")));
}

void TestMainWindow::windowClosesWhileAServerIsAsked() {
    // A "server" that accepts connections and never answers: the probes stay connected.
    QTcpServer silent;
    QVERIFY(silent.listen(QHostAddress::LocalHost, 0));
    auto window = open_window(
        QStringLiteral("%1,127.0.0.1:%2").arg(server_->connect_string()).arg(silent.serverPort()));
    QVERIFY(window);
    window->servers()->show();
    window->servers()->raise();
    QTRY_VERIFY(silent.hasPendingConnections()); // a probe is connected and waiting
    window.reset(); // its sockets go with it, without calling back into the dead dock
}

void TestMainWindow::iconsTellNodeKinds() {
    QVERIFY(zs::ui::is_sequential_name(QStringLiteral("lock-0000000042")));
    QVERIFY(!zs::ui::is_sequential_name(QStringLiteral("lock-000000042")));
    QVERIFY(!zs::ui::is_sequential_name(QStringLiteral("12345678x0")));
    QVERIFY(!zs::ui::app_icon().pixmap(64, 64).isNull()); // the resources and the SVG plugin

    const auto opened = open_window(server_->connect_string());
    QVERIFY(opened);
    MainWindow& window = *opened;
    zs::client::CreateOptions lock;
    lock.mode = zs::proto::CreateMode::ephemeral_sequential;
    std::string created;
    window.session().create("/app/lock-", "", lock,
                            [&](ErrorCode err, zs::client::CreateResult result) {
                                QCOMPARE(err, ErrorCode::ok);
                                created = result.path;
                            });
    QTRY_VERIFY(!created.empty());
    QTRY_VERIFY(window.view_index("/app").isValid());
    window.tree()->expand(window.view_index("/app"));
    QTRY_VERIFY(window.view_index(created).isValid());
    const auto icon_of = [&](const std::string& path) {
        return window.view_index(path).data(Qt::DecorationRole).value<QIcon>().cacheKey();
    };
    using Kind = ZnodeTreeModel::NodeKind;
    QTRY_COMPARE(icon_of(created), zs::ui::znode_icon(Kind::ephemeral, true).cacheKey());
    QTRY_COMPARE(icon_of("/app/node"), zs::ui::znode_icon(Kind::persistent, false).cacheKey());
    QVERIFY(!zs::ui::znode_icon(Kind::ephemeral, true).pixmap(16, 16).isNull());
}

void TestMainWindow::highlightingFollowsThePalette() {
    QTextDocument document(QStringLiteral(R"({"key": "value", "n": 12, "ok": true})"));
    zs::ui::SyntaxHighlighter highlighter(&document);
    highlighter.set_format(zs::ui::DataFormat::json);
    const auto key_colour = [&] {
        for (const QTextLayout::FormatRange& range : document.firstBlock().layout()->formats()) {
            if (range.start == 1) { // "key"
                return range.format.foreground().color();
            }
        }
        return QColor();
    };
    const QColor light = key_colour();
    QVERIFY(light.isValid());
    const QPalette original = QApplication::palette();
    QPalette dark = original;
    dark.setColor(QPalette::Base, QColor(0x1e, 0x1e, 0x1e));
    dark.setColor(QPalette::Text, QColor(0xdd, 0xdd, 0xdd));
    QApplication::setPalette(dark);
    highlighter.restyle();
    const QColor on_dark = key_colour();
    QApplication::setPalette(original);
    QVERIFY(on_dark.isValid());
    QVERIFY(on_dark != light);
    QVERIFY(on_dark.lightness() > light.lightness()); // light text on a dark base
}

int main(int argc, char** argv) {
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
        qputenv("QT_QPA_PLATFORM", "offscreen"); // widget tests need no display
    }
    QApplication app(argc, argv);
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_main_window.moc"
