#include "check/invariants.h"

#include <fmt/format.h>

namespace zs::check {

void InvariantChecker::observe(const trace::Event& event) {
    if (const auto* established = std::get_if<trace::EpochEstablished>(&event.body)) {
        const auto [it, first] = leader_of_epoch_.emplace(established->epoch, event.server);
        if (!first && it->second != event.server) {
            violated(event, fmt::format("epoch {} established by server {} and by server {}",
                                        established->epoch, it->second, event.server));
        }
    } else if (const auto* changed = std::get_if<trace::EpochChanged>(&event.body)) {
        Epochs& epochs = epochs_[event.server];
        int64_t& value = changed->which == "accepted" ? epochs.accepted : epochs.current;
        if (changed->to < value) {
            violated(event, fmt::format("{} epoch went back from {} to {}", changed->which, value,
                                        changed->to));
        }
        value = changed->to;
        if (epochs.current > epochs.accepted) {
            violated(event, fmt::format("current epoch {} passed accepted epoch {}", epochs.current,
                                        epochs.accepted));
        }
    }
}

void InvariantChecker::violated(const trace::Event& event, const std::string& what) {
    violations_.push_back(fmt::format("server {} at tick {}: {} ({})", event.server, event.tick,
                                      what, trace::to_ndjson(event)));
}

} // namespace zs::check
