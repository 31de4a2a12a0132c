#pragma once

// Helpers shared by the zoo.cfg tests: parse text under the name "zoo.cfg" and find messages.

#include "ensemble/zoo_config.h"

#include <QString>
#include <QTemporaryDir>
#include <algorithm>
#include <map>
#include <string>
#include <string_view>

namespace ensemble_test {

/// Every message on its own line, so a failed check shows what was reported instead.
inline QString joined(const std::vector<zs::ensemble::ConfigMessage>& messages) {
    QString text;
    for (const auto& message : messages) {
        text += QString::fromStdString(message.text) + QLatin1Char('\n');
    }
    return text.isEmpty() ? QStringLiteral("(none)") : text;
}

inline bool has_message(const std::vector<zs::ensemble::ConfigMessage>& messages,
                        std::string_view needle) {
    return std::any_of(messages.begin(), messages.end(), [&](const auto& message) {
        return message.text.find(needle) != std::string::npos;
    });
}

/// `text` with every "@DIR@" replaced by `dir`'s path.
inline std::string in_dir(std::string text, const QTemporaryDir& dir) {
    const std::string path = dir.path().toStdString();
    for (std::size_t at = text.find("@DIR@"); at != std::string::npos;
         at = text.find("@DIR@", at + path.size())) {
        text.replace(at, 5, path);
    }
    return text;
}

inline zs::ensemble::ConfigResult parse(const std::string& text,
                                        const std::map<std::string, std::string>& properties = {}) {
    return zs::ensemble::parse_zoo_config(text, "zoo.cfg", properties);
}

} // namespace ensemble_test
