#pragma once

#include <cstdint>
#include <string_view>
#include <zlib.h>

namespace zs::storage {

// CRC-32 (zlib's) of a stored body: detects a torn write or a flipped bit in a log row or a
// snapshot.
inline uint32_t checksum(std::string_view bytes) {
    return uint32_t(crc32_z(0, reinterpret_cast<const Bytef*>(bytes.data()),
                            static_cast<z_size_t>(bytes.size())));
}

} // namespace zs::storage
