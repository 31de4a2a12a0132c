#pragma once

#include "tree/txn.h"

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace zs::storage {

// One logged transaction: the header that orders it and the change it makes.
struct LogEntry {
    tree::TxnHeader header;
    tree::Txn txn;
};

// Why a store could not do what was asked (disk full, read-only directory, I/O error). The store
// is left as it was before the call.
struct StorageError {
    std::string message;
};

// The transaction log the request pipeline writes to and replication will read from. Entries are
// appended in strictly increasing zxid order. One thread at a time uses a store.
class LogStore {
  public:
    virtual ~LogStore() = default;

    // Appends a batch atomically, in zxid order, and returns once it is durable (fsynced, for a
    // store on disk): a write may be acknowledged only after this returns without error.
    [[nodiscard]] virtual std::optional<StorageError> append(std::span<const LogEntry> entries) = 0;
    // Entries with first_zxid <= zxid <= last_zxid, in zxid order.
    virtual std::vector<LogEntry> read(int64_t first_zxid, int64_t last_zxid) const = 0;
    // 0 when the log is empty.
    virtual int64_t last_zxid() const = 0;
    // Drops every entry after `zxid` (a follower cutting a divergent tail).
    [[nodiscard]] virtual std::optional<StorageError> truncate_after(int64_t zxid) = 0;
    // Drops every entry before `zxid` (after a snapshot at or past it made them unnecessary).
    [[nodiscard]] virtual std::optional<StorageError> purge_before(int64_t zxid) = 0;
    // Drops every entry: the log now continues after a snapshot at `zxid` (a follower that
    // received its leader's snapshot), and purged_through() is `zxid`.
    [[nodiscard]] virtual std::optional<StorageError> restart_after(int64_t zxid) = 0;
    // How many entries have a zxid above `zxid`, including unreadable ones that read() stops
    // at: recovery compares it with what read() returned to find a damaged tail.
    virtual size_t count_after(int64_t zxid) const {
        return read(zxid + 1, std::numeric_limits<int64_t>::max()).size();
    }
    // Every entry with a zxid up to this one has been dropped (purged or bounded away); 0 when
    // the log still starts at the first txn. History before it needs a snapshot.
    virtual int64_t purged_through() const { return 0; }

    virtual int64_t accepted_epoch() const = 0;
    [[nodiscard]] virtual std::optional<StorageError> set_accepted_epoch(int64_t epoch) = 0;
    virtual int64_t current_epoch() const = 0;
    [[nodiscard]] virtual std::optional<StorageError> set_current_epoch(int64_t epoch) = 0;
};

} // namespace zs::storage
