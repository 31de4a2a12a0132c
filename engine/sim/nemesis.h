#pragma once

#include "sim/simulation.h"

#include <set>

namespace zs::sim {

// Injects random faults into a simulation, one decision every few ticks: crash and restart
// servers, partition the ensemble (symmetric or one-way), clog links, make the network lossy.
// heal_all() undoes everything at once, so that a run can check the ensemble recovers.
class Nemesis {
  public:
    Nemesis(Simulation& sim, NetworkFaults lossy) : sim_(sim), lossy_(lossy) {}

    // One random decision.
    void act();
    // Restarts every crashed server and restores every link; the network stays as `faults`.
    void heal_all(const NetworkFaults& faults);

  private:
    void crash_one();
    void restart_one();
    void partition();

    Simulation& sim_;
    NetworkFaults lossy_;
    std::set<ServerId> down_;
};

} // namespace zs::sim
