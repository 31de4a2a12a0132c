#pragma once

#include <cstddef>
#include <cstdint>

// The layout constants the snapshot encoder and decoder share.
namespace zs::tree::snapshot_format {

inline constexpr int32_t kMagic = 0x5A534E50; // "ZSNP"
inline constexpr int32_t kVersion = 1;
// A node record: name, data (-1 length when null), then 6 longs (czxid, mzxid, pzxid, ctime,
// mtime, ephemeral owner), 4 ints (version, stored cversion, aversion, ACL index), the kind byte
// and the child count.
inline constexpr size_t kFixedNodeBytes = 6 * 8 + 4 * 4 + 1 + 4;
// The smallest encoded node: empty name, null data and the fixed fields. Counts read from a
// snapshot are checked against it before anything is allocated for them.
inline constexpr size_t kMinNodeBytes = 4 + 4 + kFixedNodeBytes;

} // namespace zs::tree::snapshot_format
