#include "server/request_processor.h"

#include "server/clock.h"
#include "server/connection.h"
#include "server/server.h"
#include "tree/prep.h"

#include <algorithm>
#include <spdlog/spdlog.h>
#include <variant>

namespace zs::server {

using proto::ErrorCode;
namespace op = proto::op;
namespace perm = proto::perm;

namespace {

// A SASL exchange without a configured SASL server: ZooKeeper answers OK with a null token.
struct NullSaslResponse {
    void write(proto::Writer& writer) const { writer.write_buffer(std::optional<std::string>{}); }
};

bool valid_watcher_type(int32_t type) {
    return type >= static_cast<int32_t>(proto::WatcherType::children) &&
           type <= static_cast<int32_t>(proto::WatcherType::persistent_recursive);
}

// getACL without ADMIN permission shows digest ids as "user:x", hiding the password hash.
std::vector<proto::Acl> mask_digests(std::vector<proto::Acl> acl) {
    for (auto& entry : acl) {
        if (entry.id.scheme == "digest") {
            entry.id.id = entry.id.id.substr(0, entry.id.id.find(':')) + ":x";
        }
    }
    return acl;
}

proto::MultiResponse multi_response(const tree::ApplyResult& result) {
    proto::MultiResponse response;
    const bool failed = std::any_of(result.multi.begin(), result.multi.end(),
                                    [](const tree::OpResult& r) { return r.err != ErrorCode::ok; });
    for (const tree::OpResult& r : result.multi) {
        proto::MultiResult out{};
        if (failed) {
            // A failed multi answers every op with an error result: 0 before the culprit, its
            // code, then RUNTIMEINCONSISTENCY.
            out.type = op::error;
            out.err = static_cast<int32_t>(r.err);
        } else {
            out.type = r.opcode;
            out.err = 0;
            switch (r.opcode) {
            case op::create:
                out.body = proto::CreateResponse{r.path};
                break;
            case op::create2:
            case op::create_container:
            case op::create_ttl:
                out.type = op::create2;
                out.body = proto::Create2Response{r.path, r.stat};
                break;
            case op::set_data:
                out.body = proto::StatResponse{r.stat};
                break;
            default: // delete and check answer with the header alone
                break;
            }
        }
        response.results.push_back(std::move(out));
    }
    return response;
}

} // namespace

void RequestProcessor::reply(Connection& connection, int32_t xid, ErrorCode err) {
    const int64_t zxid = server_.tree().last_processed_zxid();
    connection.stats().last_zxid = zxid;
    connection.send(proto::encode_frame(proto::ReplyHeader{xid, zxid, static_cast<int32_t>(err)}));
}

template <class Body>
void RequestProcessor::reply(Connection& connection, int32_t xid, const Body& body) {
    const int64_t zxid = server_.tree().last_processed_zxid();
    connection.stats().last_zxid = zxid;
    connection.send(proto::encode_frame(proto::ReplyHeader{xid, zxid, 0}, body));
}

bool RequestProcessor::permitted(const Connection& connection, const tree::Node& node,
                                 int32_t perm) const {
    return server_.config().skip_acl ||
           tree::acl_permits(server_.tree().acl_of(node), perm, connection.auth());
}

void RequestProcessor::process(Connection& connection, std::string_view payload) {
    handle(connection, payload, steady_ms(), Turn::arrived);
}

void RequestProcessor::resume(Connection& connection) {
    while (!connection.closed()) {
        std::optional<PendingRequest> next = connection.pop_deferred();
        if (!next) {
            return;
        }
        handle(connection, next->payload, next->received_ms, Turn::at_head);
    }
}

void RequestProcessor::record_latency(Connection& connection, int64_t received_ms) {
    auto& stats = connection.stats();
    const int64_t latency_ms = steady_ms() - received_ms;
    stats.last_latency_ms = latency_ms;
    stats.last_response_ms = wall_clock_ms();
    stats.latency.record(latency_ms);
    server_.stats().latency.record(latency_ms);
}

namespace {

// Requests that become txns: they take a zxid even when they fail.
bool is_logged(int32_t opcode) {
    return proto::is_write_request(opcode) || opcode == op::close_session ||
           opcode == op::delete_container || opcode == op::reconfig;
}

} // namespace

void RequestProcessor::handle(Connection& connection, std::string_view payload, int64_t received_ms,
                              Turn turn) {
    if (payload.size() < 8) {
        spdlog::warn("closing connection from {}:{}: request shorter than its header",
                     connection.remote_ip(), connection.remote_port());
        connection.abort();
        return;
    }
    proto::DecodeResult decoded = proto::decode_request(payload, server_.max_buffer_bytes());
    const proto::Request& request = decoded.request;
    const bool logged = decoded.status == proto::DecodeStatus::ok &&
                        is_logged(request.header.type) && server_.accepting_writes();
    if (turn == Turn::arrived && connection.has_pending() && !logged) {
        // Answered from the applied tree, so it waits until the writes before it are applied.
        // An auth takes effect at once, as in ZooKeeper, so that the writes after it are
        // prepared with its identity; only its reply waits (adding an id twice changes nothing).
        if (decoded.status == proto::DecodeStatus::ok && request.header.type == op::auth) {
            add_auth_ids(connection, std::get<proto::AuthPacket>(request.body));
        }
        connection.defer(payload, received_ms);
        return;
    }
    auto& stats = connection.stats();
    stats.last_opcode = request.header.type;
    stats.has_last_op = true;
    if (request.header.xid > 0) {
        stats.last_cxid = request.header.xid;
    }

    switch (decoded.status) {
    case proto::DecodeStatus::unknown_opcode:
        reply(connection, request.header.xid, ErrorCode::unimplemented);
        connection.close_after_flush();
        return;
    case proto::DecodeStatus::malformed:
        // ZooKeeper answers a body it cannot read with MARSHALLINGERROR and keeps serving.
        reply(connection, request.header.xid, ErrorCode::marshalling_error);
        return;
    case proto::DecodeStatus::ok:
        break;
    }
    if (logged) {
        submit(connection, std::move(decoded.request), received_ms, turn);
        return;
    }
    const size_t outstanding = connection.outstanding_requests();
    if (!dispatch(connection, request, received_ms, turn)) {
        connection.close_after_flush();
    }
    if (connection.outstanding_requests() <= outstanding) { // answered, not put in flight
        record_latency(connection, received_ms);
    }
}

void RequestProcessor::submit(Connection& connection, proto::Request request, int64_t received_ms,
                              Turn turn) {
    const int32_t xid = request.header.xid;
    const int32_t type = request.header.type;
    const int64_t session_id = connection.session_id();
    connection.push_in_flight(received_ms, turn == Turn::at_head, xid, type);
    if (type == op::close_session) {
        // Nothing after closeSession is read: ZooKeeper closes the connection once it answers.
        connection.hold_reads();
    }
    Completion done = [this, connection_id = connection.id()](const Committed* committed) {
        Connection* c = server_.find_connection(connection_id);
        if (c == nullptr) {
            return;
        }
        const PendingRequest answered = c->pop_in_flight();
        if (committed == nullptr) {
            reply(*c, answered.xid, ErrorCode::not_read_only);
        } else {
            reply_committed(*c, answered.xid, answered.type, committed->txn, committed->result);
        }
        record_latency(*c, answered.received_ms);
        if (answered.type == op::close_session) {
            c->close_after_flush();
            return;
        }
        resume(*c);
    };
    const auto& config = server_.config();
    const int64_t now_ms = wall_clock_ms();
    switch (type) {
    case op::delete_container:
        // ZooKeeper reads this body as the bare path bytes its own container manager writes,
        // so a client's length-prefixed path is never valid: BADARGUMENTS, logged as an error
        // txn. Containers are removed by the server alone.
        server_.write_txn(session_id, xid, now_ms, tree::ErrorTxn{ErrorCode::bad_arguments},
                          std::move(done));
        return;
    case op::reconfig:
        // Refused here unless an ensemble member may reconfigure (the leader prepares the rest);
        // ZooKeeper logs the refusal as an error txn, so it consumes a zxid.
        if (!config.reconfig_enabled || server_.replication() == nullptr) {
            server_.write_txn(session_id, xid, now_ms,
                              tree::ErrorTxn{config.reconfig_enabled
                                                 ? ErrorCode::unimplemented
                                                 : ErrorCode::reconfig_disabled},
                              std::move(done));
            return;
        }
        break;
    case op::close_session:
        server_.close_session(session_id, xid, std::move(done));
        return;
    default:
        break;
    }
    const tree::PrepContext context{.session_id = session_id,
                                    .auth = connection.auth(),
                                    .now_ms = now_ms,
                                    .extended_types_enabled = config.extended_types_enabled,
                                    .skip_acl = config.skip_acl,
                                    .enforce_quota = config.enforce_quota};
    server_.write(session_id, xid, std::move(request), context, std::move(done));
}

void RequestProcessor::reply_committed(Connection& connection, int32_t xid, int32_t type,
                                       const tree::Txn& txn, const tree::ApplyResult& result) {
    // A multi that failed as a whole (a plain ErrorTxn) gets an error header, no results.
    if (type == op::multi && std::holds_alternative<tree::MultiTxn>(txn)) {
        reply(connection, xid, multi_response(result));
        return;
    }
    if (result.err != ErrorCode::ok) {
        reply(connection, xid, result.err);
        return;
    }
    switch (type) {
    case op::create:
        reply(connection, xid, proto::CreateResponse{result.path});
        break;
    case op::create2:
    case op::create_container:
    case op::create_ttl:
        reply(connection, xid, proto::Create2Response{result.path, result.stat});
        break;
    case op::set_data:
    case op::set_acl:
        reply(connection, xid, proto::StatResponse{result.stat});
        break;
    case op::reconfig: // the new membership and /zookeeper/config's Stat
        reply(connection, xid,
              proto::GetDataResponse{std::get<tree::ReconfigTxn>(txn).data, result.stat});
        break;
    default: // delete, closeSession
        reply(connection, xid, ErrorCode::ok);
        break;
    }
}

bool RequestProcessor::dispatch(Connection& connection, const proto::Request& request,
                                int64_t received_ms, Turn turn) {
    const int32_t xid = request.header.xid;
    const int32_t type = request.header.type;
    if (is_logged(type)) {
        // Only reached once the log has failed.
        reply(connection, xid, ErrorCode::not_read_only);
        return type != op::close_session;
    }
    switch (type) {
    case op::ping:
        reply(connection, xid, ErrorCode::ok);
        return true;
    case op::auth:
        process_auth(connection, request);
        return !connection.closed();
    case op::set_watches:
    case op::set_watches2:
        process_set_watches(connection, request);
        return true;
    case op::multi_read:
        process_multi_read(connection, request);
        return true;
    case op::check_watches:
    case op::remove_watches:
    case op::add_watch:
        process_watch_admin(connection, request);
        return true;
    case op::who_am_i:
        process_who_am_i(connection, request);
        return true;
    case op::sasl:
        reply(connection, xid, NullSaslResponse{});
        return true;
    case op::sync:
        process_sync(connection, request, received_ms, turn);
        return true;
    default:
        process_read(connection, request);
        return true;
    }
}

void RequestProcessor::process_sync(Connection& connection, const proto::Request& request,
                                    int64_t received_ms, Turn turn) {
    const std::string path = std::get<proto::PathRequest>(request.body).path;
    const int32_t xid = request.header.xid;
    if (server_.sync_is_immediate()) {
        reply(connection, xid, proto::SyncResponse{path});
        return;
    }
    connection.push_in_flight(received_ms, turn == Turn::at_head, xid, op::sync);
    // sync answers once every write received before it, from any connection, is applied.
    server_.after_writes([this, connection_id = connection.id(), xid, path] {
        Connection* c = server_.find_connection(connection_id);
        if (c == nullptr) {
            return;
        }
        const PendingRequest answered = c->pop_in_flight();
        reply(*c, xid, proto::SyncResponse{path});
        record_latency(*c, answered.received_ms);
        resume(*c);
    });
}

bool RequestProcessor::add_auth_ids(Connection& connection, const proto::AuthPacket& packet) {
    auto& ids = connection.auth().ids;
    auto add_id = [&ids](proto::Id id) {
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) {
            ids.push_back(std::move(id));
        }
    };
    if (packet.scheme == "digest") {
        const std::string digest = tree::digest_id(packet.auth.value_or(""));
        if (!server_.config().super_digest.empty() && digest == server_.config().super_digest) {
            add_id(proto::Id{"super", ""});
        }
        add_id(proto::Id{"digest", digest});
        return true;
    }
    if (packet.scheme == "ip") {
        add_id(proto::Id{"ip", connection.remote_ip()});
        return true;
    }
    return false;
}

