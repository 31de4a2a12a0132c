#include "server_process.h"

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <QThread>
#include <csignal>
#include <set>
#include <sys/prctl.h>

namespace zs::testing {
namespace {

// A freshly picked port can be taken by someone else before the server binds it; the server
// then exits early and start() tries again on another port.
constexpr int kStartAttempts = 3;
constexpr int kPollIntervalMs = 50;
constexpr qsizetype kLogTailChars = 12000;

QString tail(const QString& text, qsizetype max_chars) {
    return text.size() <= max_chars ? text : QStringLiteral("...") + text.right(max_chars);
}

} // namespace

quint16 pick_free_port() {
    // The kernel may hand out a port again once its probe is closed; an ensemble picks many at
    // once, so a port already given out by this process is not given again.
    static std::set<quint16> given;
    for (int attempt = 0; attempt < 100; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0)) {
            return 0;
        }
        if (given.insert(probe.serverPort()).second) {
            return probe.serverPort();
        }
    }
    return 0;
}

QString server_kind_name(ServerKind kind) {
    return kind == ServerKind::zoonode ? QStringLiteral("zoonode") : QStringLiteral("zookeeper");
}

ServerKind server_kind_from_env() {
    const QByteArray value = qgetenv("ZS_SERVER");
    if (value == "zoonode") {
        return ServerKind::zoonode;
    }
    if (!value.isEmpty() && value != "zookeeper") {
        qFatal("ZS_SERVER must be 'zookeeper' or 'zoonode', not '%s'", value.constData());
    }
    return ServerKind::zookeeper;
}

QByteArray send_four_letter(const QString& host, quint16 port, const QByteArray& command,
                            int timeout_ms) {
    const QDeadlineTimer deadline(timeout_ms);
    QTcpSocket socket;
    socket.connectToHost(host, port);
    if (!socket.waitForConnected(static_cast<int>(deadline.remainingTime()))) {
        return {};
    }
    socket.write(command);
    socket.waitForBytesWritten(static_cast<int>(deadline.remainingTime()));
    QByteArray answer;
    // The server writes its answer and closes; the close is the end marker.
    while (!deadline.hasExpired()) {
        const bool readable = socket.waitForReadyRead(static_cast<int>(deadline.remainingTime()));
        answer.append(socket.readAll());
        if (!readable && socket.error() != QAbstractSocket::SocketTimeoutError) {
            return answer;
        }
    }
    return {};
}

ServerProcess::ServerProcess(ServerKind kind, ServerOptions options)
    : kind_(kind), options_(std::move(options)) {
    // For a post-mortem of a failed run: the config, data and server.log stay behind.
    if (qEnvironmentVariableIsSet("ZS_KEEP_SERVER_DIRS")) {
        dir_.setAutoRemove(false);
        qInfo("server directory kept: %s", qPrintable(dir_.path()));
    }
}

ServerProcess::~ServerProcess() {
    stop();
}

QString ServerProcess::connect_string() const {
    return QStringLiteral("%1:%2").arg(host()).arg(port_);
}

QString ServerProcess::config_path() const {
    return dir_.filePath(QStringLiteral("zoo.cfg"));
}

QString ServerProcess::data_dir() const {
    return dir_.filePath(QStringLiteral("data"));
}

QString ServerProcess::log() const {
    QFile file(dir_.filePath(QStringLiteral("server.log")));
    return file.open(QIODevice::ReadOnly) ? QString::fromUtf8(file.readAll()) : QString();
}

QByteArray ServerProcess::four_letter(const QByteArray& command, int timeout_ms) const {
    return send_four_letter(host(), port_, command, timeout_ms);
}

bool ServerProcess::is_running() const {
    if (!process_ || process_->state() == QProcess::NotRunning) {
        return false;
    }
    // Without an event loop QProcess only notices that its child exited inside a waitFor call.
    process_->waitForFinished(0);
    return process_->state() != QProcess::NotRunning;
}

qint64 ServerProcess::pid() const {
    return is_running() ? process_->processId() : 0;
}

bool ServerProcess::start(int timeout_ms) {
    check_still_serving();
    QString error;
    if (!dir_.isValid()) {
        error = QStringLiteral("cannot create a temporary directory: ") + dir_.errorString();
    } else {
        // A restart keeps its port: clients reconnect to the address they know.
        const bool fresh_port = port_ == 0;
        for (int attempt = 1; attempt <= kStartAttempts; ++attempt) {
            if (fresh_port) {
                port_ = pick_free_port();
                write_config();
            }
            if (!launch(&error)) {
                break;
            }
            if (wait_ready(timeout_ms, &error)) {
                serving_ = true;
                return true;
            }
            const bool exited_early = !is_running();
            stop();
            if (!exited_early || !fresh_port) {
                break;
            }
        }
    }
    fail(error);
    return false;
}

bool ServerProcess::spawn() {
    check_still_serving();
    QString error;
    if (!dir_.isValid()) {
        error = QStringLiteral("cannot create a temporary directory: ") + dir_.errorString();
    } else {
        if (port_ == 0) {
            port_ = pick_free_port();
            write_config();
        }
        if (launch(&error)) {
            return true;
        }
    }
    fail(error);
    return false;
}

bool ServerProcess::wait_serving(int timeout_ms) {
    QString error;
    if (wait_ready(timeout_ms, &error)) {
        serving_ = true;
        return true;
    }
    fail(error);
    return false;
}

void ServerProcess::fail(const QString& error) const {
    report(QStringLiteral("did not start: ") + error);
}

