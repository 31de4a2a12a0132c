#pragma once

#include "storage/log_store.h"
#include "storage/snapshot_store.h"
#include "tree/data_tree.h"
#include "tree/snapshot.h"

#include <cstddef>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

// Rebuilding a node's state from its snapshots and log, at start-up and for history.
namespace zs::storage {

// What start-up recovery rebuilt.
struct RecoveredState {
    tree::DataTree tree;
    std::vector<tree::SessionRecord> sessions;
    int64_t last_zxid = 0;
    size_t replayed = 0; // log entries applied on top of the snapshot
    size_t cut = 0;      // entries dropped from a damaged log tail
    // One line per damaged snapshot that was skipped, for the caller to log.
    std::vector<std::string> warnings;
};

// The newest snapshot that loads and decodes (older ones are tried when it is damaged), then
// every log entry after it applied in order; a CreateSessionTxn adds a session and a
// CloseSessionTxn removes it. The log is truncated
// at the first entry that fails its CRC or does not decode, and `cut` says how many went.
// Fails when no snapshot is readable and the log no longer reaches back to the first txn, or
// when the truncation cannot be written.
std::variant<RecoveredState, StorageError> recover(LogStore& log, SnapshotStore& snapshots);

// The tree and sessions as of `zxid`: the newest readable snapshot at or before it, plus the
// logged txns up to `zxid`. Fails when that history is no longer retained, lies beyond the log,
// or crosses a damaged entry.
std::variant<tree::Snapshot, StorageError> tree_at(const LogStore& log,
                                                   const SnapshotStore& snapshots, int64_t zxid);

// The logged txns with from_zxid < zxid <= to_zxid, in order: what turned the tree at from_zxid
// into the tree at to_zxid.
std::vector<LogEntry> txns_between(const LogStore& log, int64_t from_zxid, int64_t to_zxid);

} // namespace zs::storage
