#pragma once

#include <cstdint>
#include <string_view>

// The vocabulary of the replication core, named as ZooKeeper names it (QuorumPeer.ServerState,
// QuorumPeer.ZabState, QuorumPeer.SyncMode, LearnerType), so that what the visualizer shows
// matches ZooKeeper's logs and the literature.
namespace zs::zab {

using ServerId = int64_t;

enum class ServerState { looking, following, leading, observing };
enum class Phase { election, discovery, synchronization, broadcast };
enum class SyncMode { none, diff, snap, trunc };
enum class LearnerType { participant, observer };

// "LOOKING", "ELECTION", "DIFF", "PARTICIPANT": ZooKeeper's spelling.
std::string_view name_of(ServerState state);
std::string_view name_of(Phase phase);
std::string_view name_of(SyncMode mode);
std::string_view name_of(LearnerType type);

// A zxid is the epoch in its high 32 bits and a counter in its low 32 bits.
constexpr int64_t make_zxid(int64_t epoch, int64_t counter) {
    return static_cast<int64_t>((static_cast<uint64_t>(epoch) << 32) |
                                (static_cast<uint64_t>(counter) & 0xffffffffU));
}
constexpr int64_t epoch_of(int64_t zxid) {
    return static_cast<int64_t>(static_cast<uint64_t>(zxid) >> 32);
}
constexpr int64_t counter_of(int64_t zxid) {
    return static_cast<int64_t>(static_cast<uint64_t>(zxid) & 0xffffffffU);
}

} // namespace zs::zab
