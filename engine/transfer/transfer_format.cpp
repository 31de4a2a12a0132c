// The export formats: writing one node, and reading and validating a whole file or directory.
#include "format_internal.h"
#include "transfer/encoding.h"
#include "transfer/stat_json.h"
#include "tree/path.h"

#include <algorithm>
#include <deque>
#include <fmt/format.h>
#include <fstream>
#include <set>
#include <unordered_map>

namespace zs::transfer {

using detail::Json;
namespace fs = std::filesystem;

const char* to_string(Kind kind) {
    switch (kind) {
    case Kind::persistent:
        return "persistent";
    case Kind::container:
        return "container";
    case Kind::ttl:
        return "ttl";
    case Kind::ephemeral:
        return "ephemeral";
    }
    return "persistent";
}

Json stat_json(const proto::Stat& stat) {
    return Json{
        {"czxid", stat.czxid},
        {"mzxid", stat.mzxid},
        {"ctime", stat.ctime},
        {"mtime", stat.mtime},
        {"version", stat.version},
        {"cversion", stat.cversion},
        {"aversion", stat.aversion},
        {"ephemeralOwner", stat.ephemeral_owner},
        {"dataLength", stat.data_length},
        {"numChildren", stat.num_children},
        {"pzxid", stat.pzxid},
    };
}

namespace {

struct PermLetter {
    char letter;
    int32_t bit;
};
constexpr PermLetter kPermLetters[] = {
    {'c', proto::perm::create}, {'r', proto::perm::read},  {'w', proto::perm::write},
    {'d', proto::perm::remove}, {'a', proto::perm::admin},
};

// EphemeralType.TTL: the TTL lives in the low 40 bits of ephemeralOwner.
constexpr int64_t kMaxTtl = (int64_t(1) << 40) - 1;

std::optional<Kind> kind_from(std::string_view text) {
    for (const Kind kind : {Kind::persistent, Kind::container, Kind::ttl, Kind::ephemeral}) {
        if (text == to_string(kind)) {
            return kind;
        }
    }
    return std::nullopt;
}

Json acl_json(const std::vector<proto::Acl>& acl) {
    Json list = Json::array();
    for (const proto::Acl& entry : acl) {
        list.push_back({{"scheme", entry.id.scheme},
                        {"id", entry.id.id},
                        {"perms", perms_letters(entry.perms)}});
    }
    return list;
}

void add_meta(Json& doc, const Node& node) {
    doc["kind"] = to_string(node.kind);
    if (node.kind == Kind::ttl && node.ttl_ms > 0) {
        doc["ttl"] = node.ttl_ms;
    }
    doc["acl"] = acl_json(node.acl);
    doc["stat"] = stat_json(node.stat);
}

std::string dump(const Json& doc) {
    // Names and ids are bytes on the wire: replace what is not UTF-8 rather than throw.
    return doc.dump(-1, ' ', false, Json::error_handler_t::replace);
}

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

std::optional<std::string> check_only_keys(const Json& doc,
                                           std::initializer_list<const char*> keys) {
    for (const auto& [key, value] : doc.items()) {
        if (std::find_if(keys.begin(), keys.end(), [&](const char* k) { return key == k; }) ==
            keys.end()) {
            return fmt::format("unknown key \"{}\"", key);
        }
    }
    return std::nullopt;
}

std::optional<std::string> read_acl(const Json& doc, std::vector<proto::Acl>& acl) {
    const auto found = doc.find("acl");
    if (found == doc.end() || !found->is_array()) {
        return std::string("\"acl\" must be a list");
    }
    for (const Json& entry : *found) {
        if (!entry.is_object() || !entry.contains("scheme") || !entry.contains("id") ||
            !entry.contains("perms") || !entry["scheme"].is_string() || !entry["id"].is_string() ||
            !entry["perms"].is_string() || entry.size() != 3) {
            return std::string("bad ACL entry: expected {\"scheme\",\"id\",\"perms\"} strings");
        }
        const std::string perms_text = entry["perms"].get<std::string>();
        const std::optional<int32_t> perms = parse_perms_letters(perms_text);
        if (!perms) {
            return fmt::format("bad ACL perms \"{}\": letters of \"crwda\", each once", perms_text);
        }
        acl.push_back(proto::Acl{
            *perms, proto::Id{entry["scheme"].get<std::string>(), entry["id"].get<std::string>()}});
    }
    return std::nullopt;
}

std::optional<std::string> read_stat(const Json& doc, proto::Stat& stat) {
    const auto found = doc.find("stat");
    if (found == doc.end()) {
        return std::nullopt;
    }
    if (!found->is_object()) {
        return std::string("\"stat\" must be an object");
    }
    const auto field = [&](const char* name, auto& out) -> bool {
        const auto it = found->find(name);
        if (it == found->end()) {
            return true;
        }
        if (!it->is_number_integer()) {
            return false;
        }
        out = it->get<std::remove_reference_t<decltype(out)>>();
        return true;
    };
    if (!field("czxid", stat.czxid) || !field("mzxid", stat.mzxid) || !field("ctime", stat.ctime) ||
        !field("mtime", stat.mtime) || !field("version", stat.version) ||
        !field("cversion", stat.cversion) || !field("aversion", stat.aversion) ||
        !field("ephemeralOwner", stat.ephemeral_owner) || !field("dataLength", stat.data_length) ||
        !field("numChildren", stat.num_children) || !field("pzxid", stat.pzxid)) {
        return std::string("\"stat\" fields must be integers");
    }
    return std::nullopt;
}

// kind, ttl, acl, stat (both formats).
std::optional<std::string> read_meta(const Json& doc, Node& node) {
    const auto kind = doc.find("kind");
    if (kind == doc.end() || !kind->is_string()) {
        return std::string("\"kind\" must be persistent, container, ttl or ephemeral");
    }
    const std::optional<Kind> parsed = kind_from(kind->get<std::string>());
    if (!parsed) {
        return std::string("\"kind\" must be persistent, container, ttl or ephemeral");
    }
    node.kind = *parsed;
    if (const auto ttl = doc.find("ttl"); ttl != doc.end()) {
        if (node.kind != Kind::ttl) {
            return std::string("\"ttl\" is only for kind ttl");
        }
        if (!ttl->is_number_integer() || ttl->get<int64_t>() <= 0 ||
            ttl->get<int64_t>() > kMaxTtl) {
            return std::string("\"ttl\" must be a positive number of milliseconds");
        }
        node.ttl_ms = ttl->get<int64_t>();
    }
    if (auto error = read_acl(doc, node.acl)) {
        return error;
    }
    return read_stat(doc, node.stat);
}

std::optional<std::string> read_header(const Json& doc, Source& source, bool in_meta) {
    const auto format = doc.find("format");
    if (format == doc.end() || !format->is_string() || *format != detail::kFormatName) {
        return fmt::format("not a {} file (\"format\" is missing or wrong)", detail::kFormatName);
    }
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer()) {
        return std::string("\"version\" must be a number");
    }
    if (*version != detail::kFormatVersion) {
        return fmt::format("unsupported version {} (this build reads version {})", version->dump(),
                           detail::kFormatVersion);
    }
    for (const auto& [key, out] : {std::pair<const char*, std::string*>{"root", &source.root},
                                   {"server", &source.server},
                                   {"time", &source.time}}) {
        const auto it = doc.find(key);
        if (it != doc.end() && !it->is_string()) {
            return fmt::format("\"{}\" must be a string", key);
        }
        if (it != doc.end()) {
            *out = it->get<std::string>();
        }
    }
    if (!in_meta) {
        return check_only_keys(doc, {"format", "version", "root", "server", "time"});
    }
    return std::nullopt;
}

std::optional<std::string> read_node_line(const Json& doc, Node& node) {
    if (auto error =
            check_only_keys(doc, {"path", "kind", "ttl", "data", "encoding", "acl", "stat"})) {
        return error;
    }
    const auto path = doc.find("path");
    if (path == doc.end() || !path->is_string()) {
        return std::string("\"path\" must be a string");
    }
    node.path = path->get<std::string>();
    const auto data = doc.find("data");
    if (data == doc.end() || !(data->is_string() || data->is_null())) {
        return std::string("\"data\" must be a string or null");
    }
    std::string encoding = "utf-8";
    if (const auto it = doc.find("encoding"); it != doc.end()) {
        if (!it->is_string() || (*it != "utf-8" && *it != "base64")) {
            return std::string("\"encoding\" must be \"utf-8\" or \"base64\"");
        }
        encoding = it->get<std::string>();
    }
    if (data->is_null()) {
        if (doc.contains("encoding")) {
            return std::string("\"encoding\" given for null data");
        }
    } else if (encoding == "base64") {
        const auto& text = data->get_ref<const std::string&>();
        if (text.size() > (kMaxDataBytes + 2) / 3 * 4) {
            return fmt::format("data is more than {} bytes (jute.maxbuffer)", kMaxDataBytes);
        }
        auto decoded = base64_decode(text);
        if (!decoded) {
            return std::string("bad base64 in \"data\"");
        }
        node.data = std::move(*decoded);
    } else {
        node.data = data->get<std::string>();
    }
    return read_meta(doc, node);
}

std::optional<std::string> check_acl(const std::vector<proto::Acl>& acl) {
    if (acl.empty()) {
        return std::string("empty ACL list");
    }
    if (acl.size() > kMaxAclEntries) {
        return fmt::format("more than {} ACL entries", kMaxAclEntries);
    }
    for (const proto::Acl& entry : acl) {
        const std::string& scheme = entry.id.scheme;
        const std::string& id = entry.id.id;
        const bool scheme_ok = !scheme.empty() && scheme.size() <= 64 &&
                               std::all_of(scheme.begin(), scheme.end(), [](char c) {
                                   return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
                                          (c >= '0' && c <= '9') || c == '_' || c == '-' ||
                                          c == '.';
                               });
        const std::string shown = fmt::format("{}:{}", scheme, id.substr(0, 64));
        if (!scheme_ok) {
            return fmt::format("bad ACL scheme in '{}'", shown);
        }
        if ((entry.perms & ~proto::perm::all) != 0) {
            return fmt::format("bad ACL perms in '{}'", shown);
        }
        if (scheme == "auth") {
            return fmt::format("ACL '{}': the auth scheme is not a stored ACL", shown);
        }
        if (id.empty() || id.size() > 4096 || !valid_utf8(id)) {
            return fmt::format("bad ACL id in '{}'", shown);
        }
        if (scheme == "world" && id != "anyone") {
            return fmt::format("bad ACL '{}': the world scheme's id is anyone", shown);
        }
        if (scheme == "digest") {
            const size_t colon = id.find(':');
            if (colon == std::string::npos || colon == 0 || colon + 1 == id.size()) {
                return fmt::format("bad ACL '{}': a digest id is user:hash", shown);
            }
        }
        if (scheme == "ip" && !std::all_of(id.begin(), id.end(), [](char c) {
                return std::isxdigit(static_cast<unsigned char>(c)) || c == '.' || c == ':' ||
                       c == '/';
            })) {
            return fmt::format("bad ACL '{}': not an ip address or range", shown);
        }
    }
    return std::nullopt;
}

std::string parent_of_relative(const std::string& path) {
    const size_t slash = path.rfind('/');
    return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

} // namespace

std::string perms_letters(int32_t perms) {
    std::string text;
    for (const PermLetter& perm : kPermLetters) {
        if ((perms & perm.bit) != 0) {
            text += perm.letter;
        }
    }
    return text;
}

std::optional<int32_t> parse_perms_letters(std::string_view letters) {
    int32_t perms = 0;
    for (const char letter : letters) {
        const auto* found = std::find_if(std::begin(kPermLetters), std::end(kPermLetters),
                                         [&](const PermLetter& p) { return p.letter == letter; });
        if (found == std::end(kPermLetters) || (perms & found->bit) != 0) {
            return std::nullopt;
        }
        perms |= found->bit;
    }
    return perms;
}

namespace detail {

Json header_json(const Source& header) {
    return Json{{"format", kFormatName},
                {"version", kFormatVersion},
                {"root", header.root},
                {"server", header.server},
                {"time", header.time}};
}

std::string node_line(const Node& node) {
    Json doc;
    doc["path"] = node.path;
    add_meta(doc, node);
    if (!node.data) {
        doc["data"] = nullptr;
    } else if (valid_utf8(*node.data)) {
        doc["data"] = *node.data;
    } else {
        doc["data"] = base64_encode(*node.data);
        doc["encoding"] = "base64";
    }
    // kind, acl, stat before data would read oddly: put path, kind, data first.
    Json ordered;
    ordered["path"] = doc["path"];
    ordered["kind"] = doc["kind"];
    if (doc.contains("ttl")) {
        ordered["ttl"] = doc["ttl"];
    }
    ordered["data"] = doc["data"];
    if (doc.contains("encoding")) {
        ordered["encoding"] = doc["encoding"];
    }
    ordered["acl"] = doc["acl"];
    ordered["stat"] = doc["stat"];
    return dump(ordered);
}

Json meta_json(const Node& node, const Source* header) {
    Json doc = header != nullptr ? header_json(*header) : Json::object();
    add_meta(doc, node);
    return doc;
}

std::string dir_name(std::string_view name) {
    return name.starts_with('@') ? "@" + std::string(name) : std::string(name);
}

Kind kind_of(const proto::Stat& stat, int64_t* ttl_ms) {
    const int64_t owner = stat.ephemeral_owner;
    if (owner == 0) {
        return Kind::persistent;
    }
    if (owner == INT64_MIN) {
        return Kind::container;
    }
    if ((uint64_t(owner) >> 56) == 0xff) {
        if (ttl_ms != nullptr) {
            *ttl_ms = owner & kMaxTtl;
        }
        return Kind::ttl;
    }
    return Kind::ephemeral;
}

std::string full_path(const std::string& root, const std::string& relative) {
    if (relative.empty()) {
        return root;
    }
    return root == "/" ? "/" + relative : root + "/" + relative;
}

} // namespace detail

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
            if (auto error = read_header(doc, source, false)) {
                return fail(*error);
            }
            header_seen = true;
            continue;
        }
        if (source.nodes.size() >= kMaxNodes) {
            return fail(fmt::format("more than {} nodes", kMaxNodes));
        }
        Node node;
        if (auto error = read_node_line(doc, node)) {
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
                    error = read_header(doc, source, true);
                }
                if (!error) {
                    error = check_only_keys(doc, {"format", "version", "root", "server", "time",
                                                  "kind", "ttl", "acl", "stat"});
                }
                if (!error && entry.depth > 0 && doc.contains("format")) {
                    error = "header fields belong in the root's @meta.json";
                }
                if (!error) {
                    error = read_meta(doc, node);
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

std::optional<std::string> validate(const Source& source, const std::string& target) {
    if (source.nodes.empty()) {
        return std::string("the export holds no nodes");
    }
    if (source.nodes.size() > kMaxNodes) {
        return fmt::format("more than {} nodes", kMaxNodes);
    }
    std::unordered_map<std::string_view, size_t> seen;
    seen.reserve(source.nodes.size());
    for (size_t i = 0; i < source.nodes.size(); ++i) {
        const Node& node = source.nodes[i];
        const auto fail = [&](const std::string& what) {
            return fmt::format("{}{}node '{}': {}", node.origin, node.origin.empty() ? "" : ": ",
                               node.path.substr(0, 200), what);
        };
        const std::string& path = node.path;
        if (path.starts_with('/')) {
            return fail("absolute path (paths are relative to the export's root)");
        }
        size_t depth = 0;
        if (!path.empty()) {
            size_t start = 0;
            while (start <= path.size()) {
                const size_t slash = std::min(path.find('/', start), path.size());
                const std::string_view segment =
                    std::string_view(path).substr(start, slash - start);
                if (segment.empty()) {
                    return fail("empty path segment");
                }
                if (segment == "..") {
                    return fail("'..' segment escapes the root");
                }
                if (segment == ".") {
                    return fail("'.' segment");
                }
                ++depth;
                start = slash + 1;
            }
        }
        if (depth > kMaxDepth) {
            return fail(fmt::format("nested deeper than {} levels", kMaxDepth));
        }
        if (tree::validate_path(detail::full_path(target, path)) != proto::ErrorCode::ok) {
            return fail("not a valid znode path (control or non-BMP characters?)");
        }
        if (const auto [it, inserted] = seen.emplace(path, i); !inserted) {
            return fail(fmt::format("duplicate path (also {})", source.nodes[it->second].origin));
        }
        if (node.data && node.data->size() > kMaxDataBytes) {
            return fail(fmt::format("data is {} bytes, more than jute.maxbuffer ({})",
                                    node.data->size(), kMaxDataBytes));
        }
        if (auto error = check_acl(node.acl)) {
            return fail(*error);
        }
        if (node.kind != Kind::ttl && node.ttl_ms != -1) {
            return fail("a ttl for a node that is not a ttl node");
        }
    }
    for (const Node& node : source.nodes) {
        if (!node.path.empty() && !seen.contains(parent_of_relative(node.path))) {
            return fmt::format("{}{}node '{}': its parent '{}' is not in the export", node.origin,
                               node.origin.empty() ? "" : ": ", node.path.substr(0, 200),
                               parent_of_relative(node.path).substr(0, 200));
        }
    }
    return std::nullopt;
}

} // namespace zs::transfer
