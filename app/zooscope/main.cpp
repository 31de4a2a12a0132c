// zooscope: the desktop app. With no arguments it starts a local 3-member zoonode ensemble and
// opens it; --connect opens any other ensemble instead.
#include "bridge/local_ensemble_host.h"
#include "bridge/quit_on_signals.h"
#include "bridge/zk_session.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QMessageBox>
#include <QStatusBar>
#include <QTimer>

namespace {

constexpr int kStartCheckMs = 3000;

void fail(const QString& message) {
    QMessageBox::critical(nullptr, QStringLiteral("ZooScope"), message);
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ZooScope"));
    QApplication::setOrganizationName(QStringLiteral("ZooScope"));
    zs::ui::quit_on_signals();

    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Browse, edit and watch ZooKeeper ensembles (Apache ZooKeeper or zoonode). Without "
        "--connect it starts a local ensemble of three zoonode members and opens it."));
    parser.addHelpOption();
    const QCommandLineOption connect_option(
        {QStringLiteral("c"), QStringLiteral("connect")},
        QStringLiteral("The ensemble to open: host:port[,host:port...][/chroot]."),
        QStringLiteral("connect-string"));
    parser.addOption(connect_option);
    parser.process(app);

    zs::ui::LocalEnsembleHost local; // outlives the window: stopped after its session closes
    QString connect_string = parser.value(connect_option);
    if (connect_string.isEmpty()) {
        if (const QString error = local.start(); !error.isEmpty()) {
            fail(QObject::tr("Cannot start the local ensemble: %1").arg(error));
            return 1;
        }
        connect_string = local.connect_string();
    }

    zs::client::ClientOptions options;
    options.connect_string = connect_string.toStdString();
    auto opened = zs::ui::ZkSession::open(options);
    if (auto* error = std::get_if<QString>(&opened)) {
        fail(QObject::tr("Cannot open %1: %2").arg(connect_string, *error));
        return 2;
    }
    zs::ui::MainWindow window(std::move(std::get<std::unique_ptr<zs::ui::ZkSession>>(opened)));
    if (!parser.isSet(connect_option)) {
        window.setWindowTitle(
            QObject::tr("ZooScope — local ensemble (%1 zoonode members, data in %2)")
                .arg(zs::ui::LocalEnsembleHost::kMembers)
                .arg(zs::ui::LocalEnsembleHost::data_dir()));
        QTimer::singleShot(kStartCheckMs, &window, [&local, &window] {
            if (const QString problems = local.problems(); !problems.isEmpty()) {
                QMessageBox::warning(
                    &window, QStringLiteral("ZooScope"),
                    QObject::tr("A member of the local ensemble stopped:\n\n%1").arg(problems));
            }
        });
    }
    window.show();
    return QApplication::exec();
}
