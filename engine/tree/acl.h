#pragma once

#include "proto/constants.h"
#include "proto/records.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

// ACL evaluation with ZooKeeper's built-in providers: world, auth, digest and ip.
namespace zs::tree {

// Who a connection is: its peer address (ZooKeeper's implicit ip:<address> identity) and the
// identities added by addauth, e.g. {"digest", "bob:<hash>"} or {"super", ""}.
struct AuthInfo {
    std::string remote_ip;
    std::vector<proto::Id> ids;
};

// The id a digest ACL stores for "user:password": "user:" + base64(sha1("user:password")).
std::string digest_id(std::string_view user_colon_password);

// Whether `acl` grants `perm` to `auth`, as ZooKeeperServer.checkACL decides: an empty list and a
// "super" identity allow everything; world:anyone matches everyone; ip entries match the peer
// address exactly or by prefix ("10.0.0.0/8", IPv4 and IPv6); other schemes match ids exactly.
bool acl_permits(const std::vector<proto::Acl>& acl, int32_t perm, const AuthInfo& auth);

// Checks and expands an ACL given to create or setACL (PrepRequestProcessor.fixupACL): removes
// duplicate entries, replaces each "auth" entry by the caller's authenticated (digest) ids, and
// returns invalid_acl (leaving `acl` unchanged) for an empty list, an "auth" entry without such
// ids, a world id other than "anyone", a malformed digest or ip id, or any other scheme.
proto::ErrorCode fix_acl(std::vector<proto::Acl>& acl, const AuthInfo& auth);

} // namespace zs::tree
