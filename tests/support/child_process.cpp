#include "child_process.h"

#include <QElapsedTimer>
#include <QProcess>
#include <csignal>
#include <unistd.h>

namespace zs::testing {

QString ChildResult::describe() const {
    QString how;
    if (failed_to_start) {
        how = QStringLiteral("failed to start");
    } else if (timed_out) {
        how = QStringLiteral("timed out after %1 ms (process group killed)").arg(elapsed_ms);
    } else if (crashed) {
        how = QStringLiteral("crashed after %1 ms").arg(elapsed_ms);
    } else {
        how = QStringLiteral("exit code %1 after %2 ms").arg(exit_code).arg(elapsed_ms);
    }
    return how + QStringLiteral("\n----- output -----\n") + QString::fromUtf8(output) +
           QStringLiteral("\n------------------");
}

ChildResult run_child(const QString& program, const QStringList& arguments,
                      const ChildOptions& options) {
    QProcess process;
    process.setProgram(program);
    process.setArguments(arguments);
    process.setProcessChannelMode(QProcess::MergedChannels);
    if (!options.working_dir.isEmpty()) {
        process.setWorkingDirectory(options.working_dir);
    }
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(options.extra_env);
    process.setProcessEnvironment(env);
    process.setChildProcessModifier([] { ::setpgid(0, 0); });

    ChildResult result;
    QElapsedTimer clock;
    clock.start();
    process.start();
    if (!process.waitForStarted(10000)) {
        result.failed_to_start = true;
        result.output = process.errorString().toUtf8();
        return result;
    }
    if (!options.stdin_data.isEmpty()) {
        process.write(options.stdin_data);
    }
    process.closeWriteChannel();
    if (!process.waitForFinished(options.timeout_ms)) {
        result.timed_out = true;
        ::kill(-static_cast<pid_t>(process.processId()), SIGKILL);
        process.waitForFinished(5000);
    } else {
        result.crashed = process.exitStatus() == QProcess::CrashExit;
        result.exit_code = process.exitCode();
    }
    result.output = process.readAll();
    result.elapsed_ms = clock.elapsed();
    return result;
}

} // namespace zs::testing
