#pragma once

#include "proto/records.h"

#include <nlohmann/json.hpp>

namespace zs::transfer {

// A Stat as a JSON object with ZooKeeper's field names (exports and zooctl --json alike).
nlohmann::ordered_json stat_json(const proto::Stat& stat);

} // namespace zs::transfer
