#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace zs::zab {

// A txn as the core sees it: its zxid and its encoded bytes, which only the runtime reads. Shared,
// because one proposal goes to every follower.
using Payload = std::shared_ptr<const std::string>;

struct Entry {
    int64_t zxid = 0;
    Payload txn;

    bool operator==(const Entry& other) const {
        return zxid == other.zxid && (txn == other.txn || (txn && other.txn && *txn == *other.txn));
    }
};

// The whole state as of `zxid`, encoded by the runtime (SNAP sends it to a learner too far behind).
struct Snapshot {
    int64_t zxid = 0;
    Payload state;

    bool operator==(const Snapshot& other) const {
        return zxid == other.zxid &&
               (state == other.state || (state && other.state && *state == *other.state));
    }
};

// What the core may read of its server's durable log. Everything the core asked to persist
// (Ready::to_persist) is readable here once it is durable.
class LogReader {
  public:
    virtual ~LogReader() = default;
    // Entries after this zxid are all retained; earlier ones were purged behind a snapshot.
    virtual int64_t base_zxid() const = 0;
    virtual int64_t last_zxid() const = 0;
    // The largest retained zxid <= `zxid`, or base_zxid() if there is none.
    virtual int64_t floor_zxid(int64_t zxid) const = 0;
    // Up to `max_count` entries after `zxid`, in order.
    virtual std::vector<Entry> read_after(int64_t zxid, size_t max_count) const = 0;
};

// The runtime's applied state, encoded (for SNAP).
class SnapshotSource {
  public:
    virtual ~SnapshotSource() = default;
    virtual Snapshot snapshot() const = 0;
};

} // namespace zs::zab
