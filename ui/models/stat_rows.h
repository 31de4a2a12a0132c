#pragma once

#include "proto/records.h"

#include <QString>
#include <utility>
#include <vector>

namespace zs::ui {

// A zxid as ZooKeeper's tools print it: "0x1000000a3".
QString format_zxid(int64_t zxid);
// A znode time (milliseconds since the epoch) in local time, to the millisecond, with the zone:
// "2026-11-30 09:40:01.123 +01:00"; 0 is "-" (never set).
QString format_time(int64_t epoch_ms);
// Every field of a Stat as (name, readable value), in zkCli.sh's order and with its names.
std::vector<std::pair<QString, QString>> stat_rows(const proto::Stat& stat);

} // namespace zs::ui