void RequestProcessor::process_auth(Connection& connection, const proto::Request& request) {
    const auto& packet = std::get<proto::AuthPacket>(request.body);
    const int32_t xid = request.header.xid;
    // Auth replies carry zxid 0, as ZooKeeper sends them outside the request pipeline.
    if (add_auth_ids(connection, packet)) {
        connection.send(proto::encode_frame(proto::ReplyHeader{xid, 0, 0}));
        return;
    }
    spdlog::warn("authentication with unknown scheme '{}' from {}:{}; closing the connection",
                 packet.scheme, connection.remote_ip(), connection.remote_port());
    ++server_.stats().auth_failed;
    connection.send(proto::encode_frame(
        proto::ReplyHeader{xid, 0, static_cast<int32_t>(ErrorCode::auth_failed)}));
    connection.close_after_flush();
}

void RequestProcessor::process_set_watches(Connection& connection, const proto::Request& request) {
    proto::SetWatches2 watches;
    if (const auto* v1 = std::get_if<proto::SetWatches>(&request.body)) {
        watches.relative_zxid = v1->relative_zxid;
        watches.data_watches = v1->data_watches;
        watches.exist_watches = v1->exist_watches;
        watches.child_watches = v1->child_watches;
    } else {
        watches = std::get<proto::SetWatches2>(request.body);
    }
    std::vector<tree::WatchDelivery> missed;
    server_.tree().set_watches(watches.relative_zxid, watches, connection.id(), missed);
    // What changed while the client was away is announced before the reply.
    server_.deliver(missed);
    reply(connection, request.header.xid, ErrorCode::ok);
}

