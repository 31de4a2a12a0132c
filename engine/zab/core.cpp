#include "zab/core.h"

#include <cassert>
#include <utility>

namespace zs::zab {

Core::Core(Config config, DurableState durable, Storage storage)
    : config_(std::move(config)), durable_(durable), storage_(storage),
      config_txn_(storage.reconfigs.membership_txn()), applied_zxid_(storage.log.last_zxid()) {
    emit(trace::Started{applied_zxid_});
    recover_proposed_config();
    start_election();
}

void Core::step(const Message& message) {
    assert(message.to == config_.self);
    if (const auto* notification = std::get_if<Notification>(&message.body)) {
        step_notification(message.from, *notification);
        return;
    }
    emit(trace::MessageReceived{message.from, std::string(name_of(message.body)),
                                zxid_of(message.body)});
    // Learner links: only the leader's own learners, or our own leader, are listened to.
    const bool from_leader = learning_ && message.from == learning_->leader;
    if (from_leader) {
        learning_->heard_at = ticks_;
    }
    if (leading_) {
        if (auto it = leading_->learners.find(message.from); it != leading_->learners.end()) {
            it->second.heard_at = ticks_;
        }
    }
    std::visit(
        [&](const auto& body) {
            using T = std::decay_t<decltype(body)>;
            if constexpr (std::is_same_v<T, FollowerInfo>) {
                step_follower_info(message.from, body);
            } else if constexpr (std::is_same_v<T, AckEpoch>) {
                step_ack_epoch(message.from, body);
            } else if constexpr (std::is_same_v<T, Ack>) {
                step_ack(message.from, body);
            } else if constexpr (std::is_same_v<T, Ping>) {
                step_ping(message.from, body);
            } else if constexpr (std::is_same_v<T, Request>) {
                step_request(message.from, body);
            } else if constexpr (std::is_same_v<T, Sync>) {
                step_sync(message.from);
            } else if constexpr (!std::is_same_v<T, Notification>) {
                if (!from_leader) {
                    return; // a leader we do not follow (any more)
                }
                if constexpr (std::is_same_v<T, LeaderInfo>) {
                    step_leader_info(message.from, body);
                } else if constexpr (std::is_same_v<T, Diff>) {
                    step_diff(body);
                } else if constexpr (std::is_same_v<T, Trunc>) {
                    step_trunc(body);
                } else if constexpr (std::is_same_v<T, Snap>) {
                    step_snap(body);
                } else if constexpr (std::is_same_v<T, NewLeader>) {
                    step_newleader(body);
                } else if constexpr (std::is_same_v<T, UpToDate>) {
                    step_uptodate();
                } else if constexpr (std::is_same_v<T, Proposal>) {
                    step_proposal(body);
                } else if constexpr (std::is_same_v<T, Commit>) {
                    step_commit(body.zxid, 0);
                } else if constexpr (std::is_same_v<T, CommitAndActivate>) {
                    step_commit(body.zxid, body.leader);
                } else if constexpr (std::is_same_v<T, InformAndActivate>) {
                    step_inform(body.entry, body.leader);
                } else {
                    static_assert(std::is_same_v<T, Inform>);
                    step_inform(body.entry, 0);
                }
            }
        },
        message.body);
}

void Core::tick() {
    ++ticks_;
    if (state_ == ServerState::looking) {
        tick_election();
    } else if (leading_) {
        tick_leader();
    } else if (learning_) {
        tick_learner();
    }
}

Core::LearnerCounts Core::learner_counts() const {
    LearnerCounts counts;
    if (!leading_) {
        return counts;
    }
    for (const auto& [id, learner] : leading_->learners) {
        if (id == config_.self) {
            continue;
        }
        ++counts.learners;
        if (learner.up_to_date) {
            ++(learner.type == LearnerType::observer ? counts.synced_observers
                                                     : counts.synced_followers);
            if (learner.type == LearnerType::participant && !config_.is_voter(id)) {
                ++counts.synced_non_voting_followers;
            }
        }
    }
    counts.pending_syncs = leading_->pending_syncs.size();
    return counts;
}

std::vector<ServerId> Core::synced_participants() const {
    std::vector<ServerId> ids;
    if (!leading_ || !leading_->broadcasting) {
        return ids;
    }
    ids.push_back(config_.self);
    for (const auto& [id, learner] : leading_->learners) {
        if (id != config_.self && learner.type == LearnerType::participant && learner.up_to_date &&
            ticks_ - learner.heard_at <= config_.timing.sync_limit) {
            ids.push_back(id);
        }
    }
    return ids;
}

bool Core::has_ready() const {
    return ready_.truncate_after || ready_.install_snapshot || !ready_.to_persist.empty() ||
           ready_.durable || !ready_.disconnect.empty() || !ready_.messages.empty() ||
           !ready_.to_apply.empty() || !ready_.requests.empty() || ready_.syncs_answered != 0 ||
           !ready_.session_touches.empty() || ready_.activated || !ready_.events.empty();
}

void Core::take_ready(Ready& into) {
    into.truncate_after.reset();
    into.install_snapshot.reset();
    into.to_persist.clear();
    into.durable.reset();
    into.disconnect.clear();
    into.messages.clear();
    into.to_apply.clear();
    into.requests.clear();
    into.syncs_answered = 0;
    into.session_touches.clear();
    into.activated.reset();
    into.events.clear();
    std::swap(into, ready_);
}

Ready Core::take_ready() {
    return std::exchange(ready_, Ready{});
}

int64_t Core::last_logged_zxid() const {
    return unpersisted_.empty() ? storage_.log.last_zxid() : unpersisted_.back().zxid;
}

std::vector<Entry> Core::entries_after(int64_t zxid, size_t max_count) const {
    // The durable log first, then what is still on its way to it.
    std::vector<Entry> entries = storage_.log.read_after(zxid, max_count);
    for (const Entry& entry : unpersisted_) {
        if (entries.size() >= max_count) {
            break;
        }
        if (entry.zxid > zxid && (entries.empty() || entry.zxid > entries.back().zxid)) {
            entries.push_back(entry);
        }
    }
    return entries;
}

void Core::append(const Entry& entry) {
    assert(entry.zxid > last_logged_zxid());
    unpersisted_.push_back(entry);
    ready_.to_persist.push_back(entry);
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
