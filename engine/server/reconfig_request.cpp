#include "server/reconfig_request.h"

#include "ensemble/java_text.h"
#include "ensemble/properties.h"

#include <algorithm>
#include <fmt/format.h>
#include <limits>
#include <vector>

namespace zs::server {

namespace {

using ensemble::Membership;
using ensemble::QuorumServer;
using ensemble::ServerAddress;
using proto::ErrorCode;

constexpr int64_t kLongMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kLongMax = std::numeric_limits<int64_t>::max();

ReconfigOutcome refused(ErrorCode error, std::string reason) {
    return ReconfigOutcome{std::nullopt, error, std::move(reason)};
}

// ZooKeeper's StringUtils.split: String.split, then every piece trimmed, empty pieces dropped.
std::vector<std::string_view> split_trimmed(std::string_view text, char delimiter) {
    std::vector<std::string_view> pieces;
    for (std::string_view piece : ensemble::java_split(text, delimiter)) {
        piece = ensemble::java_trim(piece);
        if (!piece.empty()) {
            pieces.push_back(piece);
        }
    }
    return pieces;
}

// Long.parseLong; its NumberFormatException reaches the client as MARSHALLINGERROR.
std::optional<int64_t> parse_long(std::string_view text) {
    const ensemble::ParsedNumber number = ensemble::parse_java_integer(text, kLongMin, kLongMax);
    if (number.status != ensemble::NumberStatus::ok) {
        return std::nullopt;
    }
    return number.value;
}

// QuorumServer.checkAddressDuplicate compares every address of two servers, except the
// loopback and wildcard ones (many servers of one machine share those hosts).
bool is_shared_host(std::string_view host) {
    return ensemble::is_wildcard_host(host) || host == "localhost" || host == "::1" ||
           host.starts_with("127.");
}

std::vector<ServerAddress> addresses_of(const QuorumServer& server) {
    std::vector<ServerAddress> all = server.quorum_addrs;
    all.insert(all.end(), server.election_addrs.begin(), server.election_addrs.end());
    if (server.client_addr) {
        all.push_back(*server.client_addr);
    }
    return all;
}

std::optional<std::string> duplicate_address(const QuorumServer& joining,
                                             const QuorumServer& member) {
    for (const ServerAddress& mine : addresses_of(joining)) {
        if (is_shared_host(mine.host)) {
            continue;
        }
        for (const ServerAddress& theirs : addresses_of(member)) {
            if (mine == theirs) {
                return fmt::format("{}:{} of server.{} conflicts {}:{} of server.{}", mine.host,
                                   mine.port, joining.id, theirs.host, theirs.port, member.id);
            }
        }
    }
    return std::nullopt;
}

// Leaving ids first (an id not in the membership is ignored), then each joining server,
// replacing a member of the same id: that is how a member's role or ports change.
ReconfigOutcome incremental(const Membership& last_seen, const proto::ReconfigRequest& request,
                            const ReconfigRules& rules) {
    if (last_seen.hierarchical()) {
        return refused(ErrorCode::bad_arguments,
                       "Incremental reconfiguration requested but last configuration seen has a "
                       "non-majority quorum system");
    }
    Membership next;
    next.servers = last_seen.servers;
    const std::string leaving_ids = request.leaving_servers.value_or("");
    const std::string joining_servers = request.joining_servers.value_or("");
    for (std::string_view id : split_trimmed(leaving_ids, ',')) {
        const auto leaving = parse_long(id);
        if (!leaving) {
            return refused(ErrorCode::marshalling_error,
                           fmt::format("leaving server id '{}' is not a number", id));
        }
        next.servers.erase(*leaving);
    }
    for (std::string_view entry : split_trimmed(joining_servers, ',')) {
        const std::vector<std::string_view> parts = split_trimmed(entry, '=');
        if (parts.size() != 2) {
            return refused(ErrorCode::bad_arguments,
                           fmt::format("Wrong format of server string: '{}'", entry));
        }
        const std::string_view key = parts[0];
        const size_t dot = key.rfind('.');
        const auto id = parse_long(dot == std::string_view::npos ? key : key.substr(dot + 1));
        if (!id) {
            return refused(ErrorCode::marshalling_error,
                           fmt::format("'{}' does not end in a server id", key));
        }
        ensemble::QuorumServerParse parsed =
            ensemble::parse_quorum_server(*id, parts[1], rules.multi_address_enabled);
        if (!parsed.server) {
            return refused(ErrorCode::bad_arguments,
                           fmt::format("Reconfiguration failed: server.{}: {}", *id, parsed.error));
        }
        if (!parsed.server->client_addr) {
            return refused(ErrorCode::bad_arguments,
                           fmt::format("Wrong format of server string - each server should have 3 "
                                       "ports specified (server.{} has no client port)",
                                       *id));
        }
        for (const auto& [other_id, other] : next.servers) {
            if (other_id == *id) {
                continue;
            }
            if (auto clash = duplicate_address(*parsed.server, other)) {
                return refused(ErrorCode::bad_arguments, *clash);
            }
        }
        next.servers.insert_or_assign(*id, std::move(*parsed.server));
    }
    return ReconfigOutcome{std::move(next), ErrorCode::ok, {}};
}

// QuorumPeerConfig.parseDynamicConfig over new_members, its commas read as line breaks.
ReconfigOutcome whole(const std::string& new_members, const ReconfigRules& rules) {
    std::string lines = new_members;
    std::replace(lines.begin(), lines.end(), ',', '\n');
    Membership next;
    std::map<int64_t, std::string> group_lines;
    for (const ensemble::PropertyLine& line : ensemble::parse_properties(lines)) {
        const std::string& key = line.key;
        const size_t dot = key.find('.');
        const std::string_view suffix =
            dot == std::string::npos ? std::string_view() : std::string_view(key).substr(dot + 1);
        if (key.starts_with("server.")) {
            const auto id = parse_long(suffix);
            if (!id) {
                return refused(ErrorCode::marshalling_error,
                               fmt::format("'{}' does not end in a server id", key));
            }
            ensemble::QuorumServerParse parsed =
                ensemble::parse_quorum_server(*id, line.value, rules.multi_address_enabled);
            if (!parsed.server) {
                return refused(ErrorCode::bad_arguments, fmt::format("{}: {}", key, parsed.error));
            }
            next.servers.insert_or_assign(*id, std::move(*parsed.server));
        } else if (key.starts_with("group") || key.starts_with("weight")) {
            const auto id = parse_long(suffix);
            if (!id) {
                return refused(ErrorCode::bad_arguments,
                               fmt::format("'{}' does not end in a number", key));
            }
            if (key.starts_with("weight")) {
                const auto weight = parse_long(line.value);
                if (!weight || *weight < 0) {
                    return refused(ErrorCode::bad_arguments,
                                   fmt::format("{}: '{}' is not a weight", key, line.value));
                }
                next.weights[*id] = *weight;
                continue;
            }
            for (std::string_view member : ensemble::java_split(line.value, ':')) {
                const auto server = parse_long(member);
                if (!server) {
                    return refused(ErrorCode::bad_arguments,
                                   fmt::format("{}: '{}' is not a server id", key, member));
                }
                if (!next.groups.emplace(*server, *id).second) {
                    return refused(
                        ErrorCode::bad_arguments,
                        fmt::format("{}: server {} is already in a group", key, *server));
                }
            }
        } else if (key != "version") {
            return refused(ErrorCode::bad_arguments, "Unrecognised parameter: " + key);
        }
    }
    if (next.hierarchical()) {
        for (const auto& [id, server] : next.servers) {
            if (!server.observer && !next.groups.contains(id)) {
                return refused(ErrorCode::bad_arguments,
                               fmt::format("server.{} is a participant in no group", id));
            }
            if (!server.observer) {
                next.weights.try_emplace(id, 1);
            }
        }
    }
    // parseDynamicConfig's IllegalArgumentExceptions: MARSHALLINGERROR, as any non-Keeper error.
    const size_t voters = next.voter_count();
    const bool observers = next.servers.size() > voters;
    if (voters == 0 && !rules.standalone_enabled) {
        return refused(ErrorCode::marshalling_error,
                       "standaloneEnabled = false then number of participants should be >0");
    }
    if (voters == 0 && observers) {
        return refused(ErrorCode::marshalling_error,
                       "Observers w/o participants is an invalid configuration");
    }
    if (voters == 1 && rules.standalone_enabled && observers) {
        return refused(ErrorCode::marshalling_error,
                       "Observers w/o quorum is an invalid configuration");
    }
    return ReconfigOutcome{std::move(next), ErrorCode::ok, {}};
}

} // namespace

std::optional<Membership> parse_membership(std::string_view text, bool multi_address_enabled) {
    ReconfigOutcome parsed =
        whole(std::string(text), ReconfigRules{.standalone_enabled = false,
                                               .multi_address_enabled = multi_address_enabled});
    if (!parsed.next) {
        return std::nullopt;
    }
    for (const ensemble::PropertyLine& line : ensemble::parse_properties(text)) {
        if (line.key == "version") {
            const ensemble::ParsedNumber version =
                ensemble::parse_java_integer(line.value, kLongMin, kLongMax, 16);
            if (version.status != ensemble::NumberStatus::ok) {
                return std::nullopt;
            }
            parsed.next->version = static_cast<uint64_t>(version.value);
        }
    }
    return parsed.next;
}

ReconfigOutcome next_membership(const Membership& last_seen, const proto::ReconfigRequest& request,
                                int64_t zxid, const ReconfigRules& rules) {
    if (request.cur_config_id != -1 &&
        request.cur_config_id != static_cast<int64_t>(last_seen.version)) {
        return refused(ErrorCode::bad_version,
                       fmt::format("Reconfiguration from version {:x} failed -- last seen version "
                                   "is {:x}",
                                   request.cur_config_id, last_seen.version));
    }
    ReconfigOutcome outcome = request.new_members ? whole(*request.new_members, rules)
                                                  : incremental(last_seen, request, rules);
    if (!outcome.next) {
        return outcome;
    }
    outcome.next->version = static_cast<uint64_t>(zxid);
    const size_t voters = outcome.next->voter_count();
    if (rules.standalone_enabled && voters < 2) {
        return refused(ErrorCode::bad_arguments,
                       "Reconfig failed - new configuration must include at least 2 followers");
    }
    if (voters < 1) {
        return refused(ErrorCode::bad_arguments,
                       "Reconfig failed - new configuration must include at least 1 follower");
    }
    return outcome;
}

} // namespace zs::server
