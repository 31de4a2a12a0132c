#pragma once

// Text and number rules of the Java standard library that decide how ZooKeeper reads its
// configuration. Reproducing them exactly is what makes a zoo.cfg mean the same thing here.

#include <cstdint>
#include <string_view>
#include <vector>

namespace zs::ensemble {

/// Java's String.trim(): strips every character <= ' ' (controls included) from both ends.
std::string_view java_trim(std::string_view text);

/// Java's String.split() for one literal delimiter: trailing empty parts are dropped, and a text
/// without the delimiter comes back whole (so "" splits into one empty part, ":" into none).
std::vector<std::string_view> java_split(std::string_view text, char delimiter);

/// Java's String.equalsIgnoreCase() for ASCII text.
bool java_equals_ignore_case(std::string_view a, std::string_view b);

/// Why a text is not the integer asked for.
enum class NumberStatus { ok, not_a_number, out_of_range };

/// An integer read from text, or the reason it could not be read.
struct ParsedNumber {
    int64_t value = 0;
    NumberStatus status = NumberStatus::not_a_number;
};

/// Integer.parseInt / Long.parseLong: optional sign, digits of `radix`, nothing else; the value
/// must lie in [min_value, max_value].
ParsedNumber parse_java_integer(std::string_view text, int64_t min_value, int64_t max_value,
                                int radix = 10);

/// Integer.decode / Long.decode, which Integer.getInteger and Long.getLong use for JVM
/// properties: optional sign, then "0x", "0X" or "#" for hex, a leading "0" for octal.
ParsedNumber decode_java_integer(std::string_view text, int64_t min_value, int64_t max_value);

} // namespace zs::ensemble
