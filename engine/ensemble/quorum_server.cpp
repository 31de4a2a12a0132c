#include "ensemble/quorum_server.h"

#include "ensemble/java_text.h"

#include <fmt/format.h>

namespace zs::ensemble {

namespace {

constexpr std::string_view format_hint =
    "expected host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]";

/// Host and ports of one address, split as ConfigUtils.getHostAndPort does.
struct AddressParts {
    std::vector<std::string_view> parts;
    std::string error;
};

AddressParts split_address(std::string_view text) {
    if (!text.starts_with('[')) {
        return {java_split(text, ':'), {}};
    }
    const std::size_t close = text.find(']');
    if (close == std::string_view::npos) {
        return {{}, fmt::format("'{}' opens '[' without a matching ']'", text)};
    }
    if (close + 1 == text.size()) {
        return {{text.substr(1, close - 1)}, {}};
    }
    // ZooKeeper skips the character after ']' unseen; anything but ':' there is a typo.
    if (text[close + 1] != ':' || close + 2 == text.size()) {
        return {{}, fmt::format("'{}' needs ':port' after ']'", text)};
    }
    AddressParts result;
    result.parts.push_back(text.substr(1, close - 1));
    for (std::string_view part : java_split(text.substr(close + 2), ':')) {
        result.parts.push_back(part);
    }
    return result;
}

/// Integer.parseInt plus InetSocketAddress's range check; port 0 (any free port) makes no
/// sense for an address other servers and clients must find.
std::optional<uint16_t> parse_port(std::string_view text, std::string_view what,
                                   std::string& error) {
    const ParsedNumber port = parse_java_integer(text, 1, 65535);
    if (port.status == NumberStatus::ok) {
        return static_cast<uint16_t>(port.value);
    }
    error = port.status == NumberStatus::not_a_number
                ? fmt::format("{} port '{}' is not a number", what, text)
                : fmt::format("{} port {} is outside 1-65535", what, text);
    return std::nullopt;
}

std::optional<ServerAddress> parse_client_part(std::string_view text, std::string& error) {
    AddressParts split = split_address(text);
    if (!split.error.empty()) {
        error = std::move(split.error);
        return std::nullopt;
    }
    if (split.parts.empty() || split.parts.size() > 2) {
        error = fmt::format("client part '{}' is not [host:]port", text);
        return std::nullopt;
    }
    ServerAddress client{split.parts.size() == 2 ? std::string(split.parts[0]) : "0.0.0.0", 0};
    if (client.host.empty()) {
        error = fmt::format("client part '{}' has an empty host", text);
        return std::nullopt;
    }
    const auto port = parse_port(split.parts.back(), "client", error);
    if (!port) {
        return std::nullopt;
    }
    client.port = *port;
    return client;
}

/// Reads one `host:quorumPort:electionPort[:type]` alternative into `server`.
bool parse_alternative(std::string_view text, std::optional<bool>& observer, QuorumServer& server,
                       std::string& error) {
    AddressParts split = split_address(text);
    if (!split.error.empty()) {
        error = std::move(split.error);
        return false;
    }
    if (split.parts.size() < 3 || split.parts.size() > 4) {
        error = std::string(format_hint);
        return false;
    }
    const std::string host(split.parts[0]);
    if (host.empty()) {
        error = "the host is empty";
        return false;
    }
    const auto quorum_port = parse_port(split.parts[1], "quorum", error);
    const auto election_port =
        quorum_port ? parse_port(split.parts[2], "election", error) : std::nullopt;
    if (!quorum_port || !election_port) {
        return false;
    }
    if (*quorum_port == *election_port) {
        error = fmt::format("quorum port and election port must differ (both {})", *quorum_port);
        return false;
    }
    if (split.parts.size() == 4) {
        const std::string_view type = java_trim(split.parts[3]);
        const bool is_observer = java_equals_ignore_case(type, "observer");
        if (!is_observer && !java_equals_ignore_case(type, "participant")) {
            error = fmt::format("unknown peer type '{}' (expected participant or observer)",
                                split.parts[3]);
            return false;
        }
        if (observer && *observer != is_observer) {
            error = "all '|' separated addresses must have the same peer type";
            return false;
        }
        observer = is_observer;
    }
    server.quorum_addrs.push_back({host, *quorum_port});
    server.election_addrs.push_back({host, *election_port});
    return true;
}

} // namespace

QuorumServerParse parse_quorum_server(int64_t id, std::string_view value,
                                      bool multi_address_enabled) {
    QuorumServerParse result;
    const std::vector<std::string_view> server_and_client = java_split(value, ';');
    if (server_and_client.empty() || server_and_client.size() > 2) {
        result.error = std::string(format_hint);
        return result;
    }
    const std::vector<std::string_view> alternatives = java_split(server_and_client[0], '|');
    if (alternatives.empty()) {
        result.error = std::string(format_hint);
        return result;
    }
    if (alternatives.size() > 1 && !multi_address_enabled) {
        result.error = "'|' separated addresses need multiAddress.enabled=true";
        return result;
    }
    QuorumServer server;
    server.id = id;
    if (server_and_client.size() == 2) {
        server.client_addr = parse_client_part(server_and_client[1], result.error);
        if (!server.client_addr) {
            return result;
        }
    }
    std::optional<bool> observer;
    for (std::string_view alternative : alternatives) {
        if (!parse_alternative(alternative, observer, server, result.error)) {
            return result;
        }
    }
    server.observer = observer.value_or(false);
    result.server = std::move(server);
    return result;
}

bool is_wildcard_host(std::string_view host) {
    return host == "0.0.0.0" || host == "::" || host == "0:0:0:0:0:0:0:0";
}

} // namespace zs::ensemble
