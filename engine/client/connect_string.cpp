#include "client/connect_string.h"

#include "tree/path.h"

#include <charconv>

namespace zs::client {
namespace {

std::string_view trimmed(std::string_view text) {
    const auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
    while (!text.empty() && space(text.front())) {
        text.remove_prefix(1);
    }
    while (!text.empty() && space(text.back())) {
        text.remove_suffix(1);
    }
    return text;
}

std::variant<HostPort, std::string> parse_host(std::string_view text) {
    HostPort out;
    std::string_view port_text;
    if (text.starts_with('[')) {
        const size_t close = text.find(']');
        if (close == std::string_view::npos) {
            return "'" + std::string(text) + "': an IPv6 address needs its closing ']'";
        }
        out.host = std::string(text.substr(1, close - 1));
        const std::string_view rest = text.substr(close + 1);
        if (!rest.empty() && !rest.starts_with(':')) {
            return "'" + std::string(text) + "': expected ':port' after the address";
        }
        port_text = rest.empty() ? rest : rest.substr(1);
        if (rest == ":") {
            return "'" + std::string(text) + "': the port is empty";
        }
    } else {
        // Java's ConnectStringParser: a ':' at the very end is ignored (the default port).
        const size_t colon = text.rfind(':');
        out.host = std::string(text.substr(0, colon));
        if (colon != std::string_view::npos) {
            port_text = text.substr(colon + 1);
        }
    }
    if (out.host.empty()) {
        return "'" + std::string(text) + "': the host is empty";
    }
    if (!port_text.empty()) {
        unsigned port = 0;
        const auto [end, ec] =
            std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
        if (ec != std::errc() || end != port_text.data() + port_text.size() || port == 0 ||
            port > 65535) {
            return "'" + std::string(text) + "': '" + std::string(port_text) +
                   "' is not a port number";
        }
        out.port = uint16_t(port);
    }
    return out;
}

} // namespace

std::variant<ConnectString, std::string> ConnectString::parse(std::string_view text) {
    ConnectString out;
    const size_t slash = text.find('/');
    std::string_view hosts = text.substr(0, slash);
    if (slash != std::string_view::npos) {
        const std::string_view chroot = text.substr(slash);
        if (chroot != "/") {
            if (tree::validate_path(chroot) != proto::ErrorCode::ok) {
                return "the chroot '" + std::string(chroot) + "' is not a valid znode path";
            }
            out.chroot = std::string(chroot);
        }
    }
    while (!hosts.empty()) {
        const size_t comma = hosts.find(',');
        const std::string_view one = trimmed(hosts.substr(0, comma));
        hosts = comma == std::string_view::npos ? std::string_view() : hosts.substr(comma + 1);
        // As Java's StringUtils.split: entries are trimmed and empty ones skipped, so
        // "a:2181, b:2181" and "a:2181,,b:2181" both name two servers.
        if (one.empty()) {
            continue;
        }
        auto host = parse_host(one);
        if (auto* error = std::get_if<std::string>(&host)) {
            return *error;
        }
        out.hosts.push_back(std::get<HostPort>(std::move(host)));
    }
    if (out.hosts.empty()) {
        return std::string("no server in the connect string '") + std::string(text) + "'";
    }
    return out;
}

std::string Chroot::to_server(std::string_view client_path) const {
    if (chroot_.empty()) {
        return std::string(client_path);
    }
    if (client_path == "/") {
        return chroot_;
    }
    return chroot_ + std::string(client_path);
}

std::string Chroot::to_client(std::string_view server_path) const {
    if (chroot_.empty() || !server_path.starts_with(chroot_)) {
        return std::string(server_path);
    }
    const std::string_view rest = server_path.substr(chroot_.size());
    if (rest.empty()) {
        return "/";
    }
    if (!rest.starts_with('/')) {
        return std::string(server_path); // "/app2" is not under "/app"
    }
    return std::string(rest);
}

bool Chroot::contains(std::string_view server_path) const {
    if (chroot_.empty()) {
        return true;
    }
    return server_path.starts_with(chroot_) &&
           (server_path.size() == chroot_.size() || server_path[chroot_.size()] == '/');
}

} // namespace zs::client
