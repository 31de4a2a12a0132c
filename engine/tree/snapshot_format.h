#pragma once

#include <cstddef>
#include <cstdint>

// The layout constants the snapshot encoder and decoder share.
namespace zs::tree::snapshot_format {

inline constexpr int32_t kMagic = 0x5A534E50; // "ZSNP"
inline constexpr int32_t kVersion = 1;
// The smallest encoded node: empty name, null data, 6 longs, 5 ints and the kind byte. Counts
// read from a snapshot are checked against it before anything is allocated for them.
inline constexpr size_t kMinNodeBytes = 4 + 4 + 6 * 8 + 5 * 4 + 1;

} // namespace zs::tree::snapshot_format
