// Reading an export into a Source: a json file, a dir-format directory, or either by its path.
#include "format_internal.h"

#include <algorithm>
#include <deque>
#include <fmt/format.h>
#include <fstream>

namespace zs::transfer {

using detail::Json;
namespace fs = std::filesystem;

namespace {

// Brackets open at once, outside strings; stops counting past the limit.
size_t nesting(std::string_view text) {
    size_t depth = 0;
    size_t deepest = 0;
    bool in_string = false;
    bool escaped = false;
    for (const char c : text) {
        if (in_string) {
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '"') {
                in_string = false;
            }
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > kMaxJsonNesting) {
                return deepest;
            }
        } else if ((c == '}' || c == ']') && depth > 0) {
            --depth;
        }
    }
    return deepest;
}

std::variant<Json, std::string> parse_object(std::string_view text) {
    if (nesting(text) > kMaxJsonNesting) {
        return fmt::format("JSON nested deeper than {} levels", kMaxJsonNesting);
    }
    try {
        Json doc = Json::parse(text);
        if (!doc.is_object()) {
            return std::string("expected a JSON object");
        }
        return doc;
    } catch (const Json::exception& e) {
        std::string what = e.what();
        if (const size_t cut = what.find("] "); cut != std::string::npos) {
            what = what.substr(cut + 2);
        }
        return "malformed JSON: " + what;
    }
}

} // namespace

std::variant<Source, std::string> parse_json(std::string_view text) {
    if (text.size() > kMaxFileBytes) {
        return fmt::format("the file is larger than {} bytes", kMaxFileBytes);
    }
    Source source;
    size_t line_number = 0;
    size_t start = 0;
    bool header_seen = false;
    while (start < text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(start, end - start);
        start = end + 1;
        ++line_number;
        if (line.ends_with('\r')) {
            line.remove_suffix(1);
        }
        if (line.find_first_not_of(" \t") == std::string_view::npos) {
            continue;
        }
        const auto fail = [&](const std::string& what) {
            return fmt::format("line {}: {}", line_number, what);
        };
        if (line.size() > kMaxLineBytes) {
            return fail(fmt::format("line longer than {} bytes", kMaxLineBytes));
        }
        auto parsed = parse_object(line);
        if (auto* error = std::get_if<std::string>(&parsed)) {
            return fail(*error);
        }
        const Json& doc = std::get<Json>(parsed);
        if (!header_seen) {
            if (auto error = detail::read_header(doc, source, false)) {
                return fail(*error);
            }
            header_seen = true;
            continue;
        }
        if (source.nodes.size() >= kMaxNodes) {
            return fail(fmt::format("more than {} nodes", kMaxNodes));
        }
        Node node;
        if (auto error = detail::read_node_line(doc, node)) {
            const auto path = doc.find("path");
            if (path != doc.end() && path->is_string()) {
                return fail(
                    fmt::format("node '{}': {}", path->get<std::string>().substr(0, 200), *error));
            }
            return fail(*error);
        }
        node.origin = fmt::format("line {}", line_number); // for validate()'s messages
        source.nodes.push_back(std::move(node));
    }
    if (!header_seen) {
        return std::string("line 1: empty file, not a zooscope export");
    }
    if (auto error = validate(source)) {
        return *error;
    }
    return source;
}

