#pragma once

#include <chrono>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <sys/types.h>
#include <variant>
#include <vector>

namespace zs::ensemble {

struct LocalEnsembleOptions {
    std::filesystem::path zoonode; // the zoonode executable
    std::filesystem::path dir;     // member-1/, member-2/, ... are kept here between runs
    int members = 3;
    int tick_time_ms = 2000;
};

// A replicated zoonode ensemble on this computer, one child process per member, all on
// 127.0.0.1: what the desktop app launches when it starts with no connection of its own. Each
// member keeps its data directory between runs (so the tree survives a restart of the app) and
// gets fresh free ports on every start (recorded in its zoo.cfg, with its output in zoonode.log).
// The members end with the process that started them, even when it is killed or crashes (Linux:
// PR_SET_PDEATHSIG); call start() from a thread that lives as long as the ensemble should.
class LocalEnsemble {
  public:
    // Writes each member's zoo.cfg and myid and starts the members; a message on failure.
    static std::variant<std::unique_ptr<LocalEnsemble>, std::string>
    start(LocalEnsembleOptions options);
    // Stops every member still running.
    ~LocalEnsemble();
    LocalEnsemble(const LocalEnsemble&) = delete;
    LocalEnsemble& operator=(const LocalEnsemble&) = delete;

    // "127.0.0.1:p1,127.0.0.1:p2,127.0.0.1:p3".
    std::string connect_string() const;
    int size() const { return int(members_.size()); }
    // Whether member `index` (0-based) still runs; if not, why it ended and the end of its log.
    std::optional<std::string> problem(int index) const;
    // SIGTERM to every member, then SIGKILL to those still running after `grace`.
    void stop(std::chrono::milliseconds grace = std::chrono::seconds(5));

  private:
    struct Member {
        std::filesystem::path dir;
        uint16_t client_port = 0;
        uint16_t quorum_port = 0;
        uint16_t election_port = 0;
        pid_t pid = 0;
        mutable std::optional<int> exit_status; // once reaped
    };

    LocalEnsemble() = default;
    std::optional<std::string> write_configs(const LocalEnsembleOptions& options);
    std::optional<std::string> spawn(Member& member, const std::filesystem::path& zoonode);
    bool running(const Member& member) const;

    std::vector<Member> members_;
};

} // namespace zs::ensemble
