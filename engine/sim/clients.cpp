#include "sim/clients.h"

#include <fmt/format.h>
#include <limits>

namespace zs::sim {

namespace {

// A client waiting longer than this for its write or sync gives up and moves on (its write's
// outcome stays unknown).
constexpr int64_t kPatienceTicks = 2000;

} // namespace

Clients::Clients(Simulation& sim, check::HistoryChecker& history, int count, int keys)
    : sim_(sim), history_(history), keys_(keys) {
    const std::vector<ServerId> ids = sim_.ids();
    for (int i = 0; i < count; ++i) {
        Client client;
        client.id = i;
        client.home = ids[sim_.random().between(0, int64_t(ids.size()) - 1)];
        clients_.push_back(client);
    }
}

bool Clients::serving(ServerId id) const {
    const zab::Core* core = sim_.core(id);
    return core != nullptr && core->phase() == zab::Phase::broadcast;
}

void Clients::move(Client& client) {
    const std::vector<ServerId> ids = sim_.ids();
    client.home = ids[sim_.random().between(0, int64_t(ids.size()) - 1)];
    client.busy = Busy::idle;
}

bool Clients::answered_by_current_leader(ServerId server) const {
    const zab::Core* core = sim_.core(server);
    return core != nullptr && core->durable().current_epoch >= newest_epoch_;
}

void Clients::observe(const trace::Event& event) {
    ++clock_;
    if (const auto* established = std::get_if<trace::EpochEstablished>(&event.body)) {
        newest_epoch_ = std::max(newest_epoch_, established->epoch);
        return;
    }
    if (std::holds_alternative<trace::StateChanged>(event.body) ||
        std::holds_alternative<trace::Started>(event.body)) {
        // SYNCs asked of the leader it had are never answered now.
        for (int id : syncing_[event.server]) {
            if (clients_[size_t(id)].busy == Busy::syncing) {
                clients_[size_t(id)].busy = Busy::idle;
            }
        }
        syncing_.erase(event.server);
        return;
    }
    if (const auto* phase = std::get_if<trace::PhaseChanged>(&event.body);
        phase != nullptr && phase->to == zab::Phase::broadcast) {
        const zab::Core* core = sim_.core(event.server);
        if (core != nullptr && core->state() == zab::ServerState::leading) {
            // A quorum took the new leader's whole log: it is all committed now, including
            // txns the leader applied when it started, which no Committed event reports.
            const SimStorage& storage = sim_.storage(event.server);
            for (const zab::Entry& entry :
                 storage.read_after(storage.base_zxid(), std::numeric_limits<size_t>::max())) {
                history_.committed(entry.zxid, *entry.txn);
            }
        }
        return;
    }
    const auto* committed = std::get_if<trace::Committed>(&event.body);
    if (committed == nullptr) {
        return;
    }
    const zab::Payload txn = sim_.storage(event.server).find(committed->zxid);
    if (!txn) {
        return;
    }
    history_.committed(committed->zxid, *txn);
    for (Client& client : clients_) {
        if (client.busy == Busy::writing && client.home == event.server && client.txn == *txn) {
            history_.write(client.id, client.invoked, clock_, committed->zxid, *txn);
            client.zxid_seen = std::max(client.zxid_seen, committed->zxid);
            client.busy = Busy::idle;
            ++writes_acknowledged_;
        }
    }
}

void Clients::syncs_answered(ServerId server, int64_t count) {
    auto& waiting = syncing_[server];
    for (int64_t i = 0; i < count && !waiting.empty(); ++i) {
        Client& client = clients_[size_t(waiting.front())];
        waiting.pop_front();
        if (client.busy != Busy::syncing || client.home != server) {
            continue; // it gave up on this one
        }
        client.busy = Busy::idle;
        read(client,
             answered_by_current_leader(server) ? std::optional(client.invoked) : std::nullopt);
    }
}

void Clients::act() {
    for (Client& client : clients_) {
        if (client.busy != Busy::idle) {
            if (sim_.core(client.home) == nullptr ||
                sim_.now() - client.started_tick > kPatienceTicks) {
                move(client);
            }
            continue;
        }
        if (!serving(client.home)) {
            move(client);
            continue;
        }
        const int64_t choice = sim_.random().between(0, 99);
        if (choice < 45) {
            write(client);
        } else if (choice < 85) {
            read(client, std::nullopt);
        } else {
            sync(client);
        }
    }
}

void Clients::write(Client& client) {
    zab::Core* core = sim_.core(client.home);
    client.txn =
        fmt::format("k{}=c{}.{}", sim_.random().between(0, keys_ - 1), client.id, client.writes++);
    auto payload = std::make_shared<const std::string>(client.txn);
    const bool sent = core->state() == zab::ServerState::leading ? core->propose(payload) != 0
                                                                 : core->forward(payload);
    if (!sent) {
        move(client);
        return;
    }
    client.busy = Busy::writing;
    client.invoked = ++clock_;
    client.started_tick = sim_.now();
}

void Clients::read(Client& client, std::optional<int64_t> synced_at) {
    const SimStorage& storage = sim_.storage(client.home);
    if (!serving(client.home) || storage.applied_zxid() < client.zxid_seen) {
        move(client); // ZooKeeper's client refuses a server behind what it has seen
        return;
    }
    const std::string key = fmt::format("k{}", sim_.random().between(0, keys_ - 1));
    const auto found = storage.state().find(key);
    const std::optional<std::string> value =
        found == storage.state().end() ? std::nullopt : std::optional(found->second);
    history_.read(client.id, ++clock_, key, value, storage.applied_zxid(), synced_at);
    client.zxid_seen = storage.applied_zxid();
}

void Clients::sync(Client& client) {
    zab::Core* core = sim_.core(client.home);
    client.invoked = ++clock_;
    if (core->state() == zab::ServerState::leading) {
        // The leader's own state is as recent as it gets, unless a newer leader exists.
        read(client, answered_by_current_leader(client.home) ? std::optional(client.invoked)
                                                             : std::nullopt);
        return;
    }
    if (!core->sync()) {
        move(client);
        return;
    }
    client.busy = Busy::syncing;
    client.started_tick = sim_.now();
    syncing_[client.home].push_back(client.id);
}

} // namespace zs::sim
