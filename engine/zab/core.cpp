#include "zab/core.h"

#include <cassert>
#include <utility>

namespace zs::zab {

Core::Core(Config config, DurableState durable) : config_(std::move(config)), durable_(durable) {
    assert(config_.is_voter(config_.self) || config_.type_of_self() == LearnerType::observer);
    start_election();
}

void Core::step(const Message& message) {
    assert(message.to == config_.self);
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, Notification>) {
                step_notification(message.from, body);
            } else {
                emit(trace::MessageReceived{message.from, std::string(name_of(message.body)),
                                            zxid_of(message.body)});
                if constexpr (std::is_same_v<T, FollowerInfo>) {
                    step_follower_info(message.from, body);
                } else if constexpr (std::is_same_v<T, LeaderInfo>) {
                    step_leader_info(message.from, body);
                } else {
                    static_assert(std::is_same_v<T, AckEpoch>);
                    step_ack_epoch(message.from, body);
                }
            }
        },
        message.body);
}

void Core::tick() {
    ++ticks_;
    if (state_ == ServerState::looking) {
        tick_election();
    } else {
        tick_discovery();
    }
}

bool Core::has_ready() const {
    return ready_.durable || !ready_.disconnect.empty() || !ready_.messages.empty() ||
           !ready_.events.empty();
}

Ready Core::take_ready() {
    return std::exchange(ready_, Ready{});
}

void Core::set_state(ServerState state) {
    if (state == state_) {
        return;
    }
    emit(trace::StateChanged{state_, state});
    state_ = state;
}

void Core::set_phase(Phase phase) {
    if (phase == phase_) {
        return;
    }
    emit(trace::PhaseChanged{phase_, phase});
    phase_ = phase;
}

void Core::send(ServerId to, Body body) {
    assert(to != config_.self);
    ready_.messages.push_back(Message{config_.self, to, std::move(body)});
}

void Core::send_packet(ServerId to, Body body) {
    emit(trace::MessageSent{to, std::string(name_of(body)), zxid_of(body)});
    send(to, std::move(body));
}

void Core::emit(trace::Body body) {
    ready_.events.push_back(trace::Event{config_.self, ticks_, std::move(body)});
}

} // namespace zs::zab
