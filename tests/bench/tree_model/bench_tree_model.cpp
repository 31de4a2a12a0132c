// How the GUI's znode tree copes with a wide node, against Apache ZooKeeper 3.8 and zoonode in
// one run: each server is started on a free loopback port and given one node with --children
// children; then, --repeats times, a fresh session in the app's main window (offscreen) expands
// that node in its tree.
// Reported, as medians: the time from the click to the first children on screen, the time until
// every child is a row, and the longest the GUI thread was busy meanwhile (the largest gap
// between ticks of a 2 ms timer, less the 2 ms). Goals: 300 ms, 2 s, 50 ms.
#include "bridge/zk_session.h"
#include "models/znode_tree_model.h"
#include "server_process.h"
#include "widgets/main_window.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QTimer>
#include <QTreeView>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_future.hpp>
#include <cstdio>
#include <map>
#include <thread>

using namespace zs;

namespace {

constexpr int kTickMs = 2;
constexpr int kOpsPerMulti = 1000;

struct Options {
    int children = 100000;
    int repeats = 3;
};

struct Sample {
    double first_rows_ms = 0;
    double all_rows_ms = 0;
    double longest_stall_ms = 0;
};

double median(std::vector<double> values) {
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0 : n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2;
}

// Creates /wide with `children` children (multis of 1,000 creates, 8 in flight).
bool populate(const std::string& connect_string, int children) {
    boost::asio::io_context io;
    auto work = boost::asio::make_work_guard(io);
    std::thread runner([&io] { io.run(); });
    client::ClientOptions options;
    options.connect_string = connect_string;
    auto opened = client::Client::open(io.get_executor(), options);
    bool ok = std::holds_alternative<std::unique_ptr<client::Client>>(opened);
    if (ok) {
        auto& zk = *std::get<std::unique_ptr<client::Client>>(opened);
        ok = std::get<0>(
                 zk.create("/wide", std::string(), client::CreateOptions{}, boost::asio::use_future)
                     .get()) == proto::ErrorCode::ok;
        std::vector<std::future<std::tuple<proto::ErrorCode, std::vector<client::OpResult>>>>
            in_flight;
        for (int first = 0; ok && first < children; first += kOpsPerMulti) {
            std::vector<client::Op> ops;
            for (int i = first; i < std::min(children, first + kOpsPerMulti); ++i) {
                ops.push_back(client::CreateOp{"/wide/node-" + std::to_string(i), "", {}});
            }
            in_flight.push_back(zk.multi(std::move(ops), boost::asio::use_future));
            if (in_flight.size() == 8) {
                ok = std::get<0>(in_flight.front().get()) == proto::ErrorCode::ok;
                in_flight.erase(in_flight.begin());
            }
        }
        for (auto& pending : in_flight) {
            ok = std::get<0>(pending.get()) == proto::ErrorCode::ok && ok;
        }
        zk.close(boost::asio::use_future).wait_for(std::chrono::seconds(5));
    }
    work.reset();
    io.stop();
    runner.join();
    return ok;
}

// One expansion of /wide in a fresh session and view; nullopt when something failed.
std::optional<Sample> measure(const std::string& connect_string) {
    client::ClientOptions options;
    options.connect_string = connect_string;
    auto opened = ui::ZkSession::open(options);
    if (!std::holds_alternative<std::unique_ptr<ui::ZkSession>>(opened)) {
        return std::nullopt;
    }
    auto session = std::move(std::get<std::unique_ptr<ui::ZkSession>>(opened));
    // The app's own window: its tree (through the name filter), inspector and notifications.
    ui::MainWindow window(std::move(session));
    ui::ZnodeTreeModel& model = *window.model();
    window.show();
    QElapsedTimer deadline;
    deadline.start();
    // The root's listing first (the window opens "/"): /wide must be a row to be clicked.
    while (!window.view_index("/wide").isValid() && deadline.elapsed() < 30000) {
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    const QModelIndex wide = window.view_index("/wide");
    if (!wide.isValid()) {
        return std::nullopt;
    }

    Sample sample;
    QElapsedTimer clock;
    qint64 last_tick = 0;
    qint64 first_rows = -1;
    qint64 all_rows = -1;
    QTimer ticker;
    ticker.setTimerType(Qt::PreciseTimer);
    QObject::connect(&ticker, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        sample.longest_stall_ms =
            std::max(sample.longest_stall_ms, double(now - last_tick) / 1e6 - kTickMs);
        last_tick = now;
    });
    QObject::connect(&model, &QAbstractItemModel::rowsInserted, [&](const QModelIndex& parent) {
        if (parent == model.index_of("/wide") && first_rows < 0) {
            first_rows = clock.nsecsElapsed();
        }
    });
    QObject::connect(&model, &ui::ZnodeTreeModel::childrenListed, [&](const QModelIndex& parent) {
        if (parent == model.index_of("/wide")) {
            all_rows = clock.nsecsElapsed();
        }
    });
    clock.start();
    ticker.start(kTickMs);
    window.tree()->expand(wide); // the click
    while (all_rows < 0 && clock.elapsed() < 30000) {
        QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    }
    ticker.stop();
    if (all_rows < 0) {
        return std::nullopt;
    }
    sample.first_rows_ms = double(first_rows) / 1e6;
    sample.all_rows_ms = double(all_rows) / 1e6;
    return sample;
}

const char* verdict(double value, double goal) {
    return value <= goal ? "met" : "NOT met";
}

} // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM",
            qgetenv("QT_QPA_PLATFORM").isEmpty() ? "offscreen" : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    Options options;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); i += 2) {
        bool ok = false;
        const int value = args[i + 1].toInt(&ok);
        if (!ok || value <= 0 || (args[i] != "--children" && args[i] != "--repeats")) {
            std::fprintf(stderr, "usage: bench_tree_model [--children N] [--repeats N]\n");
            return 2;
        }
        (args[i] == "--children" ? options.children : options.repeats) = value;
    }
    std::printf("bench_tree_model: /wide with %d children, %d rounds per server, offscreen "
                "main window\n",
                options.children, options.repeats);

    std::map<std::string, std::vector<Sample>> samples;
    for (const auto kind : {testing::ServerKind::zookeeper, testing::ServerKind::zoonode}) {
        const std::string name = testing::server_kind_name(kind).toStdString();
        testing::ServerProcess server(kind);
        if (!server.start()) {
            std::fprintf(stderr, "%s did not start\n", name.c_str());
            return 1;
        }
        const std::string connect = server.connect_string().toStdString();
        if (!populate(connect, options.children)) {
            std::fprintf(stderr, "could not create the children on %s\n", name.c_str());
            return 1;
        }
        for (int round = 1; round <= options.repeats; ++round) {
            const auto sample = measure(connect);
            if (!sample) {
                std::fprintf(stderr, "round %d on %s failed\n", round, name.c_str());
                return 1;
            }
            std::printf("   %-9s round %d: first rows %.1f ms, all rows %.1f ms, longest stall "
                        "%.1f ms\n",
                        name.c_str(), round, sample->first_rows_ms, sample->all_rows_ms,
                        sample->longest_stall_ms);
            samples[name].push_back(*sample);
        }
    }

    std::printf("\n%-34s %10s %10s %6s\n", "median", "zookeeper", "zoonode", "goal");
    bool all_met = true;
    const auto row = [&](const char* label, double Sample::*field, double goal) {
        std::vector<double> values[2];
        for (int i = 0; i < 2; ++i) {
            for (const Sample& s : samples[i == 0 ? "zookeeper" : "zoonode"]) {
                values[i].push_back(s.*field);
            }
        }
        const double zk = median(values[0]);
        const double zn = median(values[1]);
        all_met = all_met && zk <= goal && zn <= goal;
        std::printf("%-34s %10.1f %10.1f %6.0f  zookeeper: %s, zoonode: %s\n", label, zk, zn, goal,
                    verdict(zk, goal), verdict(zn, goal));
    };
    row("first children shown, ms", &Sample::first_rows_ms, 300);
    row("all children listed, ms", &Sample::all_rows_ms, 2000);
    row("longest GUI-thread stall, ms", &Sample::longest_stall_ms, 50);
    return all_met ? 0 : 3;
}
