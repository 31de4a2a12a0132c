#pragma once

#include "client/client.h"
#include "proto/constants.h"

#include <QString>

namespace zs::ui {

// A server's refusal as a sentence a user can act on, with ZooKeeper's name for it in brackets
// (what the server's logs and other tools call it): "/a already exists (NODEEXISTS)".
QString describe_error(proto::ErrorCode err, const QString& path);

// A session's state for the status bar and tab titles: "Connected", "Suspended: reconnecting"...
QString describe_state(client::SessionState state);

} // namespace zs::ui
