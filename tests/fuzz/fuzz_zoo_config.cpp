// Feeds arbitrary text to the zoo.cfg reader: whatever a user or a tool writes into zoo.cfg must
// give a configuration or errors, never a crash or a hang.
#include "ensemble/zoo_config.h"

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    const std::string_view text(reinterpret_cast<const char*>(data), size);
    // A data directory that does not exist: the reader looks for myid there and finds none.
    const auto result = zs::ensemble::parse_zoo_config(text, "/nonexistent/zoo.cfg", {});
    if (result.config && !result.errors.empty()) {
        __builtin_trap(); // a configuration is only handed out when nothing was wrong
    }
    return 0;
}
