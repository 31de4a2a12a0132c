#pragma once

#include "models/four_letter_text.h"

#include <QDockWidget>
#include <vector>

class QLabel;
class QTableWidget;
class QTimer;

namespace zs::ui {

// The servers of the connected ensemble as their four-letter words describe them: one row per
// server of the connect string (mode, zxid, connections, outstanding requests, latency, znodes,
// version, or why it did not answer), refreshed every few seconds while the dock is shown; the
// chosen server's whole mntr below.
class ServersDock : public QDockWidget {
    Q_OBJECT

  public:
    enum Column {
        server_column,
        mode_column,
        zxid_column,
        connections_column,
        outstanding_column,
        latency_column,
        nodes_column,
        version_column,
        status_column,
        column_count
    };
    static constexpr int kRefreshMs = 3000;

    // `connect_string` as the session was opened with (a chroot is ignored).
    explicit ServersDock(const QString& connect_string, QWidget* parent = nullptr);
    ~ServersDock() override;

    void refresh();
    QTableWidget* servers() const { return servers_; }
    QTableWidget* details() const { return details_; }

  signals:
    // Every server of one refresh has answered or failed.
    void refreshed();

  protected:
    void showEvent(QShowEvent* event) override;
    void hideEvent(QHideEvent* event) override;

  private:
    struct Server {
        QString host;
        quint16 port = 0;
        Fields srvr;
        Fields mntr;
        QString error;
    };

    void show_server(int row);
    void show_details();

    std::vector<Server> servers_list_;
    int pending_ = 0;
    QTableWidget* servers_;
    QTableWidget* details_;
    QLabel* stamp_;
    QTimer* timer_;
    // Owns the probes' sockets and their callbacks: deleted first, so that no answer arrives
    // while the tables are being destroyed.
    QObject* probes_;
};

} // namespace zs::ui