void RequestProcessor::process_read(Connection& connection, const proto::Request& request) {
    auto& tree = server_.tree();
    const int32_t xid = request.header.xid;
    const int32_t type = request.header.type;

    if (type == op::exists || type == op::get_data || type == op::get_children ||
        type == op::get_children2) {
        const auto& body = std::get<proto::PathWatchRequest>(request.body);
        if (type == op::exists && body.path.find('\0') != std::string::npos) {
            reply(connection, xid, ErrorCode::bad_arguments);
            return;
        }
        const tree::Node* node = tree.find(body.path);
        // exists reveals a node's Stat to anyone: ZooKeeper 3.8 checks no ACL for it.
        if (node != nullptr && type != op::exists && !permitted(connection, *node, perm::read)) {
            reply(connection, xid, ErrorCode::no_auth);
            return;
        }
        // exists arms its watch on a missing node too: it becomes a creation watch.
        if (body.watch && (node != nullptr || type == op::exists)) {
            const bool child = type == op::get_children || type == op::get_children2;
            tree.watches().add(body.path, connection.id(),
                               child ? tree::WatchKind::child : tree::WatchKind::data);
        }
        if (node == nullptr) {
            reply(connection, xid, ErrorCode::no_node);
        } else if (type == op::exists) {
            reply(connection, xid, proto::StatResponse{tree.stat_of(*node)});
        } else if (type == op::get_data) {
            reply(connection, xid,
                  proto::GetDataResponse{tree.data_of(*node), tree.stat_of(*node)});
        } else if (type == op::get_children) {
            reply(connection, xid, proto::GetChildrenResponse{tree.children_of(*node)});
        } else {
            reply(connection, xid,
                  proto::GetChildren2Response{tree.children_of(*node), tree.stat_of(*node)});
        }
        return;
    }

    const auto& path = std::get<proto::PathRequest>(request.body).path;
    switch (type) {
    case op::get_ephemerals: {
        std::vector<std::string> paths = tree.ephemerals_of(connection.session_id());
        if (!path.empty() && path != "/") {
            std::erase_if(paths, [&path](const std::string& p) { return !p.starts_with(path); });
        }
        reply(connection, xid, proto::GetEphemeralsResponse{std::move(paths)});
        return;
    }
    default:
        break;
    }
    const tree::Node* node = tree.find(path);
    if (node == nullptr) {
        reply(connection, xid, ErrorCode::no_node);
        return;
    }
    if (type == op::get_acl) {
        // Either READ or ADMIN lets a client see an ACL; only ADMIN shows digest hashes.
        if (!permitted(connection, *node, perm::read | perm::admin)) {
            reply(connection, xid, ErrorCode::no_auth);
            return;
        }
        std::vector<proto::Acl> acl = tree.acl_of(*node);
        if (!permitted(connection, *node, perm::admin)) {
            acl = mask_digests(std::move(acl));
        }
        reply(connection, xid, proto::GetAclResponse{std::move(acl), tree.stat_of(*node)});
        return;
    }
    // getAllChildrenNumber
    if (!permitted(connection, *node, perm::read)) {
        reply(connection, xid, ErrorCode::no_auth);
        return;
    }
    reply(connection, xid, proto::GetAllChildrenNumberResponse{tree.descendant_count(path)});
}

