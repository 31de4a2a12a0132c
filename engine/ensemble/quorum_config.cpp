// The ensemble part of a zoo.cfg, following QuorumPeerConfig.setupQuorumPeerConfig: the server,
// group and weight lines (QuorumMaj / QuorumHierarchical), dataDir/myid, the client address,
// the peer type and the quorum-mode checks, plus the checks ZooKeeper leaves to start-up
// failures (myid missing from the list, addresses used twice).

#include "ensemble/config_draft.h"
#include "ensemble/java_text.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <limits>

namespace zs::ensemble::detail {

namespace {

namespace fs = std::filesystem;

constexpr int64_t id_max = std::numeric_limits<int64_t>::max();

/// What the ensemble lines said, kept for messages about them.
struct EnsembleLines {
    std::string file;                               // zoo.cfg or the dynamic file
    std::map<int64_t, const Setting*> server_lines; // server id -> its server.N line
    std::map<int64_t, const Setting*> group_lines;  // server id -> the group line naming it
    bool hierarchical = false;
};

/// QuorumMaj and QuorumHierarchical parse these values untrimmed: blanks break a number.
std::string with_blank_hint(const Setting& setting, std::string what) {
    if (setting.raw_value != setting.value) {
        what += " (ZooKeeper does not trim server, group and weight values)";
    }
    return what;
}

/// Long.parseLong(key.substring(key.indexOf('.') + 1)).
std::optional<int64_t> id_after_dot(const Setting& setting, std::string_view what,
                                    Reporter& report) {
    const std::size_t dot = setting.key.find('.');
    const std::string_view id =
        std::string_view(setting.key).substr(dot == std::string::npos ? 0 : dot + 1);
    const ParsedNumber number = parse_java_integer(id, 0, id_max);
    if (number.status != NumberStatus::ok) {
        report.error(setting, fmt::format("'{}' is not a {} id (a number, 0 or more)", id, what));
        return std::nullopt;
    }
    return number.value;
}

void read_server(const Setting& setting, ConfigDraft& draft, EnsembleLines& lines) {
    const auto id = id_after_dot(setting, "server", draft.report);
    if (!id) {
        return;
    }
    if (const auto it = lines.server_lines.find(*id); it != lines.server_lines.end()) {
        draft.report.error(setting, fmt::format("server {} is already defined by {} on line {}",
                                                *id, it->second->key, it->second->line));
        return;
    }
    QuorumServerParse parsed =
        parse_quorum_server(*id, setting.raw_value, draft.config.multi_address_enabled);
    if (!parsed.server) {
        draft.report.error(setting, with_blank_hint(setting, parsed.error));
        return;
    }
    const auto jvm_flag = draft.system_properties.find("zookeeper.multiAddress.enabled");
    const bool jvm_allows_multi = jvm_flag != draft.system_properties.end() &&
                                  java_equals_ignore_case(jvm_flag->second, "true");
    if (parsed.server->quorum_addrs.size() > 1 && !jvm_allows_multi) {
        draft.report.warning(setting, "Apache ZooKeeper 3.8 itself accepts '|' addresses only with "
                                      "-Dzookeeper.multiAddress.enabled=true; its zoo.cfg key "
                                      "does not reach the server line parser");
    }
    lines.server_lines.emplace(*id, &setting);
    draft.config.servers.emplace(*id, std::move(*parsed.server));
}

void read_group(const Setting& setting, ConfigDraft& draft, EnsembleLines& lines) {
    const auto group = id_after_dot(setting, "group", draft.report);
    if (!group) {
        return;
    }
    for (std::string_view member : java_split(setting.raw_value, ':')) {
        const ParsedNumber id = parse_java_integer(member, 0, id_max);
        if (id.status != NumberStatus::ok) {
            draft.report.error(
                setting, with_blank_hint(setting, fmt::format("'{}' is not a server id", member)));
            continue;
        }
        const auto [it, inserted] = draft.config.server_groups.emplace(id.value, *group);
        if (!inserted) {
            draft.report.error(
                setting, fmt::format("server {} is already in group {}", id.value, it->second));
            continue;
        }
        lines.group_lines.emplace(id.value, &setting);
    }
}

void read_weight(const Setting& setting, ConfigDraft& draft) {
    const auto id = id_after_dot(setting, "weight", draft.report);
    const ParsedNumber weight = parse_java_integer(setting.raw_value, 0, id_max);
    if (weight.status != NumberStatus::ok) {
        draft.report.error(setting, with_blank_hint(setting, "must be a weight, 0 or more"));
        return;
    }
    if (id) {
        draft.config.server_weights.insert_or_assign(*id, weight.value);
    }
}

void read_version(const Setting& setting, ConfigDraft& draft) {
    const ParsedNumber version =
        parse_java_integer(setting.raw_value, std::numeric_limits<int64_t>::min(), id_max, 16);
    if (version.status != NumberStatus::ok) {
        draft.report.error(setting, with_blank_hint(setting, "must be a hexadecimal number"));
        return;
    }
    draft.config.config_version = static_cast<uint64_t>(version.value);
}

/// QuorumPeerConfig.getVersionFromFilename: the hex suffix after the path's last '.'.
std::optional<uint64_t> version_from_file_name(std::string_view path) {
    const std::size_t dot = path.rfind('.');
    if (dot == std::string_view::npos) {
        return std::nullopt;
    }
    const ParsedNumber version =
        parse_java_integer(path.substr(dot + 1), std::numeric_limits<int64_t>::min(), id_max, 16);
    if (version.status != NumberStatus::ok) {
        return std::nullopt;
    }
    return static_cast<uint64_t>(version.value);
}

/// With dynamicConfigFile the ensemble comes from that file, which may hold nothing else.
void read_dynamic_file(ConfigDraft& draft, EnsembleLines& lines) {
    const std::string& path = draft.config.dynamic_config_file;
    std::string error;
    const auto text = read_text_file(path, error);
    if (!text) {
        draft.report.error(*draft.core_key("dynamicConfigFile"), "cannot be read: " + error);
        draft.quorum_keys.clear();
        return;
    }
    lines.file = path;
    draft.quorum_keys.clear();
    for (Setting& setting : read_settings(*text, path, draft.report)) {
        const std::string& key = setting.key;
        if (key == "version") {
            draft.report.error(setting, "must not be in the dynamic file: ZooKeeper takes the "
                                        "version from the file name");
        } else if (key.starts_with("server.") || key.starts_with("group") ||
                   key.starts_with("weight")) {
            draft.quorum_keys.push_back(std::move(setting));
        } else {
            draft.report.error(setting, "is not allowed in a dynamic config file (only server.N, "
                                        "group.N and weight.N are)");
        }
    }
    draft.config.config_version = version_from_file_name(path).value_or(0);
}

/// QuorumHierarchical: every participant in exactly one group; groups name real participants.
void check_groups(ConfigDraft& draft, const EnsembleLines& lines) {
    ZooConfig& config = draft.config;
    for (const auto& [id, group_line] : lines.group_lines) {
        const auto server = config.servers.find(id);
        if (server == config.servers.end()) {
            draft.report.error(*group_line, fmt::format("server {} has no server.{} line", id, id));
        } else if (server->second.observer) {
            draft.report.error(*group_line, fmt::format("server {} is an observer; only "
                                                        "participants belong to groups",
                                                        id));
        }
    }
    for (const auto& [id, server] : config.servers) {
        if (server.observer) {
            continue;
        }
        if (!config.server_groups.contains(id)) {
            draft.report.error(*lines.server_lines.at(id),
                               "is in no group; once group or weight lines exist, every "
                               "participant needs a group");
        }
        config.server_weights.try_emplace(id, 1);
    }
}

/// QuorumPeerConfig.parseDynamicConfig: how many participants and observers make sense.
void check_member_counts(ConfigDraft& draft, const EnsembleLines& lines) {
    const ZooConfig& config = draft.config;
    const std::size_t participants = config.participant_count();
    const std::size_t observers = config.servers.size() - participants;
    const std::string& file = lines.file;
    if (participants == 0) {
        if (!config.standalone_enabled) {
            draft.report.error("standaloneEnabled",
                               fmt::format("{}: standaloneEnabled=false needs at least one "
                                           "participant server.N line",
                                           file));
        }
        if (observers > 0) {
            draft.report.error("server", fmt::format("{}: observers without participants are not "
                                                     "an ensemble",
                                                     file));
        }
    } else if (participants == 1 && config.standalone_enabled) {
        draft.report.warning("server", fmt::format("{}: only one server is listed, so it runs "
                                                   "standalone, as in ZooKeeper; set "
                                                   "standaloneEnabled=false for a one-server "
                                                   "ensemble",
                                                   file));
        if (observers > 0) {
            draft.report.error("server", fmt::format("{}: observers need at least two "
                                                     "participants (or standaloneEnabled=false)",
                                                     file));
        }
    } else if (participants <= 2) {
        draft.report.warning("server", fmt::format("{}: no server failure will be tolerated with "
                                                   "{} participant(s); you need at least 3",
                                                   file, participants));
    } else if (participants % 2 == 0) {
        draft.report.warning("server", fmt::format("{}: {} participants tolerate no more failures "
                                                   "than {}; consider an odd number",
                                                   file, participants, participants - 1));
    }
}

/// Two listeners cannot share a host and port. Client ports on the wildcard address are left
/// out: every server of a multi-host ensemble listens on 0.0.0.0:2181 on its own machine.
void check_duplicate_addresses(ConfigDraft& draft, const EnsembleLines& lines) {
    struct Owner {
        int64_t id;
        std::string_view role;
    };
    std::map<std::pair<std::string, uint16_t>, Owner> owners;
    auto claim = [&](int64_t id, const ServerAddress& address, std::string_view role) {
        std::string host = address.host;
        std::transform(host.begin(), host.end(), host.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        const auto [it, inserted] = owners.try_emplace({host, address.port}, Owner{id, role});
        if (!inserted) {
            draft.report.error(*lines.server_lines.at(id),
                               fmt::format("{}:{} ({}) is already the {} of server.{}",
                                           address.host, address.port, role, it->second.role,
                                           it->second.id));
        }
    };
    for (const auto& [id, server] : draft.config.servers) {
        for (const ServerAddress& address : server.quorum_addrs) {
            claim(id, address, "quorum port");
        }
        for (const ServerAddress& address : server.election_addrs) {
            claim(id, address, "election port");
        }
        if (server.client_addr && !is_wildcard_host(server.client_addr->host)) {
            claim(id, *server.client_addr, "client port");
        }
    }
}

/// QuorumPeerConfig.setupMyId: the first line of dataDir/myid, when that file exists.
void read_my_id(ConfigDraft& draft) {
    ZooConfig& config = draft.config;
    if (config.data_dir.empty()) {
        return;
    }
    const fs::path path = config.data_dir / "myid";
    std::error_code ec;
    if (!fs::is_regular_file(path, ec)) {
        return;
    }
    std::string error;
    const auto text = read_text_file(path, error);
    if (!text) {
        draft.report.error("myid", fmt::format("{}: cannot be read: {}", path.string(), error));
        return;
    }
    // BufferedReader.readLine ends the line at \n, \r or \r\n; the rest is never looked at.
    const std::string_view first_line =
        std::string_view(*text).substr(0, text->find_first_of("\r\n"));
    const ParsedNumber id = parse_java_integer(first_line, 0, id_max);
    if (id.status != NumberStatus::ok) {
        draft.report.error("myid", fmt::format("{}: myid: must hold this server's id, a number, "
                                               "0 or more (got '{}')",
                                               path.string(), first_line));
        return;
    }
    config.my_id = id.value;
}

/// QuorumPeerConfig.setupClientPort: the client part of server.<myid> is this server's client
/// address, and a static clientPort must agree with it.
void resolve_client_address(ConfigDraft& draft) {
    ZooConfig& config = draft.config;
    const auto server = config.my_id ? config.servers.find(*config.my_id) : config.servers.end();
    if (server == config.servers.end() || !server->second.client_addr) {
        return;
    }
    const ServerAddress& listed = *server->second.client_addr;
    if (config.client_port) {
        const bool wildcard = is_wildcard_host(config.client_port_address);
        if (*config.client_port != listed.port ||
            (!wildcard && config.client_port_address != listed.host)) {
            const Setting* blamed = draft.core_key("clientPortAddress");
            draft.report.error(blamed != nullptr ? *blamed : *draft.core_key("clientPort"),
                               fmt::format("differs from the client address {}:{} of server.{}",
                                           listed.host, listed.port, *config.my_id));
        }
    }
    config.client_port = listed.port;
    config.client_port_address = listed.host;
}

/// QuorumPeerConfig.setupPeerType: the server list decides.
void resolve_peer_type(ConfigDraft& draft) {
    ZooConfig& config = draft.config;
    const auto server = config.my_id ? config.servers.find(*config.my_id) : config.servers.end();
    const PeerType listed = server != config.servers.end() && server->second.observer
                                ? PeerType::observer
                                : PeerType::participant;
    if (listed != config.peer_type) {
        if (const Setting* setting = draft.core_key("peerType")) {
            draft.report.warning(*setting, "disagrees with the server list, which ZooKeeper "
                                           "follows");
        }
        config.peer_type = listed;
    }
}

void require_limit(ConfigDraft& draft, std::string_view key, int32_t value) {
    if (value != 0) {
        return;
    }
    if (const Setting* setting = draft.core_key(key)) {
        draft.report.error(*setting, "must be at least 1 tick when several servers form a quorum");
    } else {
        draft.report.error(key, fmt::format("{}: {}: is required when several servers form a "
                                            "quorum",
                                            draft.report.config_file(), key));
    }
}

/// QuorumPeerConfig.checkValidity, and what QuorumPeer would refuse at start-up.
void check_quorum_mode(ConfigDraft& draft, const EnsembleLines& lines) {
    const ZooConfig& config = draft.config;
    const std::string my_id_file = (config.data_dir / "myid").string();
    if (config.extended_types_enabled && config.my_id && *config.my_id > 254) {
        draft.report.error("myid", fmt::format("{}: myid: extendedTypesEnabled=true allows "
                                               "server ids up to 254 (got '{}')",
                                               my_id_file, *config.my_id));
    }
    if (config.is_standalone()) {
        return;
    }
    require_limit(draft, "initLimit", config.init_limit);
    require_limit(draft, "syncLimit", config.sync_limit);
    if (!config.my_id) {
        draft.report.error("myid", fmt::format("{}: is missing; in quorum mode it must hold this "
                                               "server's id",
                                               my_id_file));
    } else if (!config.servers.contains(*config.my_id)) {
        draft.report.error("myid",
                           fmt::format("{}: myid: no server.{} line in {} (got '{}')", my_id_file,
                                       *config.my_id, lines.file, *config.my_id));
    }
}

} // namespace

void setup_quorum(ConfigDraft& draft) {
    EnsembleLines lines{draft.report.config_file(), {}, {}, false};
    if (!draft.config.dynamic_config_file.empty()) {
        read_dynamic_file(draft, lines);
    }
    for (const Setting& setting : draft.quorum_keys) {
        if (setting.key.starts_with("server.")) {
            read_server(setting, draft, lines);
        } else if (setting.key.starts_with("group")) {
            lines.hierarchical = true;
            read_group(setting, draft, lines);
        } else if (setting.key.starts_with("weight")) {
            lines.hierarchical = true;
            read_weight(setting, draft);
        } else {
            read_version(setting, draft);
        }
    }
    if (lines.hierarchical) {
        check_groups(draft, lines);
    }
    check_member_counts(draft, lines);
    check_duplicate_addresses(draft, lines);
    read_my_id(draft);
    resolve_client_address(draft);
    resolve_peer_type(draft);
    check_quorum_mode(draft, lines);
    if (!draft.config.client_port && !draft.report.has_errors()) {
        draft.report.warning("clientPort",
                             fmt::format("{}: neither clientPort nor a client port on this "
                                         "server's server.N line: no client can connect",
                                         draft.report.config_file()));
    }
}

} // namespace zs::ensemble::detail
