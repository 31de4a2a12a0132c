#pragma once

#include "proto/request.h"
#include "tree/acl.h"
#include "tree/txn.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>

namespace zs::server {

// A client's write that a follower or observer sends its leader to prepare (ZooKeeper's REQUEST
// packet): the session and cxid it came with, its time, and either the request as the client sent
// it with the identities the client proved (the leader checks ACLs with them), or a txn that needs
// no preparing (createSession and the error txns).
struct ForwardedWrite {
    int64_t session_id = 0;
    int32_t cxid = 0;
    int64_t time_ms = 0;
    std::variant<proto::Request, tree::Txn> write;
    tree::AuthInfo auth;
};

std::string encode_forwarded_write(const ForwardedWrite& write);
// nullopt for anything malformed (a learner sent something the leader cannot prepare).
std::optional<ForwardedWrite> decode_forwarded_write(std::string_view bytes);

} // namespace zs::server
