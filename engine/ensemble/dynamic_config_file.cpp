#include "ensemble/dynamic_config_file.h"

#include "ensemble/java_text.h"

#include <cerrno>
#include <cstring>
#include <fmt/format.h>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>

namespace zs::ensemble {

namespace {

namespace fs = std::filesystem;

/// The key of a java.util.Properties line: up to the first unescaped '=', ':' or blank.
std::string_view key_of(std::string_view line) {
    line = java_trim(line);
    size_t end = 0;
    while (end < line.size() && line[end] != '=' && line[end] != ':' && line[end] != ' ' &&
           line[end] != '\t') {
        end += line[end] == '\\' ? 2 : 1;
    }
    return line.substr(0, std::min(end, line.size()));
}

bool dropped_key(std::string_view key, bool drop_client_port) {
    return key.starts_with("server.") || key.starts_with("group") || key.starts_with("weight") ||
           key == "peerType" || key == "dynamicConfigFile" ||
           (drop_client_port && (key == "clientPort" || key == "clientPortAddress"));
}

/// Writes `text` to a temporary file beside `path`, then renames it over `path`.
std::optional<std::string> replace_file(const fs::path& path, const std::string& text) {
    const fs::path temporary = fs::path(path).concat(".tmp");
    {
        std::ofstream out(temporary, std::ios::binary | std::ios::trunc);
        out << text;
        out.flush();
        if (!out) {
            return fmt::format("cannot write {}: {}", temporary.string(), std::strerror(errno));
        }
    }
    std::error_code error;
    fs::rename(temporary, path, error);
    if (error) {
        fs::remove(temporary, error);
        return fmt::format("cannot replace {}: {}", path.string(), error.message());
    }
    return std::nullopt;
}

} // namespace

fs::path dynamic_config_path(const fs::path& cfg, uint64_t version) {
    return fs::path(cfg).concat(fmt::format(".dynamic.{:x}", version));
}

std::optional<std::string> store_membership(const fs::path& cfg, const Membership& membership,
                                            bool drop_client_port) {
    std::error_code error;
    const fs::path dynamic = fs::absolute(dynamic_config_path(cfg, membership.version), error);
    if (error) {
        return fmt::format("cannot name the dynamic config file: {}", error.message());
    }
    if (auto failed = replace_file(dynamic, membership.dynamic_file_text())) {
        return failed;
    }
    std::ifstream in(cfg, std::ios::binary);
    if (!in) {
        return fmt::format("cannot read {}: {}", cfg.string(), std::strerror(errno));
    }
    std::ostringstream original;
    original << in.rdbuf();
    if (in.bad()) {
        return fmt::format("cannot read {}", cfg.string());
    }
    std::istringstream lines(original.str());
    std::ostringstream kept;
    std::string line;
    bool had_dynamic_file = false;
    while (std::getline(lines, line)) {
        const std::string_view key = key_of(line);
        had_dynamic_file = had_dynamic_file || key == "dynamicConfigFile";
        if (!dropped_key(key, drop_client_port)) {
            kept << line << '\n';
        }
    }
    if (!had_dynamic_file) {
        // The servers were listed in zoo.cfg itself: ZooKeeper keeps that file as zoo.cfg.bak.
        if (auto failed = replace_file(fs::path(cfg).concat(".bak"), original.str())) {
            return failed;
        }
    }
    kept << "dynamicConfigFile=" << dynamic.string() << '\n';
    return replace_file(cfg, kept.str());
}

} // namespace zs::ensemble
