#include "ensemble/zoo_config.h"

#include "ensemble/config_draft.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>

namespace zs::ensemble {

std::size_t ZooConfig::participant_count() const {
    return static_cast<std::size_t>(std::count_if(
        servers.begin(), servers.end(), [](const auto& entry) { return !entry.second.observer; }));
}

bool ZooConfig::is_standalone() const {
    const std::size_t participants = participant_count();
    return standalone_enabled ? participants <= 1 : participants == 0;
}

Membership ZooConfig::membership() const {
    return Membership{servers, server_groups, server_weights, config_version};
}

namespace detail {

std::optional<std::string> read_text_file(const std::filesystem::path& path, std::string& error) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = std::strerror(errno);
        return std::nullopt;
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad()) {
        error = "read error";
        return std::nullopt;
    }
    return std::move(text).str();
}

namespace {

bool is_quorum_key(std::string_view key) {
    return key.starts_with("server.") || key.starts_with("group") || key.starts_with("weight");
}

/// Sends each zoo.cfg setting where QuorumPeerConfig.parseProperties would.
void route_settings(std::vector<Setting> settings, ConfigDraft& draft) {
    const bool dynamic = std::any_of(settings.begin(), settings.end(),
                                     [](const Setting& s) { return s.key == "dynamicConfigFile"; });
    for (Setting& setting : settings) {
        if (apply_core_key(setting, draft)) {
            continue;
        }
        if (is_quorum_key(setting.key)) {
            if (dynamic) {
                draft.report.error(setting, "must be in the dynamic config file, since "
                                            "dynamicConfigFile is set");
            } else {
                draft.quorum_keys.push_back(std::move(setting));
            }
        } else if (setting.key == "version") {
            // QuorumMaj reads it from zoo.cfg only when zoo.cfg holds the servers.
            if (dynamic) {
                draft.report.ignored(setting, "the version comes from the dynamic file's name");
            } else {
                draft.quorum_keys.push_back(std::move(setting));
            }
        } else {
            draft.jvm_keys.push_back(std::move(setting));
        }
    }
}

/// Appends the words of a shell-quoted string: blanks split, quotes and backslashes group.
void split_shell_words(std::string_view text, std::vector<std::string>& words) {
    std::string word;
    bool in_word = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c == ' ' || c == '\t' || c == '\n') {
            if (in_word) {
                words.push_back(std::move(word));
                word.clear();
                in_word = false;
            }
            continue;
        }
        in_word = true;
        if (c == '\'') {
            const std::size_t end = std::min(text.find('\'', i + 1), text.size());
            word.append(text.substr(i + 1, end - i - 1));
            i = end;
        } else if (c == '"') {
            for (++i; i < text.size() && text[i] != '"'; ++i) {
                // Inside double quotes a backslash escapes only these characters.
                if (text[i] == '\\' && i + 1 < text.size() &&
                    std::string_view("\"\\$`").find(text[i + 1]) != std::string_view::npos) {
                    ++i;
                }
                word.push_back(text[i]);
            }
        } else if (c == '\\' && i + 1 < text.size()) {
            word.push_back(text[++i]);
        } else {
            word.push_back(c);
        }
    }
    if (in_word) {
        words.push_back(std::move(word));
    }
}

} // namespace

} // namespace detail

ConfigResult parse_zoo_config(std::string_view text, const std::filesystem::path& config_path,
                              const std::map<std::string, std::string>& system_properties) {
    detail::ConfigDraft draft(config_path.string(), system_properties);
    draft.config.config_file = config_path;
    detail::apply_multi_address_properties(draft);
    detail::route_settings(detail::read_settings(text, config_path.string(), draft.report), draft);
    detail::finish_core_keys(draft);
    detail::apply_jvm_properties(draft);
    detail::setup_quorum(draft);
    return draft.report.finish(std::move(draft.config));
}

std::map<std::string, std::string> system_properties_from_env(const char* server_jvmflags,
                                                              const char* jvmflags) {
    std::vector<std::string> words;
    for (const char* flags : {server_jvmflags, jvmflags}) {
        if (flags != nullptr) {
            detail::split_shell_words(flags, words);
        }
    }
    std::map<std::string, std::string> properties;
    for (const std::string& word : words) {
        if (!word.starts_with("-D") || word.size() == 2) {
            continue;
        }
        const std::size_t equals = word.find('=');
        const std::string name =
            word.substr(2, equals == std::string::npos ? std::string::npos : equals - 2);
        if (name.empty()) {
            continue;
        }
        properties.insert_or_assign(name, equals == std::string::npos ? std::string()
                                                                      : word.substr(equals + 1));
    }
    return properties;
}

ConfigResult load_zoo_config(const std::filesystem::path& cfg) {
    std::string error;
    const auto text = detail::read_text_file(cfg, error);
    if (!text) {
        ConfigResult result;
        result.errors.push_back(
            {"", 0, fmt::format("{}: cannot be read: {}", cfg.string(), error)});
        return result;
    }
    return parse_zoo_config(
        *text, cfg,
        system_properties_from_env(std::getenv("SERVER_JVMFLAGS"), std::getenv("JVMFLAGS")));
}

} // namespace zs::ensemble
