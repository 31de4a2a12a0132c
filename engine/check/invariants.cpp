#include "check/invariants.h"

#include <algorithm>
#include <fmt/format.h>

namespace zs::check {

void InvariantChecker::observe(const trace::Event& event) {
    if (const auto* established = std::get_if<trace::EpochEstablished>(&event.body)) {
        const auto [it, first] = leader_of_epoch_.emplace(established->epoch, event.server);
        if (!first && it->second != event.server) {
            violated(event, fmt::format("epoch {} established by server {} and by server {}",
                                        established->epoch, it->second, event.server));
        }
    } else if (const auto* committed = std::get_if<trace::Committed>(&event.body)) {
        check_commit(event, committed->zxid, committed->digest);
    } else if (const auto* truncated = std::get_if<trace::Truncated>(&event.body)) {
        const Server& server = servers_[event.server];
        if (truncated->zxid < server.committed) {
            violated(event, fmt::format("log cut after 0x{:x}, below committed 0x{:x}",
                                        truncated->zxid, server.committed));
        }
    } else if (const auto* installed = std::get_if<trace::SnapshotInstalled>(&event.body)) {
        Server& server = servers_[event.server];
        if (installed->zxid < server.committed) {
            violated(event, fmt::format("snapshot as of 0x{:x} replaces committed 0x{:x}",
                                        installed->zxid, server.committed));
        }
        server.committed = std::max(server.committed, installed->zxid);
        server.committed_this_run = installed->zxid;
    } else if (std::holds_alternative<trace::Started>(event.body)) {
        servers_[event.server].committed_this_run = 0;
    } else if (const auto* changed = std::get_if<trace::EpochChanged>(&event.body)) {
        Server& epochs = servers_[event.server];
        int64_t& value = changed->which == "accepted" ? epochs.accepted : epochs.current;
        if (changed->to < value) {
            violated(event, fmt::format("{} epoch went back from {} to {}", changed->which, value,
                                        changed->to));
        }
        value = changed->to;
        if (epochs.current > epochs.accepted) {
            violated(event, fmt::format("current epoch {} passed accepted epoch {}", epochs.current,
                                        epochs.accepted));
        }
    }
}

void InvariantChecker::check_commit(const trace::Event& event, int64_t zxid, uint64_t digest) {
    const auto [it, first] = committed_.emplace(zxid, digest);
    if (!first && it->second != digest) {
        violated(event,
                 fmt::format("committed a different txn at 0x{:x} than another server", zxid));
    }
    Server& server = servers_[event.server];
    if (zxid <= server.committed_this_run) {
        violated(event,
                 fmt::format("committed 0x{:x} after 0x{:x}", zxid, server.committed_this_run));
    }
    server.committed_this_run = zxid;
    server.committed = std::max(server.committed, zxid);
}

void InvariantChecker::violated(const trace::Event& event, const std::string& what) {
    violations_.push_back(fmt::format("server {} at tick {}: {} ({})", event.server, event.tick,
                                      what, trace::to_ndjson(event)));
}

} // namespace zs::check
