#include "sim/network.h"

#include <algorithm>

namespace zs::sim {

namespace {

bool is_notification(const zab::Body& body) {
    return std::holds_alternative<zab::Notification>(body);
}

} // namespace

void Network::send(int64_t now, zab::Message message) {
    const Link link{message.from, message.to};
    const bool datagram = is_notification(message.body);
    if (!datagram && closed_.contains({message.to, message.from})) {
        // The receiver closed this connection and the sender has not heard yet: what it sends
        // belongs to the old connection and is lost with it.
        return;
    }
    if (cut_.contains(link) || random_.chance(faults_.drop)) {
        if (!datagram) {
            break_link(now, message.from, message.to);
        }
        return;
    }
    if (clogged_.contains(link)) {
        held_[link].push_back(std::move(message));
        return;
    }
    if (datagram && random_.chance(faults_.duplicate)) {
        schedule(now, Delivery{message.from, message.to, message.body});
    }
    schedule(now, Delivery{message.from, message.to, std::move(message.body)});
}

void Network::schedule(int64_t now, Delivery delivery) {
    int64_t due = now + random_.between(faults_.min_delay, faults_.max_delay);
    if (!delivery.body || !is_notification(*delivery.body)) {
        // A link keeps its order: nothing overtakes what was sent before it.
        int64_t& last = last_due_[{delivery.from, delivery.to}];
        due = std::max(due, last);
        last = due;
    }
    queue_.emplace(std::pair{due, sent_++}, std::move(delivery));
}

std::vector<Delivery> Network::deliver(int64_t now) {
    std::vector<Delivery> due;
    while (!queue_.empty() && queue_.begin()->first.first <= now) {
        Delivery delivery = std::move(queue_.begin()->second);
        queue_.erase(queue_.begin());
        if (!delivery.body) {
            // The close reached the other end: it knows, and what it sends from now on goes
            // on a new connection.
            closed_.erase({delivery.from, delivery.to});
        }
        const bool lost = delivery.body && cut_.contains({delivery.from, delivery.to});
        if (lost && !is_notification(*delivery.body)) {
            break_link(now, delivery.from, delivery.to);
        }
        if (!lost) {
            due.push_back(std::move(delivery));
        }
    }
    return due;
}

void Network::close(int64_t now, ServerId from, ServerId to) {
    std::erase_if(queue_, [from, to](const auto& entry) {
        const Delivery& d = entry.second;
        return d.from == to && d.to == from && d.body && !is_notification(*d.body);
    });
    drop_held_link_messages(to, from);
    closed_.insert({from, to});
    schedule(now, Delivery{from, to, std::nullopt});
}

void Network::drop_held_link_messages(ServerId from, ServerId to) {
    if (auto it = held_.find({from, to}); it != held_.end()) {
        std::erase_if(it->second, [](const zab::Message& m) { return !is_notification(m.body); });
    }
}

void Network::break_link(int64_t now, ServerId a, ServerId b) {
    drop_held_link_messages(a, b);
    drop_held_link_messages(b, a);
    std::erase_if(queue_, [a, b](const auto& entry) {
        const Delivery& d = entry.second;
        const bool on_link = (d.from == a && d.to == b) || (d.from == b && d.to == a);
        return on_link && (!d.body || !is_notification(*d.body));
    });
    schedule(now, Delivery{a, b, std::nullopt});
    schedule(now, Delivery{b, a, std::nullopt});
}

void Network::partition(const std::set<ServerId>& side, const std::set<ServerId>& other) {
    for (const ServerId a : side) {
        for (const ServerId b : other) {
            cut(a, b);
            cut(b, a);
        }
    }
}

void Network::unclog(int64_t now, ServerId from, ServerId to) {
    const Link link{from, to};
    clogged_.erase(link);
    if (auto it = held_.find(link); it != held_.end()) {
        for (zab::Message& message : it->second) {
            schedule(now, Delivery{message.from, message.to, std::move(message.body)});
        }
        held_.erase(it);
    }
}

void Network::heal(int64_t now) {
    cut_.clear();
    while (!clogged_.empty()) {
        const Link link = *clogged_.begin();
        unclog(now, link.first, link.second);
    }
}

void Network::crash(int64_t now, ServerId id, const std::vector<ServerId>& others) {
    std::erase_if(queue_, [id](const auto& entry) { return entry.second.to == id; });
    std::erase_if(held_, [id](const auto& entry) { return entry.first.second == id; });
    for (const ServerId other : others) {
        if (other != id) {
            break_link(now, id, other);
        }
    }
}

} // namespace zs::sim
