#include "zookeeper_ensemble.h"

#include <QElapsedTimer>
#include <QStringList>
#include <QTcpSocket>
#include <QThread>

namespace zs::testing {

ZooKeeperEnsemble::ZooKeeperEnsemble(ServerKind kind, int size, ServerOptions common, int observers,
                                     int joiners) {
    const QStringList limits{QStringLiteral("initLimit=10"), QStringLiteral("syncLimit=5")};
    const int members = size + observers;
    for (int id = 1; id <= members + joiners; ++id) {
        server_lines_ << QStringLiteral("server.%1=127.0.0.1:%2:%3%4")
                             .arg(id)
                             .arg(pick_free_port())
                             .arg(pick_free_port())
                             .arg(id > size && id <= members ? QStringLiteral(":observer")
                                                             : QString());
    }
    const QStringList quorum = limits + server_lines_.mid(0, members);
    for (int id = 1; id <= members + joiners; ++id) {
        ServerOptions options = common;
        options.my_id = id;
        options.extra_config_lines =
            (id <= members ? quorum : quorum + QStringList{server_lines_[id - 1]}) +
            common.extra_config_lines;
        if (id > size && id <= members) {
            options.extra_config_lines << QStringLiteral("peerType=observer");
        }
        if (kind == ServerKind::zoonode) {
            // For the fault-injection commands.
            admin_ports_.push_back(pick_free_port());
            options.extra_config_lines
                << QStringLiteral("admin.enableServer=true")
                << QStringLiteral("admin.serverAddress=127.0.0.1")
                << QStringLiteral("admin.serverPort=%1").arg(admin_ports_.back());
        }
        members_.push_back(std::make_unique<ServerProcess>(kind, options));
    }
}

bool ZooKeeperEnsemble::start(std::vector<int> which, int timeout_ms) {
    if (which.empty()) {
        for (int i = 0; i < size(); ++i) {
            which.push_back(i);
        }
    }
    for (int i : which) {
        if (!member(i).spawn()) {
            return false;
        }
    }
    for (int i : which) {
        if (!member(i).wait_serving(timeout_ms)) {
            return false;
        }
    }
    return true;
}

int ZooKeeperEnsemble::member_at(const QString& host_port) const {
    for (size_t i = 0; i < members_.size(); ++i) {
        if (members_[i]->connect_string() == host_port) {
            return int(i);
        }
    }
    return -1;
}

QString ZooKeeperEnsemble::connect_string() const {
    QStringList hosts;
    for (const auto& member : members_) {
        hosts << member->connect_string();
    }
    return hosts.join(QLatin1Char(','));
}

bool ZooKeeperEnsemble::connect_admin(int index, QTcpSocket& socket) const {
    if (size_t(index) >= admin_ports_.size()) {
        return false;
    }
    socket.connectToHost(QStringLiteral("127.0.0.1"), admin_ports_[size_t(index)]);
    return socket.waitForConnected(5000);
}

QByteArray ZooKeeperEnsemble::admin(int index, const QString& command) const {
    QTcpSocket socket;
    if (!connect_admin(index, socket)) {
        return {};
    }
    socket.write(QStringLiteral("GET /commands/%1 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                "Connection: close\r\n\r\n")
                     .arg(command)
                     .toUtf8());
    QByteArray response;
    while (socket.waitForReadyRead(5000)) {
        response += socket.readAll();
    }
    response += socket.readAll();
    const qsizetype body = response.indexOf("\r\n\r\n");
    return body < 0 ? QByteArray() : response.mid(body + 4);
}

int ensemble_size_from_env(int fallback) {
    bool ok = false;
    const int size = qEnvironmentVariableIntValue("ZS_ENSEMBLE", &ok);
    return ok && size > 1 ? size : fallback;
}

TestServers::TestServers(ServerKind kind, ServerOptions options) {
    if (const int size = ensemble_size_from_env(1); size > 1) {
        ensemble_ = std::make_unique<ZooKeeperEnsemble>(kind, size, std::move(options));
    } else {
        server_ = std::make_unique<ServerProcess>(kind, std::move(options));
    }
}

bool TestServers::start() {
    if (!ensemble_) {
        return server_->start();
    }
    if (!ensemble_->start()) {
        return false;
    }
    const int leader = ensemble_->leader();
    for (int i = 0; i < ensemble_->size(); ++i) {
        if (i != leader) {
            members_by_pick_.push_back(i);
        }
    }
    members_by_pick_.push_back(leader);
    return leader >= 0;
}

QString TestServers::connect_string(int pick) const {
    if (!ensemble_) {
        return server_->connect_string();
    }
    const int member =
        members_by_pick_.empty() ? 0 : members_by_pick_[size_t(pick) % members_by_pick_.size()];
    return ensemble_->member(member).connect_string();
}

bool TestServers::all_running() const {
    if (server_) {
        return server_->is_running();
    }
    for (int i = 0; i < ensemble_->size(); ++i) {
        if (!ensemble_->member(i).is_running()) {
            return false;
        }
    }
    return true;
}

QString TestServers::description() const {
    if (server_) {
        return server_kind_name(server_->kind());
    }
    return QStringLiteral("%1 %2 members")
        .arg(ensemble_->size())
        .arg(server_kind_name(ensemble_->member(0).kind()));
}

QByteArray ZooKeeperEnsemble::trace(int index, int ms) const {
    QTcpSocket socket;
    if (!connect_admin(index, socket)) {
        return {};
    }
    socket.write("GET /trace HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    QByteArray stream;
    QElapsedTimer timer;
    timer.start();
    while (timer.elapsed() < ms) {
        socket.waitForReadyRead(int(std::max<qint64>(1, ms - timer.elapsed())));
        stream += socket.readAll();
    }
    return stream;
}

int ZooKeeperEnsemble::leader(int timeout_ms) const {
    QElapsedTimer timer;
    timer.start();
    do {
        for (size_t i = 0; i < members_.size(); ++i) {
            if (members_[i]->is_running() &&
                members_[i]->four_letter("srvr", 1000).contains("Mode: leader\n")) {
                return int(i);
            }
        }
        QThread::msleep(50);
    } while (timer.elapsed() < timeout_ms);
    return -1;
}

} // namespace zs::testing
