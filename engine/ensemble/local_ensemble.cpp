#include "ensemble/local_ensemble.h"

#include <arpa/inet.h>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <fmt/format.h>
#include <fstream>
#include <netinet/in.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

extern char** environ;

namespace zs::ensemble {

namespace fs = std::filesystem;

namespace {

constexpr size_t kLogTailBytes = 2000;

// A port on 127.0.0.1 that nobody listens on right now (the kernel's choice).
uint16_t free_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) {
        return 0;
    }
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t length = sizeof(address);
    uint16_t port = 0;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0 &&
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length) == 0) {
        port = ntohs(address.sin_port);
    }
    ::close(fd);
    return port;
}

std::string log_tail(const fs::path& log) {
    std::ifstream in(log, std::ios::binary);
    if (!in) {
        return {};
    }
    in.seekg(0, std::ios::end);
    const auto size = static_cast<size_t>(in.tellg());
    const size_t from = size > kLogTailBytes ? size - kLogTailBytes : 0;
    in.seekg(static_cast<std::streamoff>(from));
    std::string text(size - from, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    return text;
}

} // namespace

std::variant<std::unique_ptr<LocalEnsemble>, std::string>
LocalEnsemble::start(LocalEnsembleOptions options) {
    if (options.members < 1 || options.members > 9) {
        return fmt::format("a local ensemble has 1 to 9 members, not {}", options.members);
    }
    if (!fs::exists(options.zoonode)) {
        return fmt::format("no zoonode executable at {}", options.zoonode.string());
    }
    std::unique_ptr<LocalEnsemble> ensemble(new LocalEnsemble());
    ensemble->members_.resize(size_t(options.members));
    if (auto error = ensemble->write_configs(options)) {
        return *error;
    }
    for (Member& member : ensemble->members_) {
        if (auto error = ensemble->spawn(member, options.zoonode)) {
            return *error;
        }
    }
    return ensemble;
}

std::optional<std::string> LocalEnsemble::write_configs(const LocalEnsembleOptions& options) {
    std::string servers;
    for (size_t i = 0; i < members_.size(); ++i) {
        Member& member = members_[i];
        member.dir = options.dir / fmt::format("member-{}", i + 1);
        member.client_port = free_port();
        member.quorum_port = free_port();
        member.election_port = free_port();
        if (member.client_port == 0 || member.quorum_port == 0 || member.election_port == 0) {
            return std::string("cannot find free ports on 127.0.0.1");
        }
        servers += fmt::format("server.{}=127.0.0.1:{}:{}\n", i + 1, member.quorum_port,
                               member.election_port);
    }
    for (size_t i = 0; i < members_.size(); ++i) {
        const Member& member = members_[i];
        std::error_code ec;
        fs::create_directories(member.dir / "data", ec);
        if (ec) {
            return fmt::format("cannot create {}: {}", (member.dir / "data").string(),
                               ec.message());
        }
        std::ofstream myid(member.dir / "data" / "myid", std::ios::trunc);
        myid << (i + 1) << '\n';
        std::ofstream config(member.dir / "zoo.cfg", std::ios::trunc);
        config << "# Written by ZooScope for its local ensemble; rewritten on every start.\n"
               << "tickTime=" << options.tick_time_ms << '\n'
               << "initLimit=10\nsyncLimit=5\n"
               << "dataDir=" << (member.dir / "data").string() << '\n'
               << "clientPort=" << member.client_port << '\n'
               << "clientPortAddress=127.0.0.1\n"
               << "admin.enableServer=false\n"
               << "4lw.commands.whitelist=*\n"
               << servers;
        if (!myid || !config.flush()) {
            return fmt::format("cannot write the configuration in {}", member.dir.string());
        }
    }
    return std::nullopt;
}

std::optional<std::string> LocalEnsemble::spawn(Member& member, const fs::path& zoonode) {
    // Everything the child needs is prepared here: between fork and exec it may only make
    // async-signal-safe calls.
    const std::string log = (member.dir / "zoonode.log").string();
    const std::string program = zoonode.string();
    const std::string config = (member.dir / "zoo.cfg").string();
    char* argv[] = {const_cast<char*>(program.c_str()), const_cast<char*>(config.c_str()), nullptr};
    const pid_t parent = ::getpid();
    const pid_t pid = ::fork();
    if (pid < 0) {
        return fmt::format("cannot start {}: {}", program, std::strerror(errno));
    }
    if (pid == 0) {
        // A member ends with the app, even when the app is killed or crashes.
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        if (::getppid() != parent) {
            ::_exit(1);
        }
        const int out = ::open(log.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
        const int in = ::open("/dev/null", O_RDONLY | O_CLOEXEC);
        if (out < 0 || in < 0 || ::dup2(in, STDIN_FILENO) < 0 || ::dup2(out, STDOUT_FILENO) < 0 ||
            ::dup2(out, STDERR_FILENO) < 0) {
            ::_exit(126);
        }
        ::execve(program.c_str(), argv, environ);
        ::_exit(127);
    }
    member.pid = pid;
    member.exit_status.reset();
    return std::nullopt;
}

bool LocalEnsemble::running(const Member& member) const {
    if (member.pid == 0 || member.exit_status) {
        return false;
    }
    int status = 0;
    if (::waitpid(member.pid, &status, WNOHANG) == member.pid) {
        member.exit_status = status;
        return false;
    }
    return true;
}

std::optional<std::string> LocalEnsemble::problem(int index) const {
    const Member& member = members_.at(size_t(index));
    if (running(member)) {
        return std::nullopt;
    }
    const int status = member.exit_status.value_or(0);
    const std::string how = WIFSIGNALED(status)
                                ? fmt::format("was killed by signal {}", WTERMSIG(status))
                                : fmt::format("exited with code {}", WEXITSTATUS(status));
    return fmt::format("member {} {}; the end of its log ({}):\n{}", index + 1, how,
                       (member.dir / "zoonode.log").string(), log_tail(member.dir / "zoonode.log"));
}

std::string LocalEnsemble::connect_string() const {
    std::string text;
    for (const Member& member : members_) {
        text += fmt::format("{}127.0.0.1:{}", text.empty() ? "" : ",", member.client_port);
    }
    return text;
}

void LocalEnsemble::stop(std::chrono::milliseconds grace) {
    for (const Member& member : members_) {
        if (running(member)) {
            ::kill(member.pid, SIGTERM);
        }
    }
    const auto deadline = std::chrono::steady_clock::now() + grace;
    for (const Member& member : members_) {
        while (running(member) && std::chrono::steady_clock::now() < deadline) {
            std::this_thread::sleep_for(std::chrono::milliseconds(10));
        }
        if (running(member)) {
            ::kill(member.pid, SIGKILL);
            int status = 0;
            ::waitpid(member.pid, &status, 0);
            member.exit_status = status;
        }
    }
}

LocalEnsemble::~LocalEnsemble() {
    stop();
}

} // namespace zs::ensemble
