#pragma once

#include "ensemble/membership.h"

#include <filesystem>
#include <optional>
#include <string>

namespace zs::ensemble {

/// Where ZooKeeper keeps the membership of `version` for the server started with `cfg`:
/// `<cfg>.dynamic.<version in hex>` next to it.
std::filesystem::path dynamic_config_path(const std::filesystem::path& cfg, uint64_t version);

/// Stores an activated membership as ZooKeeper 3.8 does, so that a restart finds it: its
/// server, group and weight lines go to dynamic_config_path() (sorted, without the version, which
/// the name carries), and zoo.cfg loses its own server, group, weight, peerType and
/// dynamicConfigFile lines (clientPort and clientPortAddress too when `drop_client_port`: this
/// server's line names its client address) and gains `dynamicConfigFile=<that file>`. Unlike
/// ZooKeeper, which writes zoo.cfg again from its properties, comments and the order of the other
/// lines are kept; a zoo.cfg that listed the servers itself is kept as zoo.cfg.bak first, as
/// ZooKeeper keeps it. Each file is replaced atomically. A message saying what failed, or nothing.
std::optional<std::string> store_membership(const std::filesystem::path& cfg,
                                            const Membership& membership, bool drop_client_port);

} // namespace zs::ensemble
