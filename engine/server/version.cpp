#include "server/version.h"

#include <fmt/format.h>

namespace zs::server {

std::string full_version() {
    return fmt::format("3.8.0-zoonode-{}, built on {}", ZS_VERSION, ZS_BUILD_DATE);
}

} // namespace zs::server
