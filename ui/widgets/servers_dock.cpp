#include "widgets/servers_dock.h"

#include "bridge/four_letter_probe.h"
#include "client/connect_string.h"

#include <QHeaderView>
#include <QLabel>
#include <QSplitter>
#include <QTableWidget>
#include <QTime>
#include <QTimer>
#include <QVBoxLayout>

namespace zs::ui {

namespace {

QTableWidget* table(int columns, const QStringList& headers, const QString& name, QWidget* parent) {
    auto* widget = new QTableWidget(0, columns, parent);
    widget->setObjectName(name);
    widget->setHorizontalHeaderLabels(headers);
    widget->verticalHeader()->hide();
    widget->setEditTriggers(QAbstractItemView::NoEditTriggers);
    widget->setSelectionBehavior(QAbstractItemView::SelectRows);
    widget->setSelectionMode(QAbstractItemView::SingleSelection);
    widget->horizontalHeader()->setStretchLastSection(true);
    return widget;
}

} // namespace

ServersDock::ServersDock(const QString& connect_string, QWidget* parent)
    : QDockWidget(tr("Servers"), parent),
      servers_(table(column_count,
                     {tr("Server"), tr("Mode"), tr("Zxid"), tr("Connections"), tr("Outstanding"),
                      tr("Latency min/avg/max ms"), tr("Znodes"), tr("Version"), tr("Status")},
                     QStringLiteral("servers"), this)),
      details_(table(2, {tr("mntr"), tr("Value")}, QStringLiteral("mntr"), this)),
      stamp_(new QLabel(this)), timer_(new QTimer(this)), probes_(new QObject(this)) {
    setObjectName(QStringLiteral("servers_dock"));
    auto parsed = client::ConnectString::parse(connect_string.toStdString());
    if (auto* hosts = std::get_if<client::ConnectString>(&parsed)) {
        for (const client::HostPort& host : hosts->hosts) {
            servers_list_.push_back(
                Server{QString::fromStdString(host.host), host.port, {}, {}, {}});
        }
    }
    servers_->setRowCount(int(servers_list_.size()));
    for (int row = 0; row < int(servers_list_.size()); ++row) {
        const Server& server = servers_list_[size_t(row)];
        servers_->setItem(
            row, server_column,
            new QTableWidgetItem(QStringLiteral("%1:%2").arg(server.host).arg(server.port)));
    }
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(servers_);
    split->addWidget(details_);
    auto* body = new QWidget(this);
    auto* layout = new QVBoxLayout(body);
    layout->addWidget(split, 1);
    layout->addWidget(stamp_);
    setWidget(body);
    timer_->setInterval(kRefreshMs);
    connect(timer_, &QTimer::timeout, this, &ServersDock::refresh);
    connect(servers_, &QTableWidget::currentCellChanged, this, &ServersDock::show_details);
}

ServersDock::~ServersDock() {
    delete probes_; // QWidget's destructor deletes the tables before QObject's cuts connections
}

void ServersDock::showEvent(QShowEvent* event) {
    QDockWidget::showEvent(event);
    refresh();
    timer_->start();
}

void ServersDock::hideEvent(QHideEvent* event) {
    QDockWidget::hideEvent(event);
    timer_->stop(); // nobody looks: no traffic
}

void ServersDock::refresh() {
    if (pending_ > 0) {
        return; // the last round is still out
    }
    pending_ = int(servers_list_.size()) * 2;
    for (size_t i = 0; i < servers_list_.size(); ++i) {
        for (const char* word : {"srvr", "mntr"}) {
            const bool is_srvr = word[0] == 's';
            ask_four_letter_word(
                probes_, servers_list_[i].host, servers_list_[i].port, word,
                [this, i, is_srvr](QByteArray reply, QString error) {
                    Server& server = servers_list_[i];
                    if (is_srvr) {
                        server.error = error;
                        server.srvr = parse_srvr(reply);
                        if (error.isEmpty() && !refusal(reply).isEmpty()) {
                            server.error = refusal(reply);
                        }
                    } else {
                        server.mntr =
                            error.isEmpty() && refusal(reply).isEmpty()
                                ? parse_mntr(reply)
                                : Fields{{tr("(mntr)"), error.isEmpty() ? refusal(reply) : error}};
                    }
                    show_server(int(i));
                    if (--pending_ == 0) {
                        stamp_->setText(
                            tr("Refreshed at %1")
                                .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss"))));
                        emit refreshed();
                    }
                });
        }
    }
}

void ServersDock::show_server(int row) {
    const Server& server = servers_list_[size_t(row)];
    const auto put = [&](int column, const QString& text) {
        servers_->setItem(row, column, new QTableWidgetItem(text));
    };
    QString mode = field(server.srvr, QStringLiteral("Mode"));
    if (mode.isEmpty()) {
        mode = field(server.mntr, QStringLiteral("zk_server_state"));
    }
    put(mode_column, server.error.isEmpty() ? mode : QString());
    put(zxid_column, field(server.srvr, QStringLiteral("Zxid")));
    put(connections_column, field(server.srvr, QStringLiteral("Connections")));
    put(outstanding_column, field(server.srvr, QStringLiteral("Outstanding")));
    put(latency_column, field(server.srvr, QStringLiteral("Latency min/avg/max")));
    put(nodes_column, field(server.srvr, QStringLiteral("Node count")));
    put(version_column,
        field(server.srvr, QStringLiteral("Zookeeper version")).section(QLatin1Char(','), 0, 0));
    put(status_column, server.error.isEmpty() ? tr("answering") : server.error);
    if (row == servers_->currentRow()) {
        show_details();
    }
}

void ServersDock::show_details() {
    const int row = servers_->currentRow();
    if (row < 0 || row >= int(servers_list_.size())) {
        details_->setRowCount(0);
        return;
    }
    const Fields& mntr = servers_list_[size_t(row)].mntr;
    details_->setRowCount(int(mntr.size()));
    for (int i = 0; i < int(mntr.size()); ++i) {
        details_->setItem(i, 0, new QTableWidgetItem(mntr[size_t(i)].first));
        details_->setItem(i, 1, new QTableWidgetItem(mntr[size_t(i)].second));
    }
}

} // namespace zs::ui
