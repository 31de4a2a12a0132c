#pragma once

// Helpers shared by the tree tests: building requests and driving a DataTree through prepare()
// and apply() the way the server does.
#include "proto/request.h"
#include "tree/data_tree.h"
#include "tree/prep.h"

#include <string>
#include <vector>

namespace tree_test {

using zs::proto::Acl;
using zs::proto::ErrorCode;
using zs::proto::Id;

inline const std::vector<Acl> kOpen{Acl{zs::proto::perm::all, Id{"world", "anyone"}}};

inline zs::proto::Request request(int32_t opcode, zs::proto::RequestBody body) {
    return zs::proto::Request{zs::proto::RequestHeader{1, opcode}, std::move(body)};
}

inline zs::proto::CreateRequest create_body(std::string path, std::optional<std::string> data = "",
                                            int32_t flags = 0, std::vector<Acl> acl = kOpen) {
    return zs::proto::CreateRequest{std::move(path), std::move(data), std::move(acl), flags};
}

// A tree plus the state a server keeps around it: the next zxid, a clock and who is calling.
struct Harness {
    zs::tree::DataTree tree;
    zs::tree::AuthInfo auth{"127.0.0.1", {}};
    int64_t session_id = 0x100;
    int64_t zxid = 0;
    int64_t time_ms = 1000;
    bool extended_types = true;
    bool skip_acl = false;
    bool enforce_quota = false;

    zs::tree::Txn prepare(const zs::proto::Request& req) const {
        const zs::tree::PrepContext context{.session_id = session_id,
                                            .auth = auth,
                                            .now_ms = time_ms,
                                            .extended_types_enabled = extended_types,
                                            .skip_acl = skip_acl,
                                            .enforce_quota = enforce_quota};
        return zs::tree::prepare(tree, req, context);
    }
    zs::tree::TxnHeader next_header() {
        ++zxid;
        time_ms += 10;
        return zs::tree::TxnHeader{session_id, 1, zxid, time_ms};
    }
    // Prepares and applies one request with the next zxid.
    zs::tree::ApplyResult submit(const zs::proto::Request& req) {
        const zs::tree::Txn txn = prepare(req);
        return tree.apply(next_header(), txn);
    }
    zs::tree::ApplyResult apply(const zs::tree::Txn& txn) { return tree.apply(next_header(), txn); }
    zs::tree::ApplyResult create(std::string path, std::optional<std::string> data = "",
                                 int32_t flags = 0, std::vector<Acl> acl = kOpen) {
        return submit(request(zs::proto::op::create2, create_body(std::move(path), std::move(data),
                                                                  flags, std::move(acl))));
    }
    zs::tree::ApplyResult remove(std::string path, int32_t version = -1) {
        return submit(
            request(zs::proto::op::remove, zs::proto::DeleteRequest{std::move(path), version}));
    }
    zs::tree::ApplyResult set_data(std::string path, std::optional<std::string> data,
                                   int32_t version = -1) {
        return submit(
            request(zs::proto::op::set_data,
                    zs::proto::SetDataRequest{std::move(path), std::move(data), version}));
    }
    zs::proto::Stat stat(std::string_view path) const {
        const zs::tree::Node* node = tree.find(path);
        return node != nullptr ? tree.stat_of(*node) : zs::proto::Stat{};
    }
};

// The error a prepared txn carries: ok unless it is an ErrorTxn.
inline ErrorCode error_of(const zs::tree::Txn& txn) {
    if (const auto* error = std::get_if<zs::tree::ErrorTxn>(&txn)) {
        return error->err;
    }
    return ErrorCode::ok;
}

// Deliveries as "<watcher> <event> <path>" strings ("7 created /a"), for compact comparisons.
inline std::vector<std::string> describe(const std::vector<zs::tree::WatchDelivery>& events) {
    std::vector<std::string> out;
    for (const auto& delivery : events) {
        const char* type = "?";
        switch (static_cast<zs::proto::EventType>(delivery.event.type)) {
        case zs::proto::EventType::node_created:
            type = "created";
            break;
        case zs::proto::EventType::node_deleted:
            type = "deleted";
            break;
        case zs::proto::EventType::node_data_changed:
            type = "changed";
            break;
        case zs::proto::EventType::node_children_changed:
            type = "children";
            break;
        default:
            break;
        }
        const bool connected =
            delivery.event.state == int32_t(zs::proto::KeeperState::sync_connected);
        out.push_back(std::to_string(delivery.watcher) + " " + type + " " + delivery.event.path +
                      (connected ? "" : " (bad state)"));
    }
    return out;
}

} // namespace tree_test
