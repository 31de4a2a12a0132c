#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zs::ensemble {

/// One key/value pair of a java.util.Properties text and the line its key starts on.
struct PropertyLine {
    std::string key;
    std::string value;
    int line = 0;                      // 1-based
    std::vector<int> overridden_lines; // earlier definitions of the key, which Java discards
    int malformed_escape_line = 0;     // a cut-short \uXXXX escape, which makes Java refuse
                                       // the whole file; 0 = none in any definition of the key
};

/// Reads text the way java.util.Properties.load does (the format of zoo.cfg): `key=value`,
/// `key:value` and `key value`; `#`/`!` comment lines; a line ending in an odd number of
/// backslashes continues on the next; \t \n \r \f \uXXXX escapes; any other escaped character
/// stands for itself. Values keep their trailing blanks, as in Java.
///
/// Bytes pass through unchanged (Java would read them as ISO-8859-1); \uXXXX escapes become
/// UTF-8. Returns one entry per key holding its last definition, ordered by that line.
std::vector<PropertyLine> parse_properties(std::string_view text);

} // namespace zs::ensemble
