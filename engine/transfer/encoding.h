#pragma once

// Byte encodings shared by zooctl and the transfer code: UTF-8 validation and base64.
#include <optional>
#include <string>
#include <string_view>

namespace zs::transfer {

// True when `bytes` is well-formed UTF-8 (no overlong forms, surrogates or values past U+10FFFF).
bool valid_utf8(std::string_view bytes);

// Standard base64 (RFC 4648, '+' '/', '=' padding, no line breaks).
std::string base64_encode(std::string_view bytes);
// The bytes, or nullopt when `text` is not canonical padded base64 (bad characters, whitespace,
// wrong length or padding, or non-zero bits in the last character).
std::optional<std::string> base64_decode(std::string_view text);

} // namespace zs::transfer
