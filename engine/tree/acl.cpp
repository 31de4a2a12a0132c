#include "tree/acl.h"

#include <algorithm>
#include <array>
#include <cstddef>
#include <limits>
#include <openssl/evp.h>
#include <optional>

namespace zs::tree {
namespace {

using proto::ErrorCode;

// Java's Integer.parseInt: an optional sign, at least one digit of `radix`, fits in an int.
std::optional<int32_t> parse_java_int(std::string_view text, int radix) {
    bool negative = false;
    if (!text.empty() && (text.front() == '+' || text.front() == '-')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    if (text.empty()) {
        return std::nullopt;
    }
    int64_t value = 0;
    for (const char c : text) {
        int digit = 0;
        if (c >= '0' && c <= '9') {
            digit = c - '0';
        } else if (c >= 'a' && c <= 'z') {
            digit = c - 'a' + 10;
        } else if (c >= 'A' && c <= 'Z') {
            digit = c - 'A' + 10;
        } else {
            return std::nullopt;
        }
        if (digit >= radix) {
            return std::nullopt;
        }
        value = value * radix + digit;
        if (value > int64_t(std::numeric_limits<int32_t>::max()) + 1) {
            return std::nullopt;
        }
    }
    value = negative ? -value : value;
    if (value > std::numeric_limits<int32_t>::max()) {
        return std::nullopt;
    }
    return static_cast<int32_t>(value);
}

// An address as bytes: 4 for IPv4, 16 for IPv6.
struct IpBytes {
    std::array<uint8_t, 16> bytes{};
    size_t size = 0;
};

std::optional<IpBytes> parse_ipv4(std::string_view text) {
    IpBytes out;
    out.size = 4;
    for (size_t part = 0; part < 4; ++part) {
        const size_t dot = text.find('.');
        if ((dot == std::string_view::npos) != (part == 3)) {
            return std::nullopt;
        }
        const auto value = parse_java_int(text.substr(0, dot), 10);
        if (!value || *value < 0 || *value > 255) {
            return std::nullopt;
        }
        out.bytes[part] = static_cast<uint8_t>(*value);
        text = dot == std::string_view::npos ? std::string_view{} : text.substr(dot + 1);
    }
    return out;
}

// Parses ':'-separated groups of up to 4 hex digits into `out` starting at byte `at`.
bool parse_ipv6_groups(std::string_view text, IpBytes& out, size_t at, size_t& groups) {
    groups = 0;
    if (text.empty()) {
        return true;
    }
    while (true) {
        const size_t colon = text.find(':');
        const std::string_view group = text.substr(0, colon);
        const auto value = group.size() <= 4 ? parse_java_int(group, 16) : std::nullopt;
        if (!value || at + 2 > out.bytes.size()) {
            return false;
        }
        out.bytes[at++] = static_cast<uint8_t>((*value >> 8) & 0xff);
        out.bytes[at++] = static_cast<uint8_t>(*value & 0xff);
        ++groups;
        if (colon == std::string_view::npos) {
            return true;
        }
        text.remove_prefix(colon + 1);
    }
}

std::optional<IpBytes> parse_ipv6(std::string_view text) {
    IpBytes out;
    out.size = 16;
    const size_t gap = text.find("::");
    size_t groups = 0;
    if (gap == std::string_view::npos) {
        if (!parse_ipv6_groups(text, out, 0, groups) || groups != 8) {
            return std::nullopt;
        }
        return out;
    }
    const std::string_view head = text.substr(0, gap);
    const std::string_view tail = text.substr(gap + 2);
    if (tail.find("::") != std::string_view::npos) {
        return std::nullopt;
    }
    const size_t tail_groups =
        tail.empty() ? 0 : size_t(std::count(tail.begin(), tail.end(), ':')) + 1;
    size_t head_groups = 0;
    if (!parse_ipv6_groups(head, out, 0, head_groups) || head_groups + tail_groups >= 8) {
        return std::nullopt;
    }
    if (!parse_ipv6_groups(tail, out, 16 - 2 * tail_groups, groups)) {
        return std::nullopt;
    }
    return out;
}

std::optional<IpBytes> parse_ip(std::string_view text) {
    if (text.find(':') != std::string_view::npos) {
        return parse_ipv6(text);
    }
    if (text.find('.') != std::string_view::npos) {
        return parse_ipv4(text);
    }
    return std::nullopt;
}

// An ip ACL expression: an address and how many leading bits must match.
struct IpPattern {
    IpBytes address;
    int32_t bits = 0;
};

std::optional<IpPattern> parse_ip_pattern(std::string_view expr) {
    const size_t slash = expr.find('/');
    const auto address = parse_ip(expr.substr(0, slash));
    if (!address) {
        return std::nullopt;
    }
    IpPattern out{*address, int32_t(address->size * 8)};
    if (slash != std::string_view::npos) {
        const auto bits = parse_java_int(expr.substr(slash + 1), 10);
        if (!bits || *bits < 0 || *bits > out.bits) {
            return std::nullopt;
        }
        out.bits = *bits;
    }
    return out;
}

bool ip_matches(std::string_view address_text, const IpPattern& pattern) {
    const auto address = parse_ip(address_text);
    if (!address || address->size != pattern.address.size) {
        return false;
    }
    for (size_t i = 0; i < address->size; ++i) {
        const int32_t bits_here = std::clamp(pattern.bits - int32_t(i * 8), 0, 8);
        const auto mask = static_cast<uint8_t>(0xff00 >> bits_here);
        if ((address->bytes[i] & mask) != (pattern.address.bytes[i] & mask)) {
            return false;
        }
    }
    return true;
}

// DigestAuthenticationProvider.isValid: exactly two ':'-separated parts once trailing empty parts
// are dropped, as Java's String.split(":") counts them.
bool valid_digest_id(std::string_view id) {
    size_t parts = 0;
    size_t nonempty_parts = 0;
    size_t start = 0;
    while (true) {
        const size_t colon = id.find(':', start);
        const size_t end = colon == std::string_view::npos ? id.size() : colon;
        ++parts;
        if (end > start) {
            nonempty_parts = parts;
        }
        if (colon == std::string_view::npos) {
            break;
        }
        start = colon + 1;
    }
    return nonempty_parts == 2;
}

bool is_world_anyone(const proto::Id& id) {
    return id.scheme == "world" && id.id == "anyone";
}

} // namespace

std::string digest_id(std::string_view user_colon_password) {
    std::array<unsigned char, EVP_MAX_MD_SIZE> hash{};
    unsigned int hash_size = 0;
    EVP_Digest(user_colon_password.data(), user_colon_password.size(), hash.data(), &hash_size,
               EVP_sha1(), nullptr);
    std::array<unsigned char, 4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1> base64{};
    const int base64_size = EVP_EncodeBlock(base64.data(), hash.data(), int(hash_size));
    const std::string_view user = user_colon_password.substr(0, user_colon_password.find(':'));
    std::string out(user);
    out += ':';
    out.append(reinterpret_cast<const char*>(base64.data()), size_t(base64_size));
    return out;
}

bool acl_permits(const std::vector<proto::Acl>& acl, int32_t perm, const AuthInfo& auth) {
    if (acl.empty()) {
        return true;
    }
    for (const proto::Id& id : auth.ids) {
        if (id.scheme == "super") {
            return true;
        }
    }
    for (const proto::Acl& entry : acl) {
        if ((entry.perms & perm) == 0) {
            continue;
        }
        if (is_world_anyone(entry.id)) {
            return true;
        }
        if (entry.id.scheme == "ip") {
            const auto pattern = parse_ip_pattern(entry.id.id);
            if (!pattern) {
                continue;
            }
            if (!auth.remote_ip.empty() && ip_matches(auth.remote_ip, *pattern)) {
                return true;
            }
            for (const proto::Id& id : auth.ids) {
                if (id.scheme == "ip" && ip_matches(id.id, *pattern)) {
                    return true;
                }
            }
        } else if (entry.id.scheme == "digest") {
            for (const proto::Id& id : auth.ids) {
                if (id == entry.id) {
                    return true;
                }
            }
        }
    }
    return false;
}

ErrorCode fix_acl(std::vector<proto::Acl>& acl, const AuthInfo& auth) {
    std::vector<proto::Acl> unique;
    unique.reserve(acl.size());
    for (const proto::Acl& entry : acl) {
        if (std::find(unique.begin(), unique.end(), entry) == unique.end()) {
            unique.push_back(entry);
        }
    }
    if (unique.empty()) {
        return ErrorCode::invalid_acl;
    }
    // Expanded "auth" entries are not deduplicated again, as in ZooKeeper.
    std::vector<proto::Acl> fixed;
    fixed.reserve(unique.size());
    for (proto::Acl& entry : unique) {
        if (is_world_anyone(entry.id)) {
            fixed.push_back(std::move(entry));
        } else if (entry.id.scheme == "auth") {
            bool expanded = false;
            for (const proto::Id& id : auth.ids) {
                // Of the built-in providers only digest is "authenticated"; ip and super are not.
                if (id.scheme == "digest") {
                    fixed.push_back(proto::Acl{entry.perms, id});
                    expanded = true;
                }
            }
            if (!expanded) {
                return ErrorCode::invalid_acl;
            }
        } else if ((entry.id.scheme == "digest" && valid_digest_id(entry.id.id)) ||
                   (entry.id.scheme == "ip" && parse_ip_pattern(entry.id.id))) {
            fixed.push_back(std::move(entry));
        } else {
            return ErrorCode::invalid_acl;
        }
    }
    acl = std::move(fixed);
    return ErrorCode::ok;
}

} // namespace zs::tree
