// The JSON form of one node and of the header: writing it, and reading it back field by field.
#include "format_internal.h"
#include "transfer/encoding.h"
#include "transfer/record_json.h"

#include <algorithm>
#include <fmt/format.h>

namespace zs::transfer {

using detail::Json;

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

Json acl_json(const std::vector<proto::Acl>& acl) {
    Json list = Json::array();
    for (const proto::Acl& entry : acl) {
        list.push_back({{"scheme", entry.id.scheme},
                        {"id", entry.id.id},
                        {"perms", proto::perm::to_letters(entry.perms)}});
    }
    return list;
}

namespace {

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
        const std::optional<int32_t> perms = proto::perm::from_letters(perms_text, true);
        if (!perms) {
            return fmt::format("bad ACL perms \"{}\": letters of \"cdrwa\", each once", perms_text);
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

} // namespace

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
    if (format == doc.end() || !format->is_string() || *format != kFormatName) {
        return fmt::format("not a {} file (\"format\" is missing or wrong)", kFormatName);
    }
    const auto version = doc.find("version");
    if (version == doc.end() || !version->is_number_integer()) {
        return std::string("\"version\" must be a number");
    }
    if (*version != kFormatVersion) {
        return fmt::format("unsupported version {} (this build reads version {})", version->dump(),
                           kFormatVersion);
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

} // namespace detail

} // namespace zs::transfer
