#include "ensemble/properties.h"

#include <algorithm>
#include <cstdint>
#include <map>

namespace zs::ensemble {

namespace {

bool is_blank(char c) {
    return c == ' ' || c == '\t' || c == '\f';
}

/// A logical line: natural lines joined at their continuation backslashes.
struct LogicalLine {
    std::string text;
    int line = 0;
};

/// Follows java.util.Properties.LineReader (JDK 17) step by step, since its treatment of blank
/// continuation lines and of comments is part of what a zoo.cfg means.
class LineReader {
  public:
    explicit LineReader(std::string_view text) : text_(text) {}

    std::vector<LogicalLine> read_all() {
        std::vector<LogicalLine> lines;
        for (std::size_t i = 0; i < text_.size(); ++i) {
            if (i > 0 && ends_natural_line(i - 1)) {
                ++natural_line_;
            }
            step(i, lines);
        }
        if (!current_.empty()) {
            if (preceding_backslash_) {
                current_.pop_back();
            }
            lines.push_back({std::move(current_), start_line_});
        }
        return lines;
    }

  private:
    bool ends_natural_line(std::size_t i) const {
        return text_[i] == '\n' ||
               (text_[i] == '\r' && (i + 1 >= text_.size() || text_[i + 1] != '\n'));
    }

    void step(std::size_t i, std::vector<LogicalLine>& lines) {
        const char c = text_[i];
        const bool end_of_line = c == '\n' || c == '\r';
        if (in_comment_) {
            in_comment_ = !end_of_line;
            return;
        }
        if (skip_lf_) {
            skip_lf_ = false;
            if (c == '\n') {
                return;
            }
        }
        if (skip_white_space_) {
            if (is_blank(c) || (!appended_line_begin_ && end_of_line)) {
                return;
            }
            skip_white_space_ = false;
            appended_line_begin_ = false;
        }
        if (current_.empty() && (c == '#' || c == '!')) {
            in_comment_ = true;
            skip_white_space_ = true;
            return;
        }
        if (!end_of_line) {
            if (current_.empty()) {
                start_line_ = natural_line_;
            }
            current_.push_back(c);
            preceding_backslash_ = c == '\\' ? !preceding_backslash_ : false;
            return;
        }
        if (current_.empty()) {
            skip_white_space_ = true;
        } else if (preceding_backslash_ && i + 1 == text_.size()) {
            // Java ends the line here even when nothing but the backslash was on it.
            current_.pop_back();
            lines.push_back({std::move(current_), start_line_});
            current_.clear();
        } else if (preceding_backslash_) {
            current_.pop_back();
            skip_white_space_ = true;
            appended_line_begin_ = true;
            preceding_backslash_ = false;
            skip_lf_ = c == '\r';
        } else {
            lines.push_back({std::move(current_), start_line_});
            current_.clear();
            skip_white_space_ = true;
        }
    }

    std::string_view text_;
    std::string current_;
    int natural_line_ = 1;
    int start_line_ = 0;
    bool skip_white_space_ = true;
    bool appended_line_begin_ = false;
    bool preceding_backslash_ = false;
    bool skip_lf_ = false;
    bool in_comment_ = false;
};

void append_code_point(std::string& out, uint32_t cp) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

/// Turns the UTF-16 code units of \uXXXX escapes into UTF-8, pairing surrogates; a surrogate
/// without its partner becomes U+FFFD.
class Utf16Decoder {
  public:
    explicit Utf16Decoder(std::string& out) : out_(out) {}

    void unit(uint32_t u) {
        if (u >= 0xDC00 && u <= 0xDFFF && high_ != 0) {
            append_code_point(out_, 0x10000 + ((high_ - 0xD800) << 10) + (u - 0xDC00));
            high_ = 0;
            return;
        }
        flush();
        if (u >= 0xD800 && u <= 0xDBFF) {
            high_ = u;
        } else {
            append_code_point(out_, (u >= 0xDC00 && u <= 0xDFFF) ? 0xFFFD : u);
        }
    }