void ServerProcess::report(const QString& problem) const {
    const QString message = QStringLiteral("%1 server %2\n===== server log =====\n%3")
                                .arg(server_kind_name(kind_), problem, tail(log(), kLogTailChars));
    if (QTest::currentTestFunction() != nullptr) {
        QTest::qFail(message.toUtf8().constData(), __FILE__, __LINE__);
    } else {
        qCritical("%s", message.toUtf8().constData());
    }
}

void ServerProcess::check_still_serving() {
    if (serving_ && process_ && !is_running()) {
        serving_ = false;
        report(process_->exitStatus() == QProcess::CrashExit
                   ? QStringLiteral("crashed while serving (port %1)").arg(port_)
                   : QStringLiteral("exited by itself with code %1 while serving (port %2)")
                         .arg(process_->exitCode())
                         .arg(port_));
    }
}

void ServerProcess::write_config() const {
    QDir().mkpath(data_dir());
    QStringList lines{
        QStringLiteral("tickTime=%1").arg(options_.tick_time_ms),
        QStringLiteral("dataDir=%1").arg(data_dir()),
        QStringLiteral("clientPort=%1").arg(port_),
        QStringLiteral("clientPortAddress=127.0.0.1"),
        QStringLiteral("4lw.commands.whitelist=*"),
        QStringLiteral("admin.enableServer=false"),
        QStringLiteral("extendedTypesEnabled=true"),
    };
    lines += options_.extra_config_lines;
    if (options_.my_id > 0) {
        QFile my_id(QDir(data_dir()).filePath(QStringLiteral("myid")));
        if (my_id.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
            my_id.write(QByteArray::number(options_.my_id) + '\n');
        }
    }
    QFile file(config_path());
    if (file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        file.write(lines.join(QLatin1Char('\n')).toUtf8() + '\n');
    }
}

bool ServerProcess::launch(QString* error) {
    QString program;
    QStringList arguments;
    if (kind_ == ServerKind::zookeeper) {
        program = QStringLiteral(ZS_JAVA_PATH);
        // Small heap, serial GC and C1 only: the JVM starts faster and stays light on 2 cores.
        arguments = QStringList{QStringLiteral("-Xmx256m"), QStringLiteral("-XX:+UseSerialGC"),
                                QStringLiteral("-XX:TieredStopAtLevel=1")} +
                    options_.jvm_flags +
                    QStringList{QStringLiteral("-cp"), QStringLiteral(ZS_ZOOKEEPER_CLASSPATH),
                                QStringLiteral("org.apache.zookeeper.server.quorum.QuorumPeerMain"),
                                config_path()};
    } else {
#ifdef ZS_ZOONODE_PATH
        program = QStringLiteral(ZS_ZOONODE_PATH);
        arguments = {config_path()};
        // ZS_ZOONODE_LOG_LEVEL=debug puts every protocol step in server.log.
        if (const QString level = qEnvironmentVariable("ZS_ZOONODE_LOG_LEVEL"); !level.isEmpty()) {
            arguments << QStringLiteral("--log-level") << level;
        }
#else
        *error = QStringLiteral("this build has no zoonode target (ZS_ZOONODE_PATH undefined)");
        return false;
#endif
    }

    const QString log_path = dir_.filePath(QStringLiteral("server.log"));
    QFile log_file(log_path);
    if (log_file.open(QIODevice::Append)) {
        log_file.write(QStringLiteral("===== %1 %2 =====\n")
                           .arg(program, arguments.join(QLatin1Char(' ')))
                           .toUtf8());
    }
    process_ = std::make_unique<QProcess>();
    process_->setProgram(program);
    process_->setArguments(arguments);
    process_->setWorkingDirectory(dir_.path());
    process_->setProcessChannelMode(QProcess::MergedChannels);
    process_->setStandardOutputFile(log_path, QIODevice::Append);
    // A test that crashes or is killed takes its server along instead of leaving it serving on
    // the machine (the signal comes when the thread that started it ends: tests start servers
    // on their main thread).
    process_->setChildProcessModifier([] { ::prctl(PR_SET_PDEATHSIG, SIGTERM); });
    process_->start();
    if (!process_->waitForStarted(10000)) {
        *error = QStringLiteral("cannot run %1: %2").arg(program, process_->errorString());
        return false;
    }
    return true;
}

bool ServerProcess::wait_ready(int timeout_ms, QString* error) {
    const QDeadlineTimer deadline(timeout_ms);
    while (!deadline.hasExpired()) {
        if (!is_running()) {
            *error = QStringLiteral("the process exited early with code %1 (port %2)")
                         .arg(process_->exitCode())
                         .arg(port_);
            return false;
        }
        if (four_letter("srvr", 1000).contains("Mode: ")) {
            return true;
        }
        QThread::msleep(kPollIntervalMs);
    }
    *error = QStringLiteral("`srvr` on port %1 got no Mode line within %2 ms")
                 .arg(port_)
                 .arg(timeout_ms);
    return false;
}

void ServerProcess::stop(int grace_ms) {
    check_still_serving();
    if (!is_running()) {
        return;
    }
    serving_ = false;
    process_->terminate();
    if (!process_->waitForFinished(grace_ms)) {
        process_->kill();
        process_->waitForFinished(5000);
        report(QStringLiteral("did not exit within %1 ms of SIGTERM").arg(grace_ms));
        return;
    }
    // Apache ZooKeeper's JVM ends on SIGTERM with code 143; zoonode shuts down and exits 0.
    if (kind_ == ServerKind::zoonode &&
        (process_->exitStatus() != QProcess::NormalExit || process_->exitCode() != 0)) {
        report(QStringLiteral("exited with code %1 on SIGTERM").arg(process_->exitCode()));
    }
}

void ServerProcess::kill9() {
    check_still_serving();
    if (!is_running()) {
        return;
    }
    serving_ = false;
    process_->kill();
    process_->waitForFinished(5000);
}

} // namespace zs::testing
