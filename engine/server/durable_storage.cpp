#include "server/durable_storage.h"

#include "server/clock.h"
#include "storage/recovery.h"
#include "storage/sqlite_log_store.h"
#include "storage/sqlite_snapshot_store.h"

#include <spdlog/spdlog.h>

namespace zs::server {

std::variant<ServerStorage, std::string> open_durable_storage(const ensemble::ZooConfig& config) {
    const int64_t started_ms = steady_ms();
    auto log = storage::SqliteLogStore::open(config.data_log_dir);
    if (auto* error = std::get_if<storage::StorageError>(&log)) {
        return error->message;
    }
    auto snapshots = storage::SqliteSnapshotStore::open(config.data_dir);
    if (auto* error = std::get_if<storage::StorageError>(&snapshots)) {
        return error->message;
    }
    ServerStorage storage{std::move(std::get<0>(log)), std::move(std::get<0>(snapshots)), {}};
    auto recovered = storage::recover(*storage.log, *storage.snapshots);
    if (auto* error = std::get_if<storage::StorageError>(&recovered)) {
        return error->message;
    }
    auto& state = std::get<storage::RecoveredState>(recovered);
    for (const std::string& warning : state.warnings) {
        spdlog::warn("{}", warning);
    }
    if (state.cut > 0) {
        spdlog::warn("cut {} txns from a damaged tail of the transaction log", state.cut);
    }
    spdlog::info(
        "recovered {} znodes and {} sessions up to zxid 0x{:x} ({} txns replayed) in {} ms",
        state.tree.node_count(), state.sessions.size(), state.last_zxid, state.replayed,
        steady_ms() - started_ms);
    storage.recovered = tree::Snapshot{std::move(state.tree), std::move(state.sessions)};
    return storage;
}

} // namespace zs::server
