#include "transfer/encoding.h"

#include <cstdint>
#include <openssl/evp.h>

namespace zs::transfer {

bool valid_utf8(std::string_view bytes) {
    size_t i = 0;
    while (i < bytes.size()) {
        const auto byte = uint8_t(bytes[i]);
        if (byte < 0x80) {
            ++i;
            continue;
        }
        size_t length = 0;
        uint32_t code = 0;
        uint32_t smallest = 0;
        if ((byte & 0xe0) == 0xc0) {
            length = 2;
            code = byte & 0x1f;
            smallest = 0x80;
        } else if ((byte & 0xf0) == 0xe0) {
            length = 3;
            code = byte & 0x0f;
            smallest = 0x800;
        } else if ((byte & 0xf8) == 0xf0) {
            length = 4;
            code = byte & 0x07;
            smallest = 0x10000;
        } else {
            return false;
        }
        if (bytes.size() - i < length) {
            return false;
        }
        for (size_t k = 1; k < length; ++k) {
            const auto next = uint8_t(bytes[i + k]);
            if ((next & 0xc0) != 0x80) {
                return false;
            }
            code = (code << 6) | (next & 0x3f);
        }
        // Overlong forms, UTF-16 surrogates and values past Unicode are not UTF-8.
        if (code < smallest || (code >= 0xd800 && code <= 0xdfff) || code > 0x10ffff) {
            return false;
        }
        i += length;
    }
    return true;
}

std::string base64_encode(std::string_view bytes) {
    std::string out((bytes.size() + 2) / 3 * 4 + 1, '\0');
    const int written =
        EVP_EncodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(bytes.data()), int(bytes.size()));
    out.resize(size_t(written));
    return out;
}

namespace {

int base64_value(char c) {
    if (c >= 'A' && c <= 'Z') {
        return c - 'A';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 26;
    }
    if (c >= '0' && c <= '9') {
        return c - '0' + 52;
    }
    if (c == '+') {
        return 62;
    }
    if (c == '/') {
        return 63;
    }
    return -1;
}

} // namespace

std::optional<std::string> base64_decode(std::string_view text) {
    if (text.size() % 4 != 0) {
        return std::nullopt;
    }
    // EVP_DecodeBlock skips leading and trailing whitespace and ignores padding semantics, so the
    // alphabet and padding are checked here first: only canonical encodings are accepted.
    size_t padding = 0;
    if (!text.empty() && text.back() == '=') {
        padding = text.size() >= 2 && text[text.size() - 2] == '=' ? 2 : 1;
    }
    for (size_t i = 0; i < text.size() - padding; ++i) {
        if (base64_value(text[i]) < 0) {
            return std::nullopt;
        }
    }
    if (padding > 0) {
        const int last = base64_value(text[text.size() - padding - 1]);
        const int mask = padding == 1 ? 0x03 : 0x0f;
        if ((last & mask) != 0) {
            return std::nullopt;
        }
    }
    if (text.size() > size_t(INT32_MAX) / 2) {
        return std::nullopt;
    }
    std::string out(text.size() / 4 * 3, '\0');
    const int written =
        EVP_DecodeBlock(reinterpret_cast<unsigned char*>(out.data()),
                        reinterpret_cast<const unsigned char*>(text.data()), int(text.size()));
    if (written < 0 || size_t(written) < padding) {
        return std::nullopt;
    }
    out.resize(size_t(written) - padding);
    return out;
}

} // namespace zs::transfer
