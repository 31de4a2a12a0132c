#pragma once

#include "tree/txn.h"

#include <cstdint>
#include <optional>
#include <vector>

namespace zs::storage {

// One logged transaction: the header that orders it and the change it makes.
struct LogEntry {
    tree::TxnHeader header;
    tree::Txn txn;
};

// The transaction log the request pipeline writes to and replication will read from. Entries are
// appended in strictly increasing zxid order; an implementation decides how they become durable.
class LogStore {
  public:
    virtual ~LogStore() = default;

    virtual void append(LogEntry entry) = 0;
    // Entries with first_zxid <= zxid <= last_zxid, in zxid order.
    virtual std::vector<LogEntry> read(int64_t first_zxid, int64_t last_zxid) const = 0;
    // 0 when the log is empty.
    virtual int64_t last_zxid() const = 0;
    // Drops every entry after `zxid` (a follower cutting a divergent tail).
    virtual void truncate_after(int64_t zxid) = 0;

    virtual int64_t accepted_epoch() const = 0;
    virtual void set_accepted_epoch(int64_t epoch) = 0;
    virtual int64_t current_epoch() const = 0;
    virtual void set_current_epoch(int64_t epoch) = 0;
};

} // namespace zs::storage
