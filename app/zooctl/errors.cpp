// The one-line messages zooctl prints for ZooKeeper's error codes.
#include "tree/path.h"
#include "zooctl.h"

#include <fmt/format.h>

namespace zs::zooctl {
namespace {

using proto::ErrorCode;

struct Explanation {
    ErrorCode code;
    const char* text;
};

// What each error means for someone at the command line.
constexpr Explanation kExplanations[] = {
    {ErrorCode::no_node, "the node does not exist"},
    {ErrorCode::node_exists, "the node already exists"},
    {ErrorCode::bad_version, "the node's version is not the one given"},
    {ErrorCode::no_auth, "the node's ACL does not allow this session to do that"},
    {ErrorCode::not_empty, "the node has children"},
    {ErrorCode::no_children_for_ephemerals, "ephemeral nodes cannot have children"},
    {ErrorCode::invalid_acl, "the ACL is invalid"},
    {ErrorCode::auth_failed, "the server refused the identity"},
    {ErrorCode::bad_arguments, "the server refused the arguments"},
    {ErrorCode::unimplemented, "the server does not support this operation"},
    {ErrorCode::connection_loss, "the connection to the server was lost"},
    {ErrorCode::session_expired, "the session has expired"},
    {ErrorCode::session_moved, "the session moved to another server"},
    {ErrorCode::operation_timeout, "the operation timed out"},
    {ErrorCode::request_timeout, "no reply from the server in time"},
    {ErrorCode::marshalling_error, "the server's reply could not be decoded"},
    {ErrorCode::not_read_only, "the server is read-only"},
    {ErrorCode::ephemeral_on_local_session, "local sessions cannot create ephemeral nodes"},
    {ErrorCode::no_watcher, "there is no such watch"},
    {ErrorCode::quota_exceeded, "the quota of a parent node is exceeded"},
    {ErrorCode::throttled_op, "the server is overloaded and refused the request"},
    {ErrorCode::reconfig_disabled, "dynamic reconfiguration is disabled"},
    {ErrorCode::reconfig_in_progress, "a reconfiguration is in progress"},
    {ErrorCode::new_config_no_quorum, "the new configuration has no quorum"},
    {ErrorCode::session_closed_require_sasl_auth, "the server requires SASL authentication"},
    {ErrorCode::system_error, "the server had an internal error"},
    {ErrorCode::runtime_inconsistency, "the server found an inconsistency"},
    {ErrorCode::data_inconsistency, "the server found its data inconsistent"},
    {ErrorCode::unknown_session, "the server does not know the session"},
    {ErrorCode::api_error, "the server refused the request"},
    {ErrorCode::invalid_callback, "invalid callback"},
};

const char* explain(ErrorCode code) {
    for (const Explanation& explanation : kExplanations) {
        if (explanation.code == code) {
            return explanation.text;
        }
    }
    return nullptr;
}

} // namespace

Failure zookeeper_failure(const std::string& subject, ErrorCode err) {
    std::string name = proto::error_name(err);
    if (name == "UNKNOWN") {
        name = fmt::format("error {}", int32_t(err));
    }
    const char* explanation = explain(err);
    return Failure(kExitZooKeeper, explanation == nullptr
                                       ? fmt::format("{}: {}", subject, name)
                                       : fmt::format("{}: {} ({})", subject, name, explanation));
}

Failure usage_failure(const std::string& message) {
    return Failure(kExitUsage, message);
}

void check_path(const std::string& path, bool sequential) {
    // The server's own rules, which the Java client also checks before sending.
    if (tree::validate_path(path, sequential) != proto::ErrorCode::ok) {
        throw usage_failure(fmt::format(
            "{}: invalid path (it must be absolute, without empty, '.' or '..' segments, a "
            "trailing '/' or control characters)",
            path));
    }
}

} // namespace zs::zooctl
