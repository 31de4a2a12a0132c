#include "server/four_letter.h"

#include "proto/constants.h"
#include "server/clock.h"
#include "server/server.h"
#include "server/version.h"

#include <array>
#include <ctime>
#include <filesystem>
#include <fmt/format.h>
#include <map>
#include <sys/resource.h>
#include <sys/utsname.h>
#include <unistd.h>

namespace zs::server {

namespace {

constexpr std::array kCommands = {"conf", "cons", "crst", "dirs", "dump", "envi", "ruok", "srst",
                                  "srvr", "stat", "wchc", "wchp", "wchs", "mntr", "isro"};

std::string hex(int64_t value) {
    return fmt::format("0x{:x}", static_cast<uint64_t>(value));
}

// java.util.Date's toString in UTC, which `dump` prints for deadlines.
std::string java_date(int64_t wall_ms) {
    const std::time_t seconds = static_cast<std::time_t>(wall_ms / 1000);
    std::tm tm{};
    gmtime_r(&seconds, &tm);
    std::array<char, 64> text{};
    std::strftime(text.data(), text.size(), "%a %b %d %H:%M:%S UTC %Y", &tm);
    return text.data();
}

int64_t directory_size(const std::filesystem::path& dir) {
    std::error_code ec;
    int64_t total = 0;
    for (auto it = std::filesystem::recursive_directory_iterator(dir, ec);
         !ec && it != std::filesystem::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_regular_file(ec)) {
            total += static_cast<int64_t>(it->file_size(ec));
        }
    }
    return total;
}

int64_t open_file_descriptors() {
    std::error_code ec;
    int64_t count = 0;
    for (auto it = std::filesystem::directory_iterator("/proc/self/fd", ec);
         !ec && it != std::filesystem::directory_iterator(); it.increment(ec)) {
        ++count;
    }
    return count;
}

int64_t max_file_descriptors() {
    rlimit limit{};
    return getrlimit(RLIMIT_NOFILE, &limit) == 0 ? static_cast<int64_t>(limit.rlim_cur) : -1;
}

std::string connection_line(const Connection& c, bool detailed) {
    const auto& s = c.stats();
    // The bracket holds the selector interest set: 1 (read) once a session exists.
    std::string line = fmt::format(" /{}:{}[{}](queued={},recved={},sent={}", c.remote_ip(),
                                   c.remote_port(), c.handshaken() ? 1 : 0,
                                   c.outstanding_requests(), s.packets_received, s.packets_sent);
    if (detailed && c.session_id() != 0) {
        line += fmt::format(",sid={}", hex(c.session_id()));
        if (s.has_last_op) {
            line += fmt::format(",lop={}", proto::op_name(s.last_opcode));
        }
        line += fmt::format(",est={},to={}", s.established_ms, c.session_timeout_ms());
        if (s.last_cxid > 0) {
            line += fmt::format(",lcxid={}", hex(s.last_cxid));
        }
        line +=
            fmt::format(",lzxid={},lresp={},llat={},minlat={},avglat={},maxlat={}",
                        hex(s.last_zxid), s.last_response_ms, s.last_latency_ms, s.latency.min_ms(),
                        static_cast<int64_t>(s.latency.avg_ms()), s.latency.max_ms());
    }
    return line + ")\n";
}

// srvr's Mode and mntr's zk_server_state.
std::string_view mode(const Server& server) {
    return server.replication() == nullptr ? "standalone" : name_of(server.role());
}

std::string server_summary(const Server& server) {
    const auto& stats = server.stats();
    return fmt::format("Latency min/avg/max: {}/{}/{}\n"
                       "Received: {}\n"
                       "Sent: {}\n"
                       "Connections: {}\n"
                       "Outstanding: {}\n"
                       "Zxid: {}\n"
                       "Mode: {}\n"
                       "Node count: {}\n",
                       stats.latency.min_ms(), fmt::format("{:.1f}", stats.latency.avg_ms()),
                       stats.latency.max_ms(), stats.packets_received, stats.packets_sent,
                       server.connections().size(), server.outstanding_requests(),
                       hex(server.tree().last_processed_zxid()), mode(server),
                       server.tree().node_count());
}

std::string version_line() {
    return fmt::format("Zookeeper version: {}\n", full_version());
}

std::string srvr(const Server& server) {
    return version_line() + server_summary(server);
}

std::string stat(const Server& server) {
    std::string out = version_line() + "Clients:\n";
    for (const auto& [id, connection] : server.connections()) {
        out += connection_line(*connection, false);
    }
    return out + "\n" + server_summary(server);
}

std::string cons(const Server& server) {
    std::string out;
    for (const auto& [id, connection] : server.connections()) {
        out += connection_line(*connection, true);
    }
    return out + "\n";
}

std::string conf(const Server& server) {
    const auto& c = server.config();
    std::string out =
        fmt::format("clientPort={}\n"
                    "secureClientPort=-1\n"
                    "dataDir={}\n"
                    "dataDirSize={}\n"
                    "dataLogDir={}\n"
                    "dataLogSize={}\n"
                    "tickTime={}\n"
                    "maxClientCnxns={}\n"
                    "minSessionTimeout={}\n"
                    "maxSessionTimeout={}\n"
                    "clientPortListenBacklog={}\n"
                    "serverId={}\n",
                    server.port(), c.data_dir.string(), directory_size(c.data_dir),
                    c.data_log_dir.string(), directory_size(c.data_log_dir), c.tick_time_ms,
                    c.max_client_cnxns, c.min_session_timeout_ms, c.max_session_timeout_ms,
                    c.client_port_listen_backlog, c.my_id.value_or(0));
    const auto self = c.servers.find(c.my_id.value_or(0));
    if (c.is_standalone() || self == c.servers.end()) {
        return out;
    }
    // A member adds its quorum settings and the ensemble, as QuorumZooKeeperServer does.
    return out + fmt::format("initLimit={}\n"
                             "syncLimit={}\n"
                             "electionAlg={}\n"
                             "electionPort={}\n"
                             "quorumPort={}\n"
                             "peerType={}\n"
                             "membership: \n{}",
                             c.init_limit, c.sync_limit, c.election_alg,
                             self->second.election_addrs.front().port,
                             self->second.quorum_addrs.front().port, self->second.observer ? 1 : 0,
                             server.membership().text());
}

std::string envi() {
    utsname uts{};
    uname(&uts);
    std::array<char, 256> host{};
    gethostname(host.data(), host.size() - 1);
    std::error_code ec;
    const auto cwd = std::filesystem::current_path(ec);
    const char* user = std::getenv("USER");
    const char* home = std::getenv("HOME");
    return fmt::format("Environment:\n"
                       "zookeeper.version={}\n"
                       "host.name={}\n"
                       "os.name={}\n"
                       "os.arch={}\n"
                       "os.version={}\n"
                       "user.name={}\n"
                       "user.home={}\n"
                       "user.dir={}\n"
                       "zoonode.pid={}\n",
                       full_version(), host.data(), uts.sysname, uts.machine, uts.release,
                       user != nullptr ? user : "", home != nullptr ? home : "", cwd.string(),
                       getpid());
}

std::string mntr(const Server& server) {
    const auto& stats = server.stats();
    const auto& tree = server.tree();
    auto response_size = [&stats](int64_t value) {
        return stats.max_response_bytes == 0 ? int64_t(-1) : value;
    };
    std::vector<std::pair<std::string, std::string>> metrics = {
        {"version", full_version()},
        {"server_state", std::string(mode(server))},
        {"ephemerals_count", std::to_string(tree.ephemeral_count())},
        {"num_alive_connections", std::to_string(server.connections().size())},
        {"avg_latency", fmt::format("{:.1f}", stats.latency.avg_ms())},
        {"outstanding_requests", std::to_string(server.outstanding_requests())},
        {"znode_count", std::to_string(tree.node_count())},
        {"global_sessions", std::to_string(server.sessions().size())},
        {"local_sessions", "0"},
        {"non_mtls_remote_conn_count", "0"},
        {"non_mtls_local_conn_count", "0"},
        {"last_client_response_size", std::to_string(response_size(stats.last_response_bytes))},
        {"max_client_response_size", std::to_string(response_size(stats.max_response_bytes))},
        {"min_client_response_size", std::to_string(response_size(stats.min_response_bytes))},
        {"packets_sent", std::to_string(stats.packets_sent)},
        {"packets_received", std::to_string(stats.packets_received)},
        {"connection_drop_probability", "0.0"},
        {"watch_count", std::to_string(tree.watches().watch_count())},
        {"auth_failed_count", std::to_string(stats.auth_failed)},
        {"min_latency", std::to_string(stats.latency.min_ms())},
        {"max_latency", std::to_string(stats.latency.max_ms())},
        {"open_file_descriptor_count", std::to_string(open_file_descriptors())},
        {"max_file_descriptor_count", std::to_string(max_file_descriptors())},
        {"approximate_data_size", std::to_string(tree.approximate_data_size())},
        {"uptime", std::to_string(wall_clock_ms() - server.start_time_ms())},
        {"outstanding_tls_handshake", "0"},
    };
    if (const Replication* replication = server.replication()) {
        // Right after zk_server_state, as ZooKeeper prints them.
        const auto quorum = replication->monitor();
        metrics.insert(metrics.begin() + 2, quorum.begin(), quorum.end());
    }
    std::string out;
    for (const auto& [key, value] : metrics) {
        out += fmt::format("zk_{}\t{}\n", key, value);
    }
    return out;
}

std::map<uint64_t, int64_t> session_by_connection(const Server& server) {
    std::map<uint64_t, int64_t> sessions;
    for (const auto& [id, connection] : server.connections()) {
        sessions[id] = connection->session_id();
    }
    return sessions;
}

std::string wchs(const Server& server) {
    const auto& watches = server.tree().watches();
    return fmt::format("{} connections watching {} paths\nTotal watches:{}\n",
                       watches.watcher_count(), watches.watched_path_count(),
                       watches.data_watch_count());
}

std::string wchc(const Server& server) {
    const auto sessions = session_by_connection(server);
    std::string out;
    for (const auto& [watcher, paths] : server.tree().watches().by_watcher()) {
        auto it = sessions.find(watcher);
        out += hex(it == sessions.end() ? 0 : it->second) + "\n";
        for (const auto& path : paths) {
            out += "\t" + path + "\n";
        }
    }
    return out + "\n";
}

std::string wchp(const Server& server) {
    const auto sessions = session_by_connection(server);
    std::string out;
    for (const auto& [path, watchers] : server.tree().watches().by_path()) {
        out += path + "\n";
        for (auto watcher : watchers) {
            auto it = sessions.find(watcher);
            out += "\t" + hex(it == sessions.end() ? 0 : it->second) + "\n";
        }
    }
    return out + "\n";
}

std::string dump(const Server& server) {
    // Deadlines live on the monotonic clock; shown as wall-clock dates like ZooKeeper's.
    const int64_t to_wall = wall_clock_ms() - steady_ms();
    const auto& buckets = server.sessions().expiry_buckets();
    std::string out = fmt::format("SessionTracker dump:\nSession Sets ({})/({}):\n", buckets.size(),
                                  server.sessions().size());
    for (const auto& [deadline, ids] : buckets) {
        out += fmt::format("{} expire at {}:\n", ids.size(), java_date(deadline + to_wall));
        for (int64_t id : ids) {
            out += "\t" + hex(id) + "\n";
        }
    }
    const auto ephemerals = server.tree().all_ephemerals();
    out +=
        fmt::format("ephemeral nodes dump:\nSessions with Ephemerals ({}):\n", ephemerals.size());
    for (const auto& [session, paths] : ephemerals) {
        out += hex(session) + ":\n";
        for (const auto& path : paths) {
            out += "\t" + path + "\n";
        }
    }
    out += fmt::format("Connections dump:\nConnections Sets (1)/({}):\n{} expire at {}:\n",
                       server.connections().size(), server.connections().size(),
                       java_date(wall_clock_ms() + server.config().tick_time_ms));
    for (const auto& [id, connection] : server.connections()) {
        out += fmt::format("\tip: /{}:{} sessionId: {}\n", connection->remote_ip(),
                           connection->remote_port(), hex(connection->session_id()));
    }
    return out;
}

} // namespace

