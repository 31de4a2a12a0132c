#pragma once

#include "zab/config.h"
#include "zab/log.h"

#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zs::sim {

// What a server has on disk when a simulation starts.
struct Disk {
    int64_t accepted_epoch = 0;
    int64_t current_epoch = 0;
    int64_t last_zxid = 0; // a log holding one txn with this zxid (0: empty)
};

// One simulated server's disk and state: a log whose appends become durable only when synced
// (a crash loses the rest), a snapshot the log starts after, and the state machine the log feeds
// (a map of keys to values; a txn "k=v" sets k; a txn "reconfig:1,2,3,4o" makes servers 1 to 3
// the voters and 4 an observer, and changes no key). Truncation and snapshot installation rebuild
// the state from what remains, as a ZooKeeper server reloads its database.
class SimStorage : public zab::LogReader, public zab::SnapshotSource, public zab::ReconfigReader {
  public:
    // A log holding one txn at `last_zxid` (0: empty), to start a server as if it had history.
    explicit SimStorage(int64_t last_zxid = 0);

    // zab::LogReader (durable entries only)
    int64_t base_zxid() const override { return snapshot_.zxid; }
    int64_t last_zxid() const override;
    int64_t floor_zxid(int64_t zxid) const override;
    std::vector<zab::Entry> read_after(int64_t zxid, size_t max_count) const override;
    // zab::SnapshotSource: the applied state
    zab::Snapshot snapshot() const override;
    // zab::ReconfigReader: the members a "reconfig:" txn names
    std::optional<std::vector<zab::Member>> members_in(const zab::Payload& txn) const override;
    zab::Payload membership_txn() const override { return membership_; }
    // The server's active membership changed (a "reconfig:" txn).
    void set_membership(zab::Payload txn) { membership_ = std::move(txn); }

    void append(const zab::Entry& entry) { unsynced_.push_back(entry); }
    // The txn logged at `zxid`, synced or not; null if there is none.
    zab::Payload find(int64_t zxid) const;
    // Makes every append so far durable; the last zxid now durable (0: nothing was pending).
    int64_t sync();
    bool has_unsynced() const { return !unsynced_.empty(); }
    void truncate_after(int64_t zxid);
    void install(const zab::Snapshot& snapshot);
    void apply(const zab::Entry& entry);
    // A crash: unsynced appends are lost; the state is rebuilt from the durable log (all of it,
    // as ZooKeeper loads its whole log at start).
    void crash();

    int64_t applied_zxid() const { return applied_zxid_; }
    const std::map<std::string, std::string>& state() const { return state_; }

  private:
    void rebuild(int64_t through_zxid);
    void apply_to_state(const zab::Entry& entry);

    zab::Snapshot snapshot_{0, nullptr};
    std::vector<zab::Entry> durable_;
    std::deque<zab::Entry> unsynced_;
    std::map<std::string, std::string> state_;
    int64_t applied_zxid_ = 0;
    zab::Payload membership_;
};

} // namespace zs::sim
