#include "tree/path.h"

#include <cstdint>
#include <string>

namespace zs::tree {
namespace {

// Characters PathUtils refuses. Paths reach ZooKeeper as UTF-16, so every code point above
// U+FFFF arrives as a surrogate pair and falls into the U+D800-U+F8FF range.
bool is_forbidden(uint32_t c) {
    return c == 0 || (c >= 0x01 && c <= 0x1f) || (c >= 0x7f && c <= 0x9f) ||
           (c >= 0xd800 && c <= 0xf8ff) || c >= 0xfff0;
}

// Decodes the UTF-8 sequence at path[i] and advances i; returns false for malformed input, which
// Java would turn into U+FFFD (itself forbidden).
bool next_code_point(std::string_view path, size_t& i, uint32_t& out) {
    const auto byte = [&](size_t k) { return static_cast<uint8_t>(path[k]); };
    const uint8_t lead = byte(i);
    size_t length = 0;
    uint32_t min_value = 0;
    if (lead < 0x80) {
        out = lead;
        ++i;
        return true;
    } else if ((lead & 0xe0) == 0xc0) {
        length = 2;
        out = lead & 0x1f;
        min_value = 0x80;
    } else if ((lead & 0xf0) == 0xe0) {
        length = 3;
        out = lead & 0x0f;
        min_value = 0x800;
    } else if ((lead & 0xf8) == 0xf0) {
        length = 4;
        out = lead & 0x07;
        min_value = 0x10000;
    } else {
        return false;
    }
    if (path.size() - i < length) {
        return false;
    }
    for (size_t k = 1; k < length; ++k) {
        if ((byte(i + k) & 0xc0) != 0x80) {
            return false;
        }
        out = (out << 6) | (byte(i + k) & 0x3f);
    }
    i += length;
    return out >= min_value && out <= 0x10ffff;
}

bool valid_segment(std::string_view segment) {
    if (segment.empty() || segment == "." || segment == "..") {
        return false;
    }
    for (size_t i = 0; i < segment.size();) {
        uint32_t c = 0;
        if (!next_code_point(segment, i, c) || is_forbidden(c)) {
            return false;
        }
    }
    return true;
}

bool valid_path(std::string_view path) {
    if (path.empty() || path.front() != '/') {
        return false;
    }
    if (path.size() == 1) {
        return true;
    }
    // Splitting on '/' is safe on UTF-8 bytes: no multi-byte sequence contains an ASCII byte.
    size_t start = 1;
    while (true) {
        const size_t slash = path.find('/', start);
        const size_t end = slash == std::string_view::npos ? path.size() : slash;
        if (!valid_segment(path.substr(start, end - start))) {
            return false;
        }
        if (slash == std::string_view::npos) {
            return true;
        }
        start = slash + 1;
    }
}

} // namespace

proto::ErrorCode validate_path(std::string_view path, bool is_sequential) {
    bool valid = false;
    if (is_sequential) {
        std::string with_suffix(path);
        with_suffix += '1';
        valid = valid_path(with_suffix);
    } else {
        valid = valid_path(path);
    }
    return valid ? proto::ErrorCode::ok : proto::ErrorCode::bad_arguments;
}

std::string_view parent_of(std::string_view path) {
    const size_t slash = path.rfind('/');
    if (slash == std::string_view::npos || path.size() == 1) {
        return {};
    }
    return slash == 0 ? path.substr(0, 1) : path.substr(0, slash);
}

int64_t utf16_length(std::string_view text) {
    int64_t units = 0;
    for (const char c : text) {
        const auto byte = static_cast<uint8_t>(c);
        // Count sequence starts; a 4-byte sequence is a surrogate pair in UTF-16.
        if ((byte & 0xc0) != 0x80) {
            units += byte >= 0xf0 ? 2 : 1;
        }
    }
    return units;
}

std::string_view basename_of(std::string_view path) {
    const size_t slash = path.rfind('/');
    return slash == std::string_view::npos ? path : path.substr(slash + 1);
}

} // namespace zs::tree
