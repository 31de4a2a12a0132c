#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace zs::testing {

// Which server a test runs against.
enum class ServerKind { zookeeper, zoonode };

QString server_kind_name(ServerKind kind);
// From the environment variable ZS_SERVER (zookeeper|zoonode, default zookeeper). Any other
// value aborts the test executable with a message: a typo must not silently test the wrong server.
ServerKind server_kind_from_env();

// Sends a four-letter word to host:port and returns everything the server wrote before closing.
// Empty on connection failure or timeout.
QByteArray send_four_letter(const QString& host, quint16 port, const QByteArray& command,
                            int timeout_ms = 5000);

// A port on 127.0.0.1 that nobody listens on right now.
quint16 pick_free_port();

struct ServerOptions {
    int tick_time_ms = 200;
    // Appended to the generated zoo.cfg; a key repeated here overrides the default.
    QStringList extra_config_lines;
    // A member of an ensemble: its server id, written to dataDir/myid (0: standalone).
    int my_id = 0;
    // Java system properties for Apache ZooKeeper, e.g. "-Dreadonlymode.enabled=true".
    QStringList jvm_flags;
};

// A standalone server (Apache ZooKeeper or zoonode) as a child process with its own zoo.cfg,
// data directory and log in a private temporary directory, on a free 127.0.0.1 port.
class ServerProcess {
  public:
    explicit ServerProcess(ServerKind kind, ServerOptions options = {});
    ~ServerProcess();
    ServerProcess(const ServerProcess&) = delete;
    ServerProcess& operator=(const ServerProcess&) = delete;

    // Starts the server and waits until `srvr` answers with a Mode line. On failure records a
    // QtTest failure carrying the server's log and returns false: callers return at once.
    // After stop() or kill9() it starts again on the same port and data directory.
    bool start(int timeout_ms = 30000);
    // The two halves of start(), for members of an ensemble, which serve only once a quorum
    // runs: spawn() launches the process and returns, wait_serving() waits for the Mode line.
    // Both record a QtTest failure with the server's log when they fail.
    bool spawn();
    bool wait_serving(int timeout_ms = 30000);
    // SIGTERM, then SIGKILL once grace_ms has passed. A server that had already ended by itself
    // (a crash, a sanitizer's report), or a zoonode that does not exit cleanly on SIGTERM, fails
    // the running test with the tail of its log.
    void stop(int grace_ms = 5000);
    // SIGKILL without warning, as a crash would.
    void kill9();
    bool is_running() const;
    // The server's process id while it runs, else 0 (for SIGSTOP/SIGCONT in tests).
    qint64 pid() const;

    ServerKind kind() const { return kind_; }
    QString host() const { return QStringLiteral("127.0.0.1"); }
    quint16 port() const { return port_; }
    QString connect_string() const;
    int tick_time_ms() const { return options_.tick_time_ms; }
    QString config_path() const;
    QString data_dir() const;
    QString log() const;

    QByteArray four_letter(const QByteArray& command, int timeout_ms = 5000) const;

  private:
    bool launch(QString* error);
    // Records a QtTest failure naming `error`, with the tail of the server's log.
    void fail(const QString& error) const;
    // Fails the running test (or warns, outside one) with `problem` and the tail of the log.
    void report(const QString& problem) const;
    // Reports a server that ended while it should have been serving.
    void check_still_serving();
    bool wait_ready(int timeout_ms, QString* error);
    void write_config() const;

    ServerKind kind_;
    ServerOptions options_;
    QTemporaryDir dir_;
    quint16 port_ = 0;
    std::unique_ptr<QProcess> process_;
    // Started and serving, not yet told to end: if its process ends now, it ended by itself.
    bool serving_ = false;
};

} // namespace zs::testing
