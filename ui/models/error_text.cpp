#include "models/error_text.h"

#include <QObject>

namespace zs::ui {

namespace {

QString sentence(proto::ErrorCode err, const QString& path) {
    using proto::ErrorCode;
    switch (err) {
    case ErrorCode::no_node:
        return QObject::tr("%1 (or its parent) does not exist").arg(path);
    case ErrorCode::node_exists:
        return QObject::tr("%1 already exists").arg(path);
    case ErrorCode::not_empty:
        return QObject::tr("%1 has children").arg(path);
    case ErrorCode::bad_version:
        return QObject::tr("%1 was changed by someone else").arg(path);
    case ErrorCode::no_auth:
        return QObject::tr("the ACL of %1 does not allow this").arg(path);
    case ErrorCode::no_children_for_ephemerals:
        return QObject::tr("%1 is ephemeral and cannot have children").arg(path);
    case ErrorCode::invalid_acl:
        return QObject::tr("the ACL for %1 is invalid").arg(path);
    case ErrorCode::bad_arguments:
        return QObject::tr("%1 is not a valid request here (path, TTL or data)").arg(path);
    case ErrorCode::unimplemented:
        return QObject::tr("the server does not support this (TTL nodes need "
                           "extendedTypesEnabled=true)");
    case ErrorCode::quota_exceeded:
        return QObject::tr("a quota above %1 is exhausted").arg(path);
    case ErrorCode::connection_loss:
        return QObject::tr("the connection was lost; the change may or may not have been made");
    case ErrorCode::session_expired:
        return QObject::tr("the session expired; reconnect");
    case ErrorCode::not_read_only:
        return QObject::tr("the server is cut off from its quorum and serves reads only");
    case ErrorCode::request_timeout:
        return QObject::tr("the server did not answer in time");
    case ErrorCode::marshalling_error:
        return QObject::tr("the server refused the request (too large for jute.maxbuffer?)");
    default:
        return QObject::tr("the server refused the request on %1").arg(path);
    }
}

} // namespace

QString describe_error(proto::ErrorCode err, const QString& path) {
    return QStringLiteral("%1 (%2)").arg(sentence(err, path),
                                         QLatin1String(proto::error_name(err)));
}

QString describe_state(client::SessionState state) {
    switch (state) {
    case client::SessionState::connecting:
        return QObject::tr("Connecting");
    case client::SessionState::connected:
        return QObject::tr("Connected");
    case client::SessionState::connected_read_only:
        return QObject::tr("Connected (read-only server)");
    case client::SessionState::suspended:
        return QObject::tr("Suspended: reconnecting");
    case client::SessionState::expired:
        return QObject::tr("Session expired");
    case client::SessionState::auth_failed:
        return QObject::tr("Authentication failed");
    case client::SessionState::closed:
        return QObject::tr("Closed");
    }
    return {};
}

} // namespace zs::ui
