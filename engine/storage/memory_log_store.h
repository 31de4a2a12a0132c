#pragma once

#include "storage/log_store.h"

#include <cstddef>
#include <deque>

namespace zs::storage {

// LogStore kept in memory: nothing survives the process. It serves the standalone server until the
// durable store exists, and the simulator and unit tests after that. Only the newest
// `max_entries` are kept (older ones are dropped, as a real log is purged after a snapshot), so
// memory stays bounded however long the server runs.
class MemoryLogStore final : public LogStore {
  public:
    explicit MemoryLogStore(size_t max_entries) : max_entries_(max_entries) {}

    void append(LogEntry entry) override;
    std::vector<LogEntry> read(int64_t first_zxid, int64_t last_zxid) const override;
    int64_t last_zxid() const override;
    void truncate_after(int64_t zxid) override;

    int64_t accepted_epoch() const override { return accepted_epoch_; }
    void set_accepted_epoch(int64_t epoch) override { accepted_epoch_ = epoch; }
    int64_t current_epoch() const override { return current_epoch_; }
    void set_current_epoch(int64_t epoch) override { current_epoch_ = epoch; }

    size_t size() const { return entries_.size(); }

  private:
    size_t max_entries_;
    std::deque<LogEntry> entries_;
    int64_t accepted_epoch_ = 0;
    int64_t current_epoch_ = 0;
};

} // namespace zs::storage
