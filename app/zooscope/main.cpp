// zooscope: the desktop app. For now it opens one connection given on the command line; the
// local ensemble it will launch by itself and saved profiles come next (ARCHITECTURE.md).
#include "bridge/zk_session.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ZooScope"));
    QApplication::setOrganizationName(QStringLiteral("ZooScope"));

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Browse, edit and watch ZooKeeper ensembles (Apache ZooKeeper or zoonode)."));
    parser.addHelpOption();
    const QCommandLineOption connect_option(
        {QStringLiteral("c"), QStringLiteral("connect")},
        QStringLiteral("The ensemble to open: host:port[,host:port...][/chroot]."),
        QStringLiteral("connect-string"));
    parser.addOption(connect_option);
    parser.process(app);
    if (!parser.isSet(connect_option)) {
        parser.showHelp(2);
    }

    zs::client::ClientOptions options;
    options.connect_string = parser.value(connect_option).toStdString();
    auto opened = zs::ui::ZkSession::open(options);
    if (auto* error = std::get_if<QString>(&opened)) {
        QMessageBox::critical(
            nullptr, QStringLiteral("ZooScope"),
            QObject::tr("Cannot open %1: %2").arg(parser.value(connect_option), *error));
        return 2;
    }
    zs::ui::MainWindow window(std::move(std::get<std::unique_ptr<zs::ui::ZkSession>>(opened)));
    window.show();
    return QApplication::exec();
}
