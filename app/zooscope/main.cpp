// zooscope: the desktop app. With no arguments it starts a local 3-member zoonode ensemble and
// opens it; --connect opens any other ensemble instead, --profile a saved connection.
#include "bridge/credential_store.h"
#include "bridge/local_ensemble_host.h"
#include "bridge/quit_on_signals.h"
#include "bridge/zk_session.h"
#include "models/profile_store.h"
#include "widgets/app_window.h"
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
        "--connect or --profile it starts a local ensemble of three zoonode members and opens "
        "it."));
    parser.addHelpOption();
    const QCommandLineOption connect_option(
        {QStringLiteral("c"), QStringLiteral("connect")},
        QStringLiteral("The ensemble to open: host:port[,host:port...][/chroot]."),
        QStringLiteral("connect-string"));
    const QCommandLineOption profile_option(
        {QStringLiteral("p"), QStringLiteral("profile")},
        QStringLiteral("A saved connection to open, by name (its password from the keychain)."),
        QStringLiteral("name"));
    parser.addOption(connect_option);
    parser.addOption(profile_option);
    parser.process(app);

    zs::ui::ProfileStore store;
    const QString store_error = store.open(zs::ui::ProfileStore::default_file());
    zs::ui::LocalEnsembleHost local; // outlives the window: stopped after its sessions close
    zs::ui::AppWindow window(store_error.isEmpty() ? &store : nullptr, store_error);
    window.show();

    if (parser.isSet(profile_option)) {
        const QString name = parser.value(profile_option);
        const auto profile = store_error.isEmpty() ? store.find(name) : std::nullopt;
        if (!profile) {
            fail(QObject::tr("No saved connection is named \"%1\"%2")
                     .arg(name,
                          store_error.isEmpty() ? QString() : QStringLiteral(": ") + store_error));
            return 2;
        }
        if (profile->digest_user.isEmpty()) {
            window.open_connection(*profile, {});
        } else {
            // The password comes from the keychain; without one, the connections dialog asks.
            window.credentials()->load(profile->keychain_key(),
                                       [&window, profile](const QString& secret, const QString&) {
                                           if (secret.isEmpty()) {
                                               window.show_connections();
                                           } else {
                                               window.open_connection(*profile, secret);
                                           }
                                       });
        }
        return QApplication::exec();
    }

    zs::ui::Profile target;
    target.connect_string = parser.value(connect_option);
    if (target.connect_string.isEmpty()) {
        if (const QString error = local.start(); !error.isEmpty()) {
            fail(QObject::tr("Cannot start the local ensemble: %1").arg(error));
            return 1;
        }
        target.name = QObject::tr("Local ensemble");
        target.connect_string = local.connect_string();
    }
    if (const QString error = window.open_connection(target, {}); !error.isEmpty()) {
        fail(QObject::tr("Cannot open %1: %2").arg(target.connect_string, error));
        return 2;
    }
    if (!parser.isSet(connect_option)) {
        window.current()->setWindowTitle(
            QObject::tr("ZooScope — local ensemble (%1 zoonode members, data in %2)")
                .arg(zs::ui::LocalEnsembleHost::kMembers)
                .arg(zs::ui::LocalEnsembleHost::data_dir()));
        window.setWindowTitle(window.current()->windowTitle());
        QTimer::singleShot(kStartCheckMs, &window, [&local, &window] {
            if (const QString problems = local.problems(); !problems.isEmpty()) {
                QMessageBox::warning(
                    &window, QStringLiteral("ZooScope"),
                    QObject::tr("A member of the local ensemble stopped:\n\n%1").arg(problems));
            }
        });
    }
    return QApplication::exec();
}
