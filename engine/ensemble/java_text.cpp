#include "ensemble/java_text.h"

#include <cctype>
#include <limits>

namespace zs::ensemble {

std::string_view java_trim(std::string_view text) {
    auto is_blank = [](char c) { return static_cast<unsigned char>(c) <= ' '; };
    while (!text.empty() && is_blank(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && is_blank(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::vector<std::string_view> java_split(std::string_view text, char delimiter) {
    if (text.find(delimiter) == std::string_view::npos) {
        return {text};
    }
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t pos = text.find(delimiter); pos != std::string_view::npos;
         pos = text.find(delimiter, start)) {
        parts.push_back(text.substr(start, pos - start));
        start = pos + 1;
    }
    parts.push_back(text.substr(start));
    while (!parts.empty() && parts.back().empty()) {
        parts.pop_back();
    }
    return parts;
}

bool java_equals_ignore_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) {
        return false;
    }
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (std::tolower(static_cast<unsigned char>(a[i])) !=
            std::tolower(static_cast<unsigned char>(b[i]))) {
            return false;
        }
    }
    return true;
}

namespace {

int digit_value(char c) {
    if (c >= '0' && c <= '9') {
        return c - '0';
    }
    if (c >= 'a' && c <= 'z') {
        return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'Z') {
        return c - 'A' + 10;
    }
    return 99;
}

// Accumulates the magnitude in unsigned arithmetic so that the most negative value, whose
// magnitude does not fit a signed 64-bit integer, still parses.
ParsedNumber parse_magnitude(std::string_view digits, bool negative, int radix, int64_t min_value,
                             int64_t max_value) {
    if (digits.empty()) {
        return {};
    }
    constexpr uint64_t limit = uint64_t{1} << 63;
    uint64_t magnitude = 0;
    bool overflow = false;
    for (char c : digits) {
        const int digit = digit_value(c);
        if (digit >= radix) {
            return {};
        }
        if (magnitude > (limit - static_cast<uint64_t>(digit)) / static_cast<uint64_t>(radix)) {
            overflow = true;
        } else {
            magnitude = magnitude * static_cast<uint64_t>(radix) + static_cast<uint64_t>(digit);
        }
    }
    if (overflow || (!negative && magnitude == limit)) {
        return {0, NumberStatus::out_of_range};
    }
    const int64_t value =
        negative ? static_cast<int64_t>(0 - magnitude) : static_cast<int64_t>(magnitude);
    if (value < min_value || value > max_value) {
        return {value, NumberStatus::out_of_range};
    }
    return {value, NumberStatus::ok};
}

} // namespace

ParsedNumber parse_java_integer(std::string_view text, int64_t min_value, int64_t max_value,
                                int radix) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    return parse_magnitude(text, negative, radix, min_value, max_value);
}

ParsedNumber decode_java_integer(std::string_view text, int64_t min_value, int64_t max_value) {
    bool negative = false;
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        negative = text.front() == '-';
        text.remove_prefix(1);
    }
    int radix = 10;
    if (text.starts_with("0x") || text.starts_with("0X")) {
        radix = 16;
        text.remove_prefix(2);
    } else if (text.starts_with("#")) {
        radix = 16;
        text.remove_prefix(1);
    } else if (text.size() > 1 && text.front() == '0') {
        radix = 8;
        text.remove_prefix(1);
    }
    // Java refuses a second sign after the radix prefix ("0x-1").
    if (!text.empty() && (text.front() == '-' || text.front() == '+')) {
        return {};
    }
    return parse_magnitude(text, negative, radix, min_value, max_value);
}

} // namespace zs::ensemble
