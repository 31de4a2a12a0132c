#pragma once

#include "ensemble/membership.h"
#include "ensemble/quorum_server.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace zs::ensemble {

/// Whether this server votes (participant) or only follows (observer).
enum class PeerType { participant, observer };

/// Every four-letter word ZooKeeper 3.8 knows; `4lw.commands.whitelist=*` enables all of them.
inline constexpr std::array<std::string_view, 18> known_four_letter_words = {
    "conf", "cons", "crst", "dirs", "dump", "envi", "gtmk", "hash", "isro",
    "mntr", "ruok", "srst", "srvr", "stat", "stmk", "wchc", "wchp", "wchs"};

/// A zoo.cfg after ZooKeeper 3.8's reading of it, plus the JVM properties ZooKeeper consults.
/// Every field starts at ZooKeeper's default; values are final (defaults resolved, checks done).
struct ZooConfig {
    // Keys QuorumPeerConfig reads itself.
    int32_t tick_time_ms = 3000;
    std::filesystem::path data_dir;              // absolute: relative paths resolve against the cwd
    std::filesystem::path data_log_dir;          // = data_dir unless dataLogDir is set
    std::optional<uint16_t> client_port;         // clientPort, or the client part of server.<my_id>
    std::string client_port_address = "0.0.0.0"; // 0.0.0.0 binds every interface, IPv6 too
    int32_t max_client_cnxns = 60;               // per client IP; 0 = unlimited
    int32_t min_session_timeout_ms = 6000;       // -1 in zoo.cfg means 2 x tickTime
    int32_t max_session_timeout_ms = 60000;      // -1 in zoo.cfg means 20 x tickTime
    int32_t client_port_listen_backlog = -1;     // -1 = the OS default
    int32_t init_limit = 0;                      // ticks; required in quorum mode
    int32_t sync_limit = 0;                      // ticks; required in quorum mode
    int32_t connect_to_learner_master_limit = 0; // ticks; 0 = use init_limit
    int32_t election_alg = 3;
    bool quorum_listen_on_all_ips = false;
    PeerType peer_type = PeerType::participant; // taken from the server list when it says so
    bool sync_enabled = true;                   // observers log txns and take snapshots
    bool standalone_enabled = true;
    bool reconfig_enabled = false;
    int32_t snap_retain_count = 3;    // autopurge.snapRetainCount, at least 3
    int32_t purge_interval_hours = 0; // autopurge.purgeInterval; 0 = never purge
    bool local_sessions_enabled = false;
    bool local_sessions_upgrading_enabled = false;
    bool multi_address_enabled = false;
    bool multi_address_reachability_check_enabled = true;
    int32_t multi_address_reachability_check_timeout_ms = 1000;
    std::string dynamic_config_file;   // as written; empty when the servers are in zoo.cfg
    std::filesystem::path config_file; // the zoo.cfg this was read from (a reconfig edits it)

    // The ensemble: server.N lines (from zoo.cfg or the dynamic file), group.N and weight.N.
    std::map<int64_t, QuorumServer> servers;
    std::map<int64_t, int64_t> server_groups;  // server id -> group id (hierarchical quorums)
    std::map<int64_t, int64_t> server_weights; // server id -> vote weight (hierarchical quorums)
    uint64_t config_version = 0;               // `version` key or the dynamic file's suffix
    std::optional<int64_t> my_id;              // dataDir/myid, when that file exists

