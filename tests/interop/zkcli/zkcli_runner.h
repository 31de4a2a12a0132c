#pragma once

#include <QByteArray>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <optional>

namespace zs::testing {

// What zkCli.sh printed for a list of commands.
struct ZkCliTranscript {
    // outputs[i]: the non-empty lines printed for commands[i], watch notifications removed.
    QList<QStringList> outputs;
    // Watch notifications in print order, as "<type> <path>" (session events left out).
    QStringList events;
    QString raw;
};

// Feeds zkCli.sh commands on stdin, one JVM for a whole list. Between commands it sends the
// local command `printwatches`, whose fixed answer splits the merged output into one section per
// command without touching the server.
class ZkCliRunner {
  public:
    explicit ZkCliRunner(QString connect_string) : connect_string_(std::move(connect_string)) {}

    // Runs the commands and quits. nullopt (with `error` set) when zkCli fails or hangs.
    std::optional<ZkCliTranscript> run(const QStringList& commands, QString* error) const;

  private:
    QString connect_string_;
};

// A zkCli.sh kept running between commands, so that its watches live while other clients make
// changes.
class ZkCliSession {
  public:
    explicit ZkCliSession(QString connect_string) : connect_string_(std::move(connect_string)) {}
    ~ZkCliSession();
    ZkCliSession(const ZkCliSession&) = delete;
    ZkCliSession& operator=(const ZkCliSession&) = delete;

    bool start(QString* error);
    // Sends the commands and waits until zkCli has executed them; returns their sections.
    std::optional<QList<QStringList>> execute(const QStringList& commands, QString* error);
    // Waits until `count` watch notifications have been printed.
    bool wait_for_events(qsizetype count, int timeout_ms);
    QStringList events();
    QString raw() const { return QString::fromUtf8(output_); }

  private:
    void read_available();

    QString connect_string_;
    QProcess process_;
    QByteArray output_;
    qsizetype separators_seen_ = 0;
};

// Splits zkCli output at the separator lines: sections[0] is the banner, sections[i] the output
// of the i-th command. Notifications go to `events`.
QList<QStringList> split_zkcli_output(const QString& output, QStringList* events);

} // namespace zs::testing
