#pragma once

// What zooctl's commands share: the global options, how a command reports failure, and the
// table of commands main() dispatches to.
#include "proto/constants.h"

#include <chrono>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace CLI {
class App;
}

namespace zs::zooctl {

// zooctl's exit codes.
inline constexpr int kExitOk = 0;
inline constexpr int kExitZooKeeper = 1; // the server answered with an error
inline constexpr int kExitUsage = 2;     // bad arguments, or no connection to the servers

// The options before the command; each zooctl run is one session.
struct Globals {
    std::string servers = "127.0.0.1:2181";
    bool json = false;
    double timeout_seconds = 10;    // to connect, and to reconnect while the session is suspended
    std::vector<std::string> auths; // "scheme:auth", added to the session before the command
    bool read_only = false;         // accept a server cut off from its quorum (zkCli's -r)

    std::chrono::milliseconds timeout() const {
        return std::chrono::milliseconds(int64_t(timeout_seconds * 1000));
    }
};

// Ends a command: main() prints "zooctl: <message>" as one line on stderr and exits with
// `exit_code`.
class Failure : public std::runtime_error {
  public:
    Failure(int exit_code, const std::string& message)
        : std::runtime_error(message), exit_code_(exit_code) {}
    int exit_code() const { return exit_code_; }

  private:
    int exit_code_;
};

// "<subject>: NONODE (the node does not exist)", exit code 1.
Failure zookeeper_failure(const std::string& subject, proto::ErrorCode err);
// Bad arguments found after parsing (exit code 2).
Failure usage_failure(const std::string& message);

// Throws a usage Failure unless `path` is a valid znode path, as the Java client checks it:
// absolute, no empty, "." or ".." segment, no trailing "/" (allowed for a sequential create,
// which appends the number), no control characters.
void check_path(const std::string& path, bool sequential = false);

// A subcommand and what runs it once the command line parsed.
struct Command {
    CLI::App* app = nullptr;
    std::function<int(const Globals&)> run;
};
using Commands = std::vector<Command>;

// Each adds its subcommands to `app` and their runners to `commands`.
void add_read_commands(CLI::App& app, Commands& commands);       // ls get stat sync
void add_write_commands(CLI::App& app, Commands& commands);      // set create delete deleteall
void add_acl_commands(CLI::App& app, Commands& commands);        // getacl setacl
void add_watch_command(CLI::App& app, Commands& commands);       // watch
void add_four_letter_command(CLI::App& app, Commands& commands); // fourletter (4lw)
void add_transfer_commands(CLI::App& app, Commands& commands);   // export import

} // namespace zs::zooctl
