#pragma once

#include <string>

namespace zs::server {

// What zoonode reports where ZooKeeper reports its version (srvr, stat, mntr, envi). The leading
// "3.8.0" is the ZooKeeper release whose client protocol zoonode speaks: clients such as kazoo
// parse that number to decide which features they may use.
std::string full_version();

} // namespace zs::server
