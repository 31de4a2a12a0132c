#pragma once

#include "ensemble/zoo_config.h"
#include "server/server.h"

#include <string>
#include <variant>

namespace zs::server {

// Opens a node's SQLite stores (the log in dataLogDir, snapshots in dataDir) and recovers the state
// they hold: the newest readable snapshot plus the log after it. What recovery had to repair (a
// damaged log tail cut, a damaged snapshot skipped) is logged. A refusal (a data directory that is
// not zoonode's, a newer format, an unreadable directory) comes back as a message for the user;
// nothing has been written then.
std::variant<ServerStorage, std::string> open_durable_storage(const ensemble::ZooConfig& config);

} // namespace zs::server
