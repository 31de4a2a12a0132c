// Takes README's screenshot of the app: a local 3-member zoonode ensemble (as `zooscope` starts
// with no arguments), some typical data (a JSON config, a lock queue, a service registry), the
// window with the config open in the editor and the notifications of a few changes, saved as a
// PNG. Runs under a real X server (take-screenshot.sh starts Xvfb) so the styles and fonts are
// those of a desktop.
//   take_screenshot OUT.png
#include "bridge/local_ensemble_host.h"
#include "bridge/zk_session.h"
#include "models/profile_store.h"
#include "widgets/app_window.h"
#include "widgets/main_window.h"
#include "widgets/notifications_dock.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTableView>
#include <QTest>
#include <QTreeView>
#include <cstdio>

namespace {

using zs::proto::CreateMode;

// Runs `request` on `session` and waits for its answer; false on an error or after 10 s.
template <class Start> bool wait_for(Start start) {
    std::optional<bool> ok;
    start([&](bool done) { ok = done; });
    return QTest::qWaitFor([&] { return ok.has_value(); }, 10000) && *ok;
}

bool create(zs::ui::ZkSession& session, const std::string& path, const std::string& data,
            CreateMode mode = CreateMode::persistent) {
    zs::client::CreateOptions options;
    options.mode = mode;
    return wait_for([&](auto done) {
        session.create(path, data, options, [done](zs::proto::ErrorCode err, auto) {
            done(err == zs::proto::ErrorCode::ok || err == zs::proto::ErrorCode::node_exists);
        });
    });
}

bool set(zs::ui::ZkSession& session, const std::string& path, const std::string& data) {
    return wait_for([&](auto done) {
        session.set_data(path, data, -1, [done](zs::proto::ErrorCode err, auto) {
            done(err == zs::proto::ErrorCode::ok);
        });
    });
}

bool seed(zs::ui::ZkSession& session) {
    const std::string config =
        R"({"service":"checkout","replicas":3,"timeouts":{"connect_ms":250,"read_ms":2000},"features":["fast-path","audit"],"enabled":true})";
    bool ok = create(session, "/app", "") && create(session, "/app/config", config) &&
              create(session, "/app/locks", "") && create(session, "/app/queue", "") &&
              create(session, "/app/services", "") &&
              create(session, "/app/services/checkout", "") &&
              create(session, "/app/services/payments", "");
    for (int i = 0; ok && i < 3; ++i) {
        ok = create(session, "/app/locks/lock-", "", CreateMode::ephemeral_sequential) &&
             create(session, "/app/queue/item-", "job " + std::to_string(i),
                    CreateMode::persistent_sequential) &&
             create(session, "/app/services/checkout/10.0.0." + std::to_string(10 + i) + ":8080",
                    R"({"zone":"eu-1"})", CreateMode::ephemeral);
    }
    return ok;
}

} // namespace

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("ZooScope"));
    if (argc != 2) {
        std::fprintf(stderr, "usage: take_screenshot OUT.png\n");
        return 2;
    }
    zs::ui::LocalEnsembleHost local;
    if (const QString error = local.start(); !error.isEmpty()) {
        std::fprintf(stderr, "local ensemble: %s\n", qPrintable(error));
        return 1;
    }
    zs::ui::AppWindow window(nullptr, QStringLiteral("not used here"));
    zs::ui::Profile profile;
    profile.name = QObject::tr("Local ensemble");
    profile.connect_string = local.connect_string();
    if (const QString error = window.open_connection(profile, {}); !error.isEmpty()) {
        std::fprintf(stderr, "connect: %s\n", qPrintable(error));
        return 1;
    }
    window.resize(1360, 860);
    window.show();
    zs::ui::MainWindow& tab = *window.current();
    if (!QTest::qWaitFor(
            [&] { return tab.session().state() == zs::client::SessionState::connected; }, 15000) ||
        !seed(tab.session())) {
        std::fprintf(stderr, "the ensemble did not take the demo data\n");
        return 1;
    }
    tab.notifications()->set_root(QStringLiteral("/app"));
    QTest::qWait(500); // the feed reads what is there
    set(tab.session(), "/app/queue/item-0000000001", "job 1 (claimed)");
    create(tab.session(), "/app/services/payments/10.0.0.21:8080", R"({"zone":"eu-2"})",
           CreateMode::ephemeral);
    set(tab.session(), "/app/config",
        R"({"service":"checkout","replicas":5,"timeouts":{"connect_ms":250,"read_ms":2000},"features":["fast-path","audit"],"enabled":true})");

    tab.reveal(QStringLiteral("/app/config"));
    for (const char* path : {"/app/locks", "/app/services", "/app/services/checkout"}) {
        tab.tree()->expand(tab.view_index(path));
        if (!QTest::qWaitFor([&] { return tab.view_index(path).isValid(); }, 5000)) {
            std::fprintf(stderr, "%s did not show\n", path);
            return 1;
        }
        tab.tree()->expand(tab.view_index(path));
    }
    if (!QTest::qWaitFor([&] { return tab.current_path() == QLatin1String("/app/config"); },
                         5000)) {
        std::fprintf(stderr, "/app/config was not chosen\n");
        return 1;
    }
    QTest::qWait(1500); // Stats, icons, the data and the events on screen
    auto* events = tab.notifications()->view();
    events->setCurrentIndex(events->model()->index(events->model()->rowCount() - 1, 0));
    QTest::qWait(300);

    if (!window.grab().save(QString::fromLocal8Bit(argv[1]))) {
        std::fprintf(stderr, "cannot write %s\n", argv[1]);
        return 1;
    }
    std::printf("wrote %s\n", argv[1]);
    return 0;
}
