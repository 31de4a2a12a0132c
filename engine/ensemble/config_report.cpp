#include "ensemble/config_draft.h"
#include "ensemble/java_text.h"
#include "ensemble/properties.h"

#include <algorithm>
#include <fmt/format.h>
#include <fmt/ranges.h>

namespace zs::ensemble::detail {

std::string Reporter::located(const Setting& setting, std::string_view what) const {
    if (setting.file.empty()) {
        return fmt::format("-D{}: {} (got '{}')", setting.key, what, setting.value);
    }
    return fmt::format("{}:{}: {}: {} (got '{}')", setting.file, setting.line, setting.key, what,
                       setting.value);
}

std::string Reporter::named(const Setting& setting) const {
    if (setting.file.empty()) {
        return "-D" + setting.key;
    }
    if (setting.file == config_file_) {
        return fmt::format("{} (line {})", setting.key, setting.line);
    }
    return fmt::format("{} ({} line {})", setting.key, setting.file, setting.line);
}

Reporter::Finding Reporter::finding(const Setting& setting, std::string text) const {
    const int rank = setting.file.empty() ? 2 : setting.file == config_file_ ? 0 : 1;
    return {rank, {setting.key, setting.line, std::move(text)}};
}

void Reporter::error(const Setting& setting, std::string_view what) {
    errors_.push_back(finding(setting, located(setting, what)));
}

void Reporter::warning(const Setting& setting, std::string_view what) {
    warnings_.push_back(finding(setting, located(setting, what)));
}

void Reporter::error(std::string_view key, std::string text) {
    errors_.push_back({2, {std::string(key), 0, std::move(text)}});
}

void Reporter::warning(std::string_view key, std::string text) {
    warnings_.push_back({2, {std::string(key), 0, std::move(text)}});
}

void Reporter::unsupported(const Setting& setting, std::string_view why) {
    warnings_.push_back(
        finding(setting, fmt::format("{} is not supported by zoonode and is ignored: {}",
                                     named(setting), why)));
}

void Reporter::ignored(const Setting& setting, std::string_view why) {
    warnings_.push_back(finding(setting, fmt::format("{} is ignored: {}", named(setting), why)));
}

namespace {

template <typename Finding>
std::vector<ConfigMessage> in_reading_order(std::vector<Finding> findings) {
    std::stable_sort(findings.begin(), findings.end(), [](const Finding& a, const Finding& b) {
        return std::pair(a.rank, a.message.line) < std::pair(b.rank, b.message.line);
    });
    std::vector<ConfigMessage> messages;
    for (Finding& finding : findings) {
        messages.push_back(std::move(finding.message));
    }
    return messages;
}

} // namespace

ConfigResult Reporter::finish(ZooConfig config) {
    ConfigResult result;
    if (errors_.empty()) {
        result.config = std::move(config);
    }
    result.errors = in_reading_order(std::move(errors_));
    result.warnings = in_reading_order(std::move(warnings_));
    return result;
}

std::vector<Setting> read_settings(std::string_view text, const std::string& file,
                                   Reporter& report) {
    std::vector<Setting> settings;
    for (PropertyLine& property : parse_properties(text)) {
        Setting setting{std::string(java_trim(property.key)),
                        std::string(java_trim(property.value)), std::move(property.value), file,
                        property.line};
        if (property.malformed_escape_line != 0) {
            Setting at_escape = setting;
            at_escape.line = property.malformed_escape_line;
            report.error(at_escape, "malformed \\uXXXX escape; Java refuses to load such a file");
        }
        if (!property.overridden_lines.empty()) {
            report.warning(setting, fmt::format("also set on line {}; ZooKeeper uses this last one",
                                                fmt::join(property.overridden_lines, ", ")));
        }
        settings.push_back(std::move(setting));
    }
    return settings;
}

void report_unsupported(const Setting& setting, const UnsupportedSetting& entry, Reporter& report) {
    if (entry.refuse_when_true && java_equals_ignore_case(setting.value, "true")) {
        report.error(setting, fmt::format("zoonode cannot provide this and will not start "
                                          "without it: {}",
                                          entry.why));
        return;
    }
    report.unsupported(setting, entry.why);
}

} // namespace zs::ensemble::detail
