#pragma once

#include <QByteArray>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

namespace zs::testing {

// How run_child() runs a program.
struct ChildOptions {
    QByteArray stdin_data;
    int timeout_ms = 60000;
    // Added to (and overriding) the test's own environment.
    QProcessEnvironment extra_env;
    QString working_dir;
};

// What a finished (or killed) child did. Output is stdout and stderr merged in arrival order.
struct ChildResult {
    int exit_code = -1;
    bool timed_out = false;
    bool crashed = false;
    bool failed_to_start = false;
    QByteArray output;
    qint64 elapsed_ms = 0;

    bool ok() const { return !timed_out && !crashed && !failed_to_start && exit_code == 0; }
    // One line saying how it ended, then the output: made for QVERIFY2 messages.
    QString describe() const;
};

// Runs a program to completion with a deadline. The child gets its own process group and on
// timeout the whole group is killed, so wrapper scripts cannot leave a JVM behind.
ChildResult run_child(const QString& program, const QStringList& arguments,
                      const ChildOptions& options = {});

} // namespace zs::testing
