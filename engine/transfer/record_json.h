#pragma once

#include "proto/records.h"

#include <nlohmann/json.hpp>
#include <vector>

namespace zs::transfer {

// A Stat as a JSON object with ZooKeeper's field names (exports and zooctl --json alike).
nlohmann::ordered_json stat_json(const proto::Stat& stat);
// An ACL as a JSON array of {"scheme","id","perms"} objects, perms in zkCli's letters.
nlohmann::ordered_json acl_json(const std::vector<proto::Acl>& acl);

} // namespace zs::transfer
