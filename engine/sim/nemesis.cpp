#include "sim/nemesis.h"

#include <iterator>

namespace zs::sim {

void Nemesis::act() {
    Random& random = sim_.random();
    switch (random.between(0, 7)) {
    case 0:
        crash_one();
        break;
    case 1:
    case 2:
        restart_one();
        break;
    case 3:
        partition();
        break;
    case 4: {
        // One way only: a server that hears but is not heard, or the reverse.
        const auto ids = sim_.ids();
        const ServerId from = ids[static_cast<size_t>(random.between(0, int64_t(ids.size()) - 1))];
        const ServerId to = ids[static_cast<size_t>(random.between(0, int64_t(ids.size()) - 1))];
        if (from != to) {
            sim_.network().cut(from, to);
        }
        break;
    }
    case 5: {
        const auto ids = sim_.ids();
        const ServerId from = ids[static_cast<size_t>(random.between(0, int64_t(ids.size()) - 1))];
        const ServerId to = ids[static_cast<size_t>(random.between(0, int64_t(ids.size()) - 1))];
        if (from != to) {
            sim_.network().clog(from, to);
        }
        break;
    }
    case 6:
        sim_.network().set_faults(random.chance(0.5) ? lossy_ : NetworkFaults{});
        break;
    default:
        sim_.network().heal(sim_.now());
        break;
    }
}

void Nemesis::crash_one() {
    const auto ids = sim_.ids();
    const ServerId id = ids[static_cast<size_t>(sim_.random().between(0, int64_t(ids.size()) - 1))];
    if (!down_.contains(id)) {
        sim_.crash(id);
        down_.insert(id);
    }
}

void Nemesis::restart_one() {
    if (down_.empty()) {
        return;
    }
    auto it = down_.begin();
    std::advance(it, sim_.random().between(0, int64_t(down_.size()) - 1));
    sim_.restart(*it);
    down_.erase(it);
}

void Nemesis::partition() {
    std::set<ServerId> side;
    std::set<ServerId> other;
    for (const ServerId id : sim_.ids()) {
        (sim_.random().chance(0.5) ? side : other).insert(id);
    }
    sim_.network().partition(side, other);
}

void Nemesis::heal_all(const NetworkFaults& faults) {
    while (!down_.empty()) {
        sim_.restart(*down_.begin());
        down_.erase(down_.begin());
    }
    sim_.network().heal(sim_.now());
    sim_.network().set_faults(faults);
}

} // namespace zs::sim
