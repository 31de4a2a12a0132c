#pragma once

#include "storage/log_store.h"

#include <cstddef>
#include <deque>

namespace zs::storage {

// LogStore kept in memory: nothing survives the process. It serves the simulator and unit tests,
// and a server run without a data directory. Only the newest `max_entries` are kept (older ones
// are dropped, as a real log is purged after a snapshot), so memory stays bounded however long
// the process runs.
class MemoryLogStore final : public LogStore {
  public:
    explicit MemoryLogStore(size_t max_entries) : max_entries_(max_entries) {}

    std::optional<StorageError> append(std::span<const LogEntry> entries) override;
    std::vector<LogEntry> read(int64_t first_zxid, int64_t last_zxid) const override;
    int64_t last_zxid() const override;
    std::optional<StorageError> truncate_after(int64_t zxid) override;
    std::optional<StorageError> restart_after(int64_t zxid) override;
    std::optional<StorageError> purge_before(int64_t zxid) override;
    int64_t purged_through() const override { return purged_through_; }

    int64_t accepted_epoch() const override { return accepted_epoch_; }
    std::optional<StorageError> set_accepted_epoch(int64_t epoch) override;
    int64_t current_epoch() const override { return current_epoch_; }
    std::optional<StorageError> set_current_epoch(int64_t epoch) override;

    size_t size() const { return entries_.size(); }

  private:
    size_t max_entries_;
    std::deque<LogEntry> entries_;
    int64_t last_zxid_ = 0; // survives the bound: dropping old entries does not forget it
    int64_t purged_through_ = 0;
    int64_t accepted_epoch_ = 0;
    int64_t current_epoch_ = 0;
};

} // namespace zs::storage
