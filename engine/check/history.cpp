#include "check/history.h"

#include <algorithm>
#include <fmt/format.h>

namespace zs::check {

namespace {

// "key=value" -> (key, value); a txn without '=' sets nothing.
std::optional<std::pair<std::string, std::string>> split(const std::string& txn) {
    const size_t eq = txn.find('=');
    if (eq == std::string::npos) {
        return std::nullopt;
    }
    return std::pair{txn.substr(0, eq), txn.substr(eq + 1)};
}

} // namespace

void HistoryChecker::committed(int64_t zxid, const std::string& txn) {
    if (committed_.emplace(zxid, txn).second) {
        if (auto parts = split(txn)) {
            key_history_[parts->first].emplace(zxid, parts->second);
        }
    }
}

void HistoryChecker::write(int client, int64_t invoked, int64_t acknowledged, int64_t zxid,
                           const std::string& txn) {
    writes_.push_back(Write{client, invoked, acknowledged, zxid, txn});
    by_client_[client].emplace_back(zxid, fmt::format("write {} as 0x{:x}", txn, zxid));
}

void HistoryChecker::read(int client, int64_t time, const std::string& key,
                          const std::optional<std::string>& value, int64_t zxid,
                          std::optional<int64_t> synced_at) {
    reads_.push_back(Read{client, time, key, value, zxid, synced_at});
    by_client_[client].emplace_back(
        zxid, fmt::format("read {}={} at 0x{:x}", key, value.value_or("(none)"), zxid));
}

std::vector<std::string> HistoryChecker::violations() const {
    std::vector<std::string> found;
    // Writes: each acknowledged one was committed, as itself.
    for (const Write& w : writes_) {
        const auto it = committed_.find(w.zxid);
        if (it == committed_.end() || it->second != w.txn) {
            found.push_back(fmt::format("client {}'s write {} was acknowledged as 0x{:x}, where "
                                        "the ensemble committed {}",
                                        w.client, w.txn, w.zxid,
                                        it == committed_.end() ? "nothing" : it->second));
        }
    }
    // Linearizable writes: sweep in order of invocation, knowing the largest zxid of the
    // writes acknowledged before.
    std::vector<const Write*> by_ack;
    std::vector<const Write*> by_invoke;
    for (const Write& w : writes_) {
        by_ack.push_back(&w);
        by_invoke.push_back(&w);
    }
    std::sort(by_ack.begin(), by_ack.end(),
              [](const Write* a, const Write* b) { return a->acknowledged < b->acknowledged; });
    std::sort(by_invoke.begin(), by_invoke.end(),
              [](const Write* a, const Write* b) { return a->invoked < b->invoked; });
    size_t next_ack = 0;
    const Write* latest = nullptr; // the acknowledged write with the largest zxid so far
    for (const Write* w : by_invoke) {
        while (next_ack < by_ack.size() && by_ack[next_ack]->acknowledged < w->invoked) {
            if (latest == nullptr || by_ack[next_ack]->zxid > latest->zxid) {
                latest = by_ack[next_ack];
            }
            ++next_ack;
        }
        if (latest != nullptr && latest->zxid >= w->zxid) {
            found.push_back(fmt::format(
                "not linearizable: client {}'s write {} (0x{:x}) was acknowledged before client "
                "{}'s write {} began, yet that one got 0x{:x}",
                latest->client, latest->txn, latest->zxid, w->client, w->txn, w->zxid));
        }
    }
    // Reads see the committed state of their zxid; after a sync, every write acknowledged
    // before it.
    for (const Read& r : reads_) {
        std::optional<std::string> expected;
        if (const auto history = key_history_.find(r.key); history != key_history_.end()) {
            if (auto after = history->second.upper_bound(r.zxid);
                after != history->second.begin()) {
                expected = std::prev(after)->second;
            }
        }
        if (r.value != expected) {
            found.push_back(fmt::format("client {} read {}={} at 0x{:x}; the writes committed up "
                                        "to there leave {}",
                                        r.client, r.key, r.value.value_or("(none)"), r.zxid,
                                        expected.value_or("(none)")));
        }
        if (!r.synced_at) {
            continue;
        }
        // The writes acknowledged before the sync began: the last of them by acknowledgement
        // time, and the largest zxid among them.
        const auto before =
            std::lower_bound(by_ack.begin(), by_ack.end(), *r.synced_at,
                             [](const Write* w, int64_t time) { return w->acknowledged < time; });
        for (auto it = by_ack.begin(); it != before; ++it) {
            if ((*it)->zxid > r.zxid) {
                found.push_back(fmt::format("client {} read at 0x{:x} after a sync, missing "
                                            "client {}'s write {} (0x{:x}) acknowledged before it",
                                            r.client, r.zxid, (*it)->client, (*it)->txn,
                                            (*it)->zxid));
                break;
            }
        }
    }
    // No client goes back in time.
    for (const auto& [client, operations] : by_client_) {
        for (size_t i = 1; i < operations.size(); ++i) {
            if (operations[i].first < operations[i - 1].first) {
                found.push_back(fmt::format("client {} went back in time: {}, then {}", client,
                                            operations[i - 1].second, operations[i].second));
            }
        }
    }
    return found;
}

} // namespace zs::check
