#pragma once

#include "trace/event.h"

#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace zs::check {

// Checks the protocol's safety properties on the trace of a whole ensemble, event by event:
// - one leader per epoch: no two servers establish the same epoch;
// - epochs only grow: a server's acceptedEpoch and currentEpoch never go back, and its current
//   epoch never passes its accepted one.
// A violation is recorded with the event that showed it; checking goes on.
class InvariantChecker {
  public:
    void observe(const trace::Event& event);

    bool ok() const { return violations_.empty(); }
    const std::vector<std::string>& violations() const { return violations_; }

  private:
    struct Epochs {
        int64_t accepted = 0;
        int64_t current = 0;
    };
    void violated(const trace::Event& event, const std::string& what);

    std::map<int64_t, trace::ServerId> leader_of_epoch_;
    std::map<trace::ServerId, Epochs> epochs_;
    std::vector<std::string> violations_;
};

} // namespace zs::check
