#pragma once

#include "sim/random.h"
#include "zab/messages.h"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace zs::sim {

using zab::ServerId;

// How the simulated network mistreats messages.
struct NetworkFaults {
    int64_t min_delay = 1; // ticks from send to delivery, drawn per message
    int64_t max_delay = 5;
    double drop = 0;      // probability that a message is lost (a learner link breaks)
    double duplicate = 0; // probability that an election notification arrives twice
};

// What arrives: a message, or the news that the learner link from `from` broke.
struct Delivery {
    ServerId from = 0;
    ServerId to = 0;
    std::optional<zab::Body> body; // empty: the link broke
};

// Messages between simulated servers on virtual time. Election notifications travel like
// datagrams: each is delayed independently (so they reorder), lost or duplicated. Every other
// message travels on a learner link, which behaves like TCP: in order, never duplicated, and a
// lost message breaks the link, which both ends are told. Links can be cut in one or both
// directions (partitions) and clogged (messages held until unclogged). Ordered containers only,
// so that a seed replays a run exactly.
class Network {
  public:
    explicit Network(Random& random) : random_(random) {}

    void set_faults(const NetworkFaults& faults) { faults_ = faults; }
    const NetworkFaults& faults() const { return faults_; }

    void send(int64_t now, zab::Message message);
    // What is due at `now`, in delivery order.
    std::vector<Delivery> deliver(int64_t now);

    // `from` closed its learner link to `to`: `to` is told once what was sent before arrives;
    // what `to` sent or sends on that connection until then is discarded.
    void close(int64_t now, ServerId from, ServerId to);
    // A cut link loses what is sent on it and what was on its way.
    void cut(ServerId from, ServerId to) { cut_.insert({from, to}); }
    // Cuts every link between the two sides, both ways.
    void partition(const std::set<ServerId>& side, const std::set<ServerId>& other);
    // A clogged link holds messages until unclog() releases them.
    void clog(ServerId from, ServerId to) { clogged_.insert({from, to}); }
    void unclog(int64_t now, ServerId from, ServerId to);
    // Restores every link; held messages leave.
    void heal(int64_t now);
    // A crashed server loses what was on its way to it, and its links break.
    void crash(int64_t now, ServerId id, const std::vector<ServerId>& others);

    size_t in_flight() const { return queue_.size(); }

  private:
    using Link = std::pair<ServerId, ServerId>;
    void schedule(int64_t now, Delivery delivery);
    // Both ends of a learner link are told it broke; what was on it is lost.
    void break_link(int64_t now, ServerId a, ServerId b);
    // A clogged link's learner messages belong to a connection that is gone.
    void drop_held_link_messages(ServerId from, ServerId to);

    Random& random_;
    NetworkFaults faults_;
    std::map<std::pair<int64_t, uint64_t>, Delivery> queue_; // (due tick, send order)
    uint64_t sent_ = 0;
    std::map<Link, int64_t> last_due_; // learner links deliver in order
    std::set<Link> cut_;
    std::set<Link> closed_; // (closer, peer): closed, and the peer has not been told yet
    std::set<Link> clogged_;
    std::map<Link, std::vector<zab::Message>> held_;
};

} // namespace zs::sim