    // JVM properties ZooKeeper reads as "zookeeper.<key>": set by an unrecognised zoo.cfg key
    // <key>, or by -Dzookeeper.<key> in SERVER_JVMFLAGS / JVMFLAGS (zoo.cfg wins).
    std::set<std::string> four_letter_whitelist{"srvr"}; // srvr always; isro in read-only mode
    bool admin_enable_server = true;
    std::string admin_server_address = "0.0.0.0";
    uint16_t admin_server_port = 8080;
    int32_t admin_idle_timeout_ms = 30000;
    // Fast Leader Election's finalizeWait: once a quorum agrees, how long a better vote may
    // still come. ZooKeeper fixes it at 200 ms; zoonode waits 50 ms unless told otherwise
    // (notifications cross a LAN in well under that, and the wait only helps choose the most
    // up-to-date leader: any quorum's choice is safe).
    int32_t fle_finalize_wait_ms = 50;
    // Fast Leader Election's wait for notifications, doubling from min to max while none come.
    int32_t fle_min_notification_interval_ms = 200;
    int32_t fle_max_notification_interval_ms = 60000;
    std::string admin_command_url = "/commands";
    bool extended_types_enabled = false; // TTL nodes
    bool emulate_353_ttl_nodes = false;
    int64_t snap_count = 100000; // txns between snapshots, at least 2
    int32_t global_outstanding_limit = 1000;
    int32_t max_cnxns = 0; // all clients together; 0 = unlimited
    bool skip_acl = false;
    bool enforce_quota = false;
    bool digest_enabled = true;      // per-txn data tree digests
    bool digest_auth_enabled = true; // the "digest" auth scheme
    std::string super_digest;        // "super:<base64 sha1>", empty = no super user
    bool force_sync = true;
    int64_t fsync_warning_threshold_ms = 1000;
    bool leader_serves = true;
    int32_t cnx_timeout_ms = 5000;        // connect timeout for election connections
    int32_t election_port_bind_retry = 3; // 0 = retry forever
    bool tcp_keep_alive = false;          // peer sockets
    bool client_tcp_keep_alive = false;
    bool data_dir_autocreate = true;

    // JVM properties ZooKeeper reads without the "zookeeper." prefix: only -D can set them.
    int32_t jute_max_buffer_bytes = 0xfffff;
    int32_t jute_max_buffer_extra_bytes = 0xfffff; // zookeeper.jute.maxbuffer.extrasize, >= 1024
    bool read_only_mode_enabled = false;
    int64_t container_check_interval_ms = 60000;
    int32_t container_max_per_minute = 10000;
    int64_t container_max_never_used_interval_ms = 0; // 0 = keep never-used containers

    /// ZooKeeper's rule (QuorumPeerConfig.isDistributed, negated): standalone unless there are
    /// two or more participants, or standaloneEnabled=false with at least one.
    bool is_standalone() const;
    std::size_t participant_count() const;
    /// True when group.N / weight.N lines select hierarchical quorums.
    bool is_hierarchical() const { return !server_groups.empty(); }
    /// The ensemble as ZooKeeper's QuorumVerifier holds it (see Membership::text() for the form
    /// of /zookeeper/config).
    Membership membership() const;
};

/// One finding about the configuration. `text` is complete and names the file, line and key.
struct ConfigMessage {
    std::string key;
    int line = 0; // 0 = not from a line of the file (a -D property, a missing key, myid, ...)
    std::string text;
};

/// The configuration, unless there are errors; every error and warning found either way.
struct ConfigResult {
    std::optional<ZooConfig> config;
    std::vector<ConfigMessage> errors;
    std::vector<ConfigMessage> warnings;
};

/// Reads zoo.cfg text as ZooKeeper 3.8 does. `config_path` names the file in messages (relative
/// paths inside resolve against the current directory, as in ZooKeeper); `system_properties`
/// are the -D flags of the JVM command line. Reads dataDir/myid and dynamicConfigFile.
ConfigResult parse_zoo_config(std::string_view text, const std::filesystem::path& config_path,
                              const std::map<std::string, std::string>& system_properties);

/// The -D properties a ZooKeeper server would start with: zkServer.sh passes SERVER_JVMFLAGS,
/// then JVMFLAGS, so a later -D wins. Words split and quotes removed as a shell would. Either
/// argument may be null.
std::map<std::string, std::string> system_properties_from_env(const char* server_jvmflags,
                                                              const char* jvmflags);

/// Reads `cfg` and parses it with the -D flags from the SERVER_JVMFLAGS and JVMFLAGS variables.
ConfigResult load_zoo_config(const std::filesystem::path& cfg);

} // namespace zs::ensemble
