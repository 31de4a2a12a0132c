#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace zs::check {

// What ZooKeeper promises its clients, checked over the operations of simulated clients. Writes
// are "key=value" txns; zxids give the order the ensemble committed them in, which is the order
// a linearization must follow. Times are one logical clock shared by every client and every
// commit. Checked:
// - writes are linearizable: a write acknowledged before another began has the smaller zxid;
// - reads are sequentially consistent: a read returns what the committed writes up to the
//   state's zxid made of the key, and no client sees an older state than one it saw before
//   (its reads and writes have non-decreasing zxids);
// - a read after sync sees every write acknowledged before the sync began.
class HistoryChecker {
  public:
    // The ensemble committed `txn` at `zxid` (any server's commit will do: that every server
    // commits the same txn at a zxid is InvariantChecker's to check).
    void committed(int64_t zxid, const std::string& txn);
    // A client's write, begun at `invoked` and acknowledged at `acknowledged`, as `zxid`.
    void write(int client, int64_t invoked, int64_t acknowledged, int64_t zxid,
               const std::string& txn);
    // A client read `key` at `time` from a state as of `zxid` and found `value` (nullopt: no
    // such key). `synced_at`: it followed a sync begun then.
    void read(int client, int64_t time, const std::string& key,
              const std::optional<std::string>& value, int64_t zxid,
              std::optional<int64_t> synced_at);

    // Every broken promise, each with the operations that show it.
    std::vector<std::string> violations() const;
    size_t writes() const { return writes_.size(); }
    size_t reads() const { return reads_.size(); }

  private:
    struct Write {
        int client = 0;
        int64_t invoked = 0;
        int64_t acknowledged = 0;
        int64_t zxid = 0;
        std::string txn;
    };
    struct Read {
        int client = 0;
        int64_t time = 0;
        std::string key;
        std::optional<std::string> value;
        int64_t zxid = 0;
        std::optional<int64_t> synced_at;
    };
    std::map<int64_t, std::string> committed_;                          // zxid -> txn
    std::map<std::string, std::map<int64_t, std::string>> key_history_; // key -> zxid -> value
    std::vector<Write> writes_;
    std::vector<Read> reads_;
    // Each client's operations in its order: (zxid, description).
    std::map<int, std::vector<std::pair<int64_t, std::string>>> by_client_;
};

} // namespace zs::check