std::variant<Source, std::string> read_dir(const fs::path& directory) {
    Source source;
    uint64_t total_bytes = 0;
    struct Entry {
        fs::path dir;
        std::string relative;
        size_t depth;
    };
    std::deque<Entry> queue{{directory, "", 0}};
    std::error_code ec;
    while (!queue.empty()) {
        Entry entry = std::move(queue.front());
        queue.pop_front();
        const std::string where = entry.dir.string();
        if (source.nodes.size() >= kMaxNodes) {
            return fmt::format("{}: more than {} nodes", where, kMaxNodes);
        }
        if (entry.depth > kMaxDepth) {
            return fmt::format("{}: nested deeper than {} levels", where, kMaxDepth);
        }
        Node node;
        node.path = entry.relative;
        node.origin = where;
        bool have_meta = false;
        std::vector<std::pair<std::string, fs::path>> children;
        for (fs::directory_iterator it(entry.dir, ec), end; !ec && it != end; it.increment(ec)) {
            const fs::path path = it->path();
            const std::string name = path.filename().string();
            const fs::file_status status = fs::symlink_status(path, ec);
            if (ec) {
                break;
            }
            if (fs::is_symlink(status)) {
                return fmt::format("{}: symbolic links are not allowed", path.string());
            }
            if (name == detail::kDataFile || name == detail::kMetaFile) {
                if (!fs::is_regular_file(status)) {
                    return fmt::format("{}: expected a regular file", path.string());
                }
                const uintmax_t size = fs::file_size(path, ec);
                if (ec) {
                    break;
                }
                const uintmax_t limit = name == detail::kDataFile ? kMaxDataBytes : kMaxLineBytes;
                if (size > limit) {
                    return fmt::format("{}: {} bytes, more than {}{}", path.string(), size, limit,
                                       name == detail::kDataFile ? " (jute.maxbuffer)" : "");
                }
                total_bytes += size;
                if (total_bytes > kMaxFileBytes) {
                    return fmt::format("{}: the export is larger than {} bytes", path.string(),
                                       kMaxFileBytes);
                }
                std::ifstream in(path, std::ios::binary);
                std::string bytes(size_t(size), '\0');
                if (!in.read(bytes.data(), std::streamsize(size))) {
                    return fmt::format("{}: cannot read", path.string());
                }
                if (name == detail::kDataFile) {
                    node.data = std::move(bytes);
                    continue;
                }
                auto parsed = parse_object(bytes);
                if (auto* error = std::get_if<std::string>(&parsed)) {
                    return fmt::format("{}: {}", path.string(), *error);
                }
                const Json& doc = std::get<Json>(parsed);
                std::optional<std::string> error;
                if (entry.relative.empty() && entry.depth == 0) {
                    error = detail::read_header(doc, source, true);
                }
                if (!error) {
                    error = detail::check_only_keys(doc, {"format", "version", "root", "server",
                                                          "time", "kind", "ttl", "acl", "stat"});
                }
                if (!error && entry.depth > 0 && doc.contains("format")) {
                    error = "header fields belong in the root's @meta.json";
                }
                if (!error) {
                    error = detail::read_meta(doc, node);
                }
                if (error) {
                    return fmt::format("{}: {}", path.string(), *error);
                }
                have_meta = true;
                continue;
            }
            if (!fs::is_directory(status)) {
                return fmt::format("{}: unexpected file (a znode is a directory)", path.string());
            }
            std::string znode_name = name;
            if (name.starts_with('@')) {
                if (!name.starts_with("@@")) {
                    return fmt::format("{}: unexpected entry (names starting with '@' are "
                                       "stored as '@@...')",
                                       path.string());
                }
                znode_name = name.substr(1);
            }
            children.emplace_back(std::move(znode_name), path);
        }
        if (ec) {
            return fmt::format("{}: {}", where, ec.message());
        }
        if (!have_meta) {
            return fmt::format("{}: no {}", where, detail::kMetaFile);
        }
        std::sort(children.begin(), children.end());
        for (auto& [name, path] : children) {
            queue.push_back(Entry{path, entry.relative.empty() ? name : entry.relative + "/" + name,
                                  entry.depth + 1});
        }
        source.nodes.push_back(std::move(node));
    }
    if (auto error = validate(source)) {
        return *error;
    }
    return source;
}

std::variant<Source, std::string> read_source(const fs::path& path) {
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return fmt::format("{}: no such file or directory", path.string());
    }
    if (fs::is_directory(status)) {
        return read_dir(path);
    }
    if (!fs::is_regular_file(status)) {
        return fmt::format("{}: not a regular file or directory", path.string());
    }
    const uintmax_t size = fs::file_size(path, ec);
    if (ec) {
        return fmt::format("{}: {}", path.string(), ec.message());
    }
    if (size > kMaxFileBytes) {
        return fmt::format("{}: {} bytes, larger than the {} bytes an import may have",
                           path.string(), size, kMaxFileBytes);
    }
    std::ifstream in(path, std::ios::binary);
    std::string text(size_t(size), '\0');
    if (!in.read(text.data(), std::streamsize(size))) {
        return fmt::format("{}: cannot read", path.string());
    }
    auto parsed = parse_json(text);
    if (auto* error = std::get_if<std::string>(&parsed)) {
        return path.filename().string() + ": " + *error;
    }
    return parsed;
}

} // namespace zs::transfer
