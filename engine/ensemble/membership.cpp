#include "ensemble/membership.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <vector>

namespace zs::ensemble {

namespace {

std::string host_port(const ServerAddress& address) {
    return address.host.find(':') != std::string::npos
               ? fmt::format("[{}]:{}", address.host, address.port)
               : fmt::format("{}:{}", address.host, address.port);
}

/// The lines of text() before the version line.
std::vector<std::string> member_lines(const Membership& membership) {
    std::vector<std::string> lines;
    for (const auto& [id, server] : membership.servers) {
        std::string line = fmt::format("server.{}=", id);
        for (size_t i = 0; i < server.quorum_addrs.size(); ++i) {
            line += fmt::format("{}{}:{}", i == 0 ? "" : "|", host_port(server.quorum_addrs[i]),
                                server.election_addrs[i].port);
        }
        line += server.observer ? ":observer" : ":participant";
        if (server.client_addr) {
            line += ";" + host_port(*server.client_addr);
        }
        lines.push_back(std::move(line));
    }
    std::map<int64_t, std::vector<int64_t>> groups;
    for (const auto& [server, group] : membership.groups) {
        groups[group].push_back(server);
    }
    for (const auto& [group, members] : groups) {
        lines.push_back(fmt::format("group.{}={}", group, fmt::join(members, ":")));
    }
    for (const auto& [server, weight] : membership.weights) {
        lines.push_back(fmt::format("weight.{}={}", server, weight));
    }
    return lines;
}

} // namespace

bool Membership::is_voter(int64_t id) const {
    const auto it = servers.find(id);
    return it != servers.end() && !it->second.observer;
}

std::size_t Membership::voter_count() const {
    return static_cast<std::size_t>(std::count_if(
        servers.begin(), servers.end(), [](const auto& entry) { return !entry.second.observer; }));
}

bool Membership::contains_quorum(const std::set<int64_t>& ids) const {
    if (!hierarchical()) {
        const auto voting = static_cast<std::size_t>(
            std::count_if(ids.begin(), ids.end(), [this](int64_t id) { return is_voter(id); }));
        return voting * 2 > voter_count();
    }
    // QuorumHierarchical.containsQuorum: groups of zero weight do not count.
    std::map<int64_t, int64_t> group_weight;
    std::map<int64_t, int64_t> weight_present;
    for (const auto& [server, group] : groups) {
        const auto weight = weights.find(server);
        const int64_t w = weight == weights.end() ? 1 : weight->second;
        group_weight[group] += w;
        if (ids.contains(server) && is_voter(server)) {
            weight_present[group] += w;
        }
    }
    size_t weighted_groups = 0;
    size_t majorities = 0;
    for (const auto& [group, total] : group_weight) {
        if (total == 0) {
            continue;
        }
        ++weighted_groups;
        if (weight_present[group] * 2 > total) {
            ++majorities;
        }
    }
    return majorities * 2 > weighted_groups;
}

std::string Membership::text() const {
    std::string out;
    for (const std::string& line : member_lines(*this)) {
        out += line + "\n";
    }
    return out + fmt::format("version={:x}", version);
}

std::string Membership::dynamic_file_text() const {
    std::vector<std::string> lines = member_lines(*this);
    std::sort(lines.begin(), lines.end());
    return fmt::format("{}", fmt::join(lines, "\n"));
}

} // namespace zs::ensemble
