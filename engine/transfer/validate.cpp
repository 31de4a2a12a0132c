// validate(): the checks both parsers' output must pass before an import writes anything.
#include "format_internal.h"
#include "transfer/encoding.h"
#include "tree/path.h"

#include <algorithm>
#include <cctype>
#include <fmt/format.h>
#include <unordered_map>

namespace zs::transfer {

namespace {

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
