#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zs::client {

struct HostPort {
    std::string host; // a name or an address; IPv6 without its brackets
    uint16_t port = 2181;

    bool operator==(const HostPort&) const = default;
};

// A connect string as the Java client reads it: "host[:port][,host[:port]...][/chroot]", IPv6
// addresses in brackets ("[::1]:2181"), 2181 when the port is left out. The chroot, if any, is
// an absolute path every request is relative to ("" for none; a lone "/" means none).
struct ConnectString {
    std::vector<HostPort> hosts;
    std::string chroot;

    bool operator==(const ConnectString&) const = default;

    // The parsed form, or a message naming what is wrong.
    static std::variant<ConnectString, std::string> parse(std::string_view text);
};

// Client paths <-> server paths under a chroot.
class Chroot {
  public:
    explicit Chroot(std::string chroot) : chroot_(std::move(chroot)) {}

    // "/a" under "/app" is "/app/a"; "/" is "/app".
    std::string to_server(std::string_view client_path) const;
    // The inverse; a server path outside the chroot comes back unchanged.
    std::string to_client(std::string_view server_path) const;
    // Whether a server path is the chroot or below it (always, without a chroot).
    bool contains(std::string_view server_path) const;
    const std::string& prefix() const { return chroot_; }

  private:
    std::string chroot_;
};

} // namespace zs::client
