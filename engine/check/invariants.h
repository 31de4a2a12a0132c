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
//   epoch never passes its accepted one;
// - committed histories agree: every server that commits a zxid commits the same txn;
// - zxids committed by a server strictly increase while it runs;
// - nothing committed is ever cut: no TRUNC below, and no snapshot older than, what the server
//   committed.
// A violation is recorded with the event that showed it; checking goes on.
class InvariantChecker {
  public:
    void observe(const trace::Event& event);

    bool ok() const { return violations_.empty(); }
    const std::vector<std::string>& violations() const { return violations_; }

  private:
    struct Server {
        int64_t accepted = 0;
        int64_t current = 0;
        int64_t committed = 0;          // the highest zxid it ever committed
        int64_t committed_this_run = 0; // since it last started
    };
    void check_commit(const trace::Event& event, int64_t zxid, uint64_t digest);
    void violated(const trace::Event& event, const std::string& what);

    std::map<int64_t, trace::ServerId> leader_of_epoch_;
    std::map<trace::ServerId, Server> servers_;
    std::map<int64_t, uint64_t> committed_; // zxid -> digest of the txn committed at it
    std::vector<std::string> violations_;
};

} // namespace zs::check
