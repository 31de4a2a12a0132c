#pragma once

#include "storage/log_store.h"
#include "zab/log.h"

#include <cstddef>
#include <cstdint>
#include <deque>

namespace zs::quorum {

// The newest durable txns of the log, kept in memory for the replication core to read while the
// storage thread appends to the log on disk (a SQLite connection serves one thread at a time).
// It plays the part of ZooKeeper's committedLog: a learner whose last zxid falls inside the
// window is sent a DIFF (or TRUNC) from here; one further behind gets a SNAP.
class LogWindow : public zab::LogReader {
  public:
    explicit LogWindow(size_t capacity) : capacity_(capacity) {}

    // Starts from the log on disk: its last `capacity` entries. Called before anything else uses
    // the store.
    void load(const storage::LogStore& log);

    // Entries that became durable, in zxid order.
    void append(const zab::Entry& entry);
    // Keeps entries up to `zxid` (TRUNC).
    void truncate_after(int64_t zxid);
    // Forgets everything: the log now starts after a snapshot at `zxid` (SNAP).
    void reset(int64_t zxid);

    int64_t base_zxid() const override { return base_; }
    int64_t last_zxid() const override;
    int64_t floor_zxid(int64_t zxid) const override;
    std::vector<zab::Entry> read_after(int64_t zxid, size_t max_count) const override;

    size_t size() const { return entries_.size(); }

  private:
    size_t capacity_;
    int64_t base_ = 0;
    std::deque<zab::Entry> entries_;
};

} // namespace zs::quorum