std::optional<std::string> four_letter_command(int32_t first_word) {
    for (const char* command : kCommands) {
        const int32_t word = static_cast<int32_t>(
            (uint32_t(uint8_t(command[0])) << 24) | (uint32_t(uint8_t(command[1])) << 16) |
            (uint32_t(uint8_t(command[2])) << 8) | uint32_t(uint8_t(command[3])));
        if (word == first_word) {
            return std::string(command);
        }
    }
    return std::nullopt;
}

std::string run_four_letter(Server& server, const std::string& command) {
    const auto& whitelist = server.config().four_letter_whitelist;
    if (!whitelist.contains("*") && !whitelist.contains(command)) {
        return command + " is not executed because it is not in the whitelist.\n";
    }
    if (command == "ruok") {
        return "imok";
    }
    if (server.replication() != nullptr && server.role() == Role::none && command != "envi" &&
        command != "isro") {
        // Electing a leader or synchronizing with one, as ZooKeeper answers then.
        return "This ZooKeeper instance is not currently serving requests\n";
    }
    if (command == "isro") {
        return "rw";
    }
    if (command == "srvr") {
        return srvr(server);
    }
    if (command == "stat") {
        return stat(server);
    }
    if (command == "cons") {
        return cons(server);
    }
    if (command == "conf") {
        return conf(server);
    }
    if (command == "envi") {
        return envi();
    }
    if (command == "mntr") {
        return mntr(server);
    }
    if (command == "wchs") {
        return wchs(server);
    }
    if (command == "wchc") {
        return wchc(server);
    }
    if (command == "wchp") {
        return wchp(server);
    }
    if (command == "dump") {
        return dump(server);
    }
    if (command == "dirs") {
        const auto& c = server.config();
        return fmt::format("datadir_size: {}\nlogdir_size: {}\n", directory_size(c.data_dir),
                           directory_size(c.data_log_dir));
    }
    if (command == "srst") {
        server.stats().reset();
        return "Server stats reset.\n";
    }
    // crst
    server.reset_connection_stats();
    return "Connection stats reset.\n";
}

} // namespace zs::server