    void flush() {
        if (high_ != 0) {
            append_code_point(out_, 0xFFFD);
            high_ = 0;
        }
    }

  private:
    std::string& out_;
    uint32_t high_ = 0;
};

/// Properties.loadConvert: resolves escapes; returns false on a malformed \uXXXX.
bool unescape(std::string_view in, std::string& out) {
    Utf16Decoder utf16(out);
    bool well_formed = true;
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] != '\\' || i + 1 >= in.size()) {
            utf16.flush();
            out.push_back(in[i]);
            continue;
        }
        const char escaped = in[++i];
        if (escaped != 'u') {
            utf16.flush();
            switch (escaped) {
            case 't':
                out.push_back('\t');
                break;
            case 'r':
                out.push_back('\r');
                break;
            case 'n':
                out.push_back('\n');
                break;
            case 'f':
                out.push_back('\f');
                break;
            default:
                out.push_back(escaped);
                break;
            }
            continue;
        }
        uint32_t unit = 0;
        std::size_t digits = 0;
        for (; digits < 4 && i + 1 + digits < in.size(); ++digits) {
            const char h = in[i + 1 + digits];
            const int v = (h >= '0' && h <= '9')   ? h - '0'
                          : (h >= 'a' && h <= 'f') ? h - 'a' + 10
                          : (h >= 'A' && h <= 'F') ? h - 'A' + 10
                                                   : -1;
            if (v < 0) {
                break;
            }
            unit = unit * 16 + static_cast<uint32_t>(v);
        }
        if (digits < 4) {
            // Java throws here; keep the text as written so the message can show it.
            well_formed = false;
            utf16.flush();
            out.append("\\u");
            continue;
        }
        utf16.unit(unit);
        i += 4;
    }
    utf16.flush();
    return well_formed;
}

/// Properties.load0: the key ends at the first unescaped '=', ':' or blank; blanks and at most
/// one '=' or ':' separate it from the value.
PropertyLine split_line(const LogicalLine& logical) {
    std::string_view text = logical.text;
    std::size_t key_end = 0;
    std::size_t value_start = text.size();
    bool has_separator = false;
    bool preceding_backslash = false;
    for (; key_end < text.size(); ++key_end) {
        const char c = text[key_end];
        if ((c == '=' || c == ':') && !preceding_backslash) {
            value_start = key_end + 1;
            has_separator = true;
            break;
        }
        if (is_blank(c) && !preceding_backslash) {
            value_start = key_end + 1;
            break;
        }
        preceding_backslash = c == '\\' ? !preceding_backslash : false;
    }
    for (; value_start < text.size(); ++value_start) {
        const char c = text[value_start];
        if (is_blank(c)) {
            continue;
        }
        if (!has_separator && (c == '=' || c == ':')) {
            has_separator = true;
            continue;
        }
        break;
    }
    PropertyLine property;
    property.line = logical.line;
    const bool key_ok = unescape(text.substr(0, key_end), property.key);
    const bool value_ok = unescape(text.substr(std::min(value_start, text.size())), property.value);
    property.malformed_escape_line = key_ok && value_ok ? 0 : logical.line;
    return property;
}

} // namespace

std::vector<PropertyLine> parse_properties(std::string_view text) {
    std::vector<PropertyLine> properties;
    std::map<std::string, std::size_t> index_of_key;
    for (const LogicalLine& logical : LineReader(text).read_all()) {
        PropertyLine property = split_line(logical);
        auto [it, inserted] = index_of_key.try_emplace(property.key, properties.size());
        if (inserted) {
            properties.push_back(std::move(property));
            continue;
        }
        PropertyLine& earlier = properties[it->second];
        property.overridden_lines = std::move(earlier.overridden_lines);
        property.overridden_lines.push_back(earlier.line);
        if (property.malformed_escape_line == 0) {
            property.malformed_escape_line = earlier.malformed_escape_line;
        }
        earlier = std::move(property);
    }
    std::sort(properties.begin(), properties.end(),
              [](const PropertyLine& a, const PropertyLine& b) { return a.line < b.line; });
    return properties;
}

} // namespace zs::ensemble
