#include "output.h"

#include "transfer/encoding.h"

#include <cstdio>
#include <ctime>
#include <fmt/format.h>

namespace zs::zooctl {

std::string hex(int64_t value) {
    return fmt::format("0x{:x}", uint64_t(value));
}

std::string java_date(int64_t ms) {
    const std::time_t seconds = std::time_t(ms / 1000);
    std::tm local{};
    if (localtime_r(&seconds, &local) == nullptr) {
        return std::to_string(ms);
    }
    char text[64];
    const size_t length = std::strftime(text, sizeof text, "%a %b %d %H:%M:%S %Z %Y", &local);
    return std::string(text, length);
}

std::string stat_text(const proto::Stat& stat, std::string_view indent) {
    std::string text;
    const auto line = [&](std::string_view name, const std::string& value) {
        text += fmt::format("{}{} = {}\n", indent, name, value);
    };
    line("cZxid", hex(stat.czxid));
    line("ctime", java_date(stat.ctime));
    line("mZxid", hex(stat.mzxid));
    line("mtime", java_date(stat.mtime));
    line("pZxid", hex(stat.pzxid));
    line("cversion", std::to_string(stat.cversion));
    line("dataVersion", std::to_string(stat.version));
    line("aclVersion", std::to_string(stat.aversion));
    line("ephemeralOwner", hex(stat.ephemeral_owner));
    line("dataLength", std::to_string(stat.data_length));
    line("numChildren", std::to_string(stat.num_children));
    return text;
}

void set_data_json(Json& doc, const std::optional<std::string>& data) {
    if (!data) {
        doc["data"] = nullptr;
    } else if (transfer::valid_utf8(*data)) {
        doc["data"] = *data;
        doc["encoding"] = "utf-8";
    } else {
        doc["data"] = transfer::base64_encode(*data);
        doc["encoding"] = "base64";
    }
}

std::string acl_text(const proto::Acl& acl) {
    return fmt::format("{}:{}:{}", acl.id.scheme, acl.id.id, proto::perm::to_letters(acl.perms));
}

std::variant<std::vector<proto::Acl>, std::string> parse_acl(std::string_view text) {
    std::vector<proto::Acl> acl;
    size_t start = 0;
    while (start <= text.size()) {
        const size_t comma = std::min(text.find(',', start), text.size());
        const std::string_view entry = text.substr(start, comma - start);
        start = comma + 1;
        const size_t first = entry.find(':');
        const size_t last = entry.rfind(':');
        if (first == std::string_view::npos || first == last || first == 0) {
            return fmt::format("ACL entry '{}': expected scheme:id:perms", entry);
        }
        const std::optional<int32_t> perms = proto::perm::from_letters(entry.substr(last + 1));
        if (!perms) {
            return fmt::format("ACL entry '{}': permissions are letters of \"cdrwa\"", entry);
        }
        acl.push_back(
            proto::Acl{*perms, proto::Id{std::string(entry.substr(0, first)),
                                         std::string(entry.substr(first + 1, last - first - 1))}});
    }
    return acl;
}

const char* event_name(proto::EventType type) {
    switch (type) {
    case proto::EventType::none:
        return "None";
    case proto::EventType::node_created:
        return "NodeCreated";
    case proto::EventType::node_deleted:
        return "NodeDeleted";
    case proto::EventType::node_data_changed:
        return "NodeDataChanged";
    case proto::EventType::node_children_changed:
        return "NodeChildrenChanged";
    case proto::EventType::data_watch_removed:
        return "DataWatchRemoved";
    case proto::EventType::child_watch_removed:
        return "ChildWatchRemoved";
    case proto::EventType::persistent_watch_removed:
        return "PersistentWatchRemoved";
    }
    return "Unknown";
}

std::string child_path(const std::string& parent, const std::string& child) {
    return parent == "/" ? "/" + child : parent + "/" + child;
}

void write_out(std::string_view text) {
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

void print_json(const Json& doc) {
    // Paths and ids are bytes on the wire: replace what is not UTF-8 rather than throw.
    write_out(doc.dump(-1, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n");
}

} // namespace zs::zooctl
