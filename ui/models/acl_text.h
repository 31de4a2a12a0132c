#pragma once

#include "proto/records.h"

#include <QString>
#include <optional>

namespace zs::ui {

// ZooKeeper's digest of a user and password, as the digest scheme's id wants it:
// "user:base64(sha1(user:password))" (DigestAuthenticationProvider.generateDigest).
QString digest_id(const QString& user, const QString& password);

// "cdrwa" letters of a permission mask, in zkCli.sh's order.
QString perms_text(int32_t perms);

// Why `acl` would be refused, checked as ZooKeeper checks each scheme's id (world: "anyone";
// digest: "user:hash"; ip: an IPv4/IPv6 address with an optional /bits; auth: any id, it is
// replaced by the session's identities); nullopt when it is valid. An empty list is refused too.
std::optional<QString> acl_problem(const std::vector<proto::Acl>& acl);

} // namespace zs::ui
