#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zs::ensemble {

/// A host and port as written in zoo.cfg; the host stays unresolved, IPv6 without brackets.
struct ServerAddress {
    std::string host;
    uint16_t port = 0;

    friend bool operator==(const ServerAddress&, const ServerAddress&) = default;
};

/// One ensemble member from a `server.N` line.
struct QuorumServer {
    int64_t id = 0;
    std::vector<ServerAddress> quorum_addrs;   // one per '|' alternative (multiAddress.enabled)
    std::vector<ServerAddress> election_addrs; // same order as quorum_addrs
    bool observer = false;
    std::optional<ServerAddress> client_addr; // from the ";[clientHost:]clientPort" part

    friend bool operator==(const QuorumServer&, const QuorumServer&) = default;
};

/// A parsed `server.N` value, or what is wrong with it.
struct QuorumServerParse {
    std::optional<QuorumServer> server;
    std::string error;
};

/// Reads `host:quorumPort:electionPort[:participant|observer][;[clientHost:]clientPort]` the way
/// ZooKeeper's QuorumServer does: the value is not trimmed, '|' separates alternative addresses
/// (only when `multi_address_enabled`), IPv6 hosts go in brackets, a client part without a host
/// listens on 0.0.0.0.
QuorumServerParse parse_quorum_server(int64_t id, std::string_view value,
                                      bool multi_address_enabled);

/// True for an address that means "every interface" (0.0.0.0, ::).
bool is_wildcard_host(std::string_view host);

} // namespace zs::ensemble