void RequestProcessor::process_multi_read(Connection& connection, const proto::Request& request) {
    const auto& tree = server_.tree();
    proto::MultiResponse response;
    for (const proto::MultiOp& op : std::get<proto::MultiRequest>(request.body).ops) {
        const auto& path = std::get<proto::PathWatchRequest>(op.body).path;
        proto::MultiResult result{};
        const tree::Node* node = tree.find(path);
        ErrorCode err = ErrorCode::ok;
        if (node == nullptr) {
            err = ErrorCode::no_node;
        } else if (!permitted(connection, *node, perm::read)) {
            err = ErrorCode::no_auth;
        }
        if (err != ErrorCode::ok) {
            result.type = op::error;
            result.err = static_cast<int32_t>(err);
        } else if (op.opcode == op::get_data) {
            result.type = op::get_data;
            result.body = proto::GetDataResponse{tree.data_of(*node), tree.stat_of(*node)};
        } else {
            result.type = op::get_children;
            result.body = proto::GetChildrenResponse{tree.children_of(*node)};
        }
        response.results.push_back(std::move(result));
    }
    reply(connection, request.header.xid, response);
}

void RequestProcessor::process_watch_admin(Connection& connection, const proto::Request& request) {
    auto& watches = server_.tree().watches();
    const int32_t xid = request.header.xid;
    if (request.header.type == op::add_watch) {
        const auto& body = std::get<proto::AddWatchRequest>(request.body);
        if (body.mode != static_cast<int32_t>(proto::AddWatchMode::persistent) &&
            body.mode != static_cast<int32_t>(proto::AddWatchMode::persistent_recursive)) {
            reply(connection, xid, ErrorCode::marshalling_error);
            return;
        }
        const bool recursive =
            body.mode == static_cast<int32_t>(proto::AddWatchMode::persistent_recursive);
        watches.add(body.path, connection.id(),
                    recursive ? tree::WatchKind::persistent_recursive
                              : tree::WatchKind::persistent);
        reply(connection, xid, proto::ErrorResponse{0});
        return;
    }
    const auto& body = std::get<proto::WatchTypeRequest>(request.body);
    if (!valid_watcher_type(body.type)) {
        reply(connection, xid, ErrorCode::marshalling_error);
        return;
    }
    const auto type = static_cast<proto::WatcherType>(body.type);
    const bool found = request.header.type == op::check_watches
                           ? watches.contains(body.path, connection.id(), type)
                           : watches.remove(body.path, connection.id(), type);
    reply(connection, xid, found ? ErrorCode::ok : ErrorCode::no_watcher);
}

void RequestProcessor::process_who_am_i(Connection& connection, const proto::Request& request) {
    // The connection's identities as ZooKeeper 3.8 lists them: each id added by auth, digest ids
    // reduced to the user name, then the connection's own address.
    proto::WhoAmIResponse response;
    for (const proto::Id& id : connection.auth().ids) {
        if (id.scheme == "digest") {
            response.client_info.push_back({id.scheme, id.id.substr(0, id.id.find(':'))});
        } else if (id.scheme == "ip") {
            response.client_info.push_back({id.scheme, id.id});
        } else {
            response.client_info.push_back({id.scheme, ""});
        }
    }
    response.client_info.push_back(proto::ClientInfo{"ip", connection.remote_ip()});
    reply(connection, request.header.xid, response);
}

} // namespace zs::server
