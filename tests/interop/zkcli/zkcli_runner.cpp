#include "zkcli_runner.h"

#include "child_process.h"

#include <QDeadlineTimer>
#include <QRegularExpression>
#include <algorithm>
#include <csignal>
#include <unistd.h>

namespace zs::testing {
namespace {

const QString kSeparatorCommand = QStringLiteral("printwatches");
const QString kSeparatorLine = QStringLiteral("printwatches is on");
constexpr int kRunTimeoutMs = 60000;

// A lighter JVM: zkCli is started often and the machine is small.
QProcessEnvironment zkcli_env() {
    QProcessEnvironment env;
    env.insert(QStringLiteral("CLIENT_JVMFLAGS"),
               QStringLiteral("-Xmx128m -XX:+UseSerialGC -XX:TieredStopAtLevel=1"));
    return env;
}

QByteArray script(const QStringList& commands) {
    QByteArray text;
    for (const QString& command : commands) {
        text += (kSeparatorCommand + QLatin1Char('\n') + command + QLatin1Char('\n')).toUtf8();
    }
    return text + (kSeparatorCommand + QLatin1Char('\n')).toUtf8();
}

} // namespace

QList<QStringList> split_zkcli_output(const QString& output, QStringList* events) {
    static const QRegularExpression event_line(
        QStringLiteral("^WatchedEvent state:(\\S+) type:(\\S+) path:(.*)$"));
    QList<QStringList> sections(1);
    for (QString line : output.split(QLatin1Char('\n'))) {
        line.remove(QLatin1Char('\r'));
        if (line == kSeparatorLine) {
            sections.append(QStringList());
            continue;
        }
        // The event thread prints "WATCHER::", blank lines and the event; println is atomic
        // per line, so these lines can be picked out wherever they land.
        if (line.isEmpty() || line == QLatin1String("WATCHER::") ||
            line.startsWith(QLatin1String("SLF4J:"))) {
            continue;
        }
        if (const auto match = event_line.match(line); match.hasMatch()) {
            if (match.captured(2) != QLatin1String("None")) {
                events->append(match.captured(2) + QLatin1Char(' ') + match.captured(3));
            }
            continue;
        }
        sections.last().append(line);
    }
    return sections;
}

std::optional<ZkCliTranscript> ZkCliRunner::run(const QStringList& commands, QString* error) const {
    ChildOptions options;
    options.stdin_data = script(commands) + "quit\n";
    options.timeout_ms = kRunTimeoutMs;
    options.extra_env = zkcli_env();
    const auto result = run_child(QStringLiteral(ZS_ZKCLI_PATH),
                                  {QStringLiteral("-server"), connect_string_}, options);
    ZkCliTranscript transcript;
    transcript.raw = QString::fromUtf8(result.output);
    const auto sections = split_zkcli_output(transcript.raw, &transcript.events);
    // Banner + one section per command + what follows the last separator.
    if (result.timed_out || result.failed_to_start || sections.size() != commands.size() + 2) {
        *error = QStringLiteral("zkCli printed %1 of %2 separators; %3")
                     .arg(sections.size() - 1)
                     .arg(commands.size() + 1)
                     .arg(result.describe());
        return std::nullopt;
    }
    transcript.outputs = sections.mid(1, commands.size());
    return transcript;
}

ZkCliSession::~ZkCliSession() {
    if (process_.state() == QProcess::NotRunning) {
        return;
    }
    process_.closeWriteChannel(); // EOF on stdin ends zkCli and closes its session
    if (!process_.waitForFinished(10000)) {
        ::kill(-static_cast<pid_t>(process_.processId()), SIGKILL);
        process_.waitForFinished(5000);
    }
}

bool ZkCliSession::start(QString* error) {
    process_.setProgram(QStringLiteral(ZS_ZKCLI_PATH));
    process_.setArguments({QStringLiteral("-server"), connect_string_});
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(zkcli_env());
    process_.setProcessEnvironment(env);
    process_.setProcessChannelMode(QProcess::MergedChannels);
    // Own process group: the script runs java as a child that must not outlive the test.
    process_.setChildProcessModifier([] { ::setpgid(0, 0); });
    process_.start();
    if (!process_.waitForStarted(10000)) {
        *error = QStringLiteral("cannot start zkCli: ") + process_.errorString();
        return false;
    }
    return true;
}

std::optional<QList<QStringList>> ZkCliSession::execute(const QStringList& commands,
                                                        QString* error) {
    const qsizetype first_section = separators_seen_ + 1;
    const qsizetype wanted = separators_seen_ + commands.size() + 1;
    process_.write(script(commands));
    const QDeadlineTimer deadline(kRunTimeoutMs);
    while (separators_seen_ < wanted && !deadline.hasExpired() &&
           process_.state() == QProcess::Running) {
        process_.waitForReadyRead(
            static_cast<int>(std::min<qint64>(deadline.remainingTime(), 200)));
        read_available();
    }
    QStringList ignored;
    const auto sections = split_zkcli_output(raw(), &ignored);
    if (separators_seen_ < wanted) {
        *error = QStringLiteral("zkCli did not finish the commands:\n") + raw();
        return std::nullopt;
    }
    return sections.mid(first_section, commands.size());
}

bool ZkCliSession::wait_for_events(qsizetype count, int timeout_ms) {
    const QDeadlineTimer deadline(timeout_ms);
    while (events().size() < count && !deadline.hasExpired()) {
        process_.waitForReadyRead(
            static_cast<int>(std::min<qint64>(deadline.remainingTime(), 200)));
        read_available();
    }
    return events().size() >= count;
}

QStringList ZkCliSession::events() {
    read_available();
    QStringList events;
    split_zkcli_output(raw(), &events);
    return events;
}

void ZkCliSession::read_available() {
    output_ += process_.readAll();
    separators_seen_ = QString::fromUtf8(output_).count(QLatin1String("\n") + kSeparatorLine);
}

} // namespace zs::testing
