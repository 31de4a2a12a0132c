// Discovery: the elected leader establishes a new epoch with a quorum (ZooKeeper's
// Leader.getEpochToPropose / waitForEpochAck and Learner.registerWithLeader).
#include "zab/core.h"

#include <algorithm>
#include <cassert>

namespace zs::zab {

void Core::start_leading() {
    leading_.emplace();
    leading_->epoch = durable_.accepted_epoch + 1;
    leading_->started_epoch = durable_.current_epoch;
    leading_->started_zxid = storage_.log.last_zxid();
    leading_->last_proposed = leading_->started_zxid;
    leading_->last_committed = applied_zxid_;
    leading_->deadline = ticks_ + config_.timing.init_limit;
    // The leader counts as a learner that accepted its own accepted epoch.
    LearnerView& self = leading_->learners[config_.self];
    self.last_zxid = leading_->started_zxid;
    choose_epoch_if_quorum();
}

void Core::start_learning() {
    learning_.emplace();
    learning_->leader = current_vote_.leader;
    learning_->deadline = ticks_ + config_.timing.init_limit;
    learning_->retry_at = ticks_ + config_.timing.connect_retry;
    learning_->heard_at = ticks_;
    learning_->registered_as = config_.type_of_self();
    send_packet(learning_->leader, FollowerInfo{durable_.accepted_epoch, learning_->registered_as});
}

bool Core::has_quorum_of(std::span<const ServerId> ids) const {
    const auto quorum_in = [ids](const Config& config) {
        return config.is_quorum(static_cast<size_t>(std::count_if(
            ids.begin(), ids.end(), [&config](ServerId id) { return config.is_voter(id); })));
    };
    return quorum_in(config_) && (!next_config_ || quorum_in(*next_config_));
}

void Core::peer_lost(ServerId peer) {
    if (learning_ && peer == learning_->leader) {
        give_up("the link to the leader broke");
        return;
    }
    if (!leading_ || leading_->learners.erase(peer) == 0) {
        return;
    }
    // An established leader that no longer reaches a quorum steps down, as ZooKeeper's does
    // when too few followers stay synced.
    std::vector<ServerId> participants;
    for (const auto& [id, learner] : leading_->learners) {
        if (learner.type == LearnerType::participant) {
            participants.push_back(id);
        }
    }
    if (leading_->established && !has_quorum_of(participants)) {
        give_up("too few followers are still connected");
    }
}

void Core::leave_role() {
    // Our learners, or our leader, see their links close (ZooKeeper shuts the sockets down).
    if (leading_) {
        for (const auto& [id, learner] : leading_->learners) {
            if (id != config_.self) {
                ready_.disconnect.push_back(id);
            }
        }
    } else if (learning_) {
        ready_.disconnect.push_back(learning_->leader);
    }
    leading_.reset();
    learning_.reset();
}

void Core::step_follower_info(ServerId from, const FollowerInfo& info) {
    if (state_ != ServerState::leading || !leading_) {
        return; // only a leader listens for learners
    }
    LearnerView& learner = leading_->learners[from];
    learner.type = info.type;
    learner.heard_at = ticks_;
    if (leading_->epoch_chosen) {
        // Late, or joining an established epoch: answered at once.
        send_packet(from, LeaderInfo{leading_->epoch});
        return;
    }
    // Every learner's accepted epoch pushes the new one past it, observers' too.
    leading_->epoch = std::max(leading_->epoch, info.accepted_epoch + 1);
    choose_epoch_if_quorum();
}

void Core::choose_epoch_if_quorum() {
    std::vector<ServerId> participants;
    for (const auto& [id, learner] : leading_->learners) {
        if (learner.type == LearnerType::participant) {
            participants.push_back(id);
        }
    }
    if (!has_quorum_of(participants)) {
        return;
    }
    leading_->epoch_chosen = true;
    leading_->deadline = ticks_ + config_.timing.init_limit;
    emit(trace::NewEpoch{leading_->epoch});
    set_accepted_epoch(leading_->epoch);
    LearnerView& self = leading_->learners[config_.self];
    self.epoch_acked = true;
    self.counts_for_epoch = true;
    for (const auto& [id, learner] : leading_->learners) {
        if (id != config_.self) {
            send_packet(id, LeaderInfo{leading_->epoch});
        }
    }
}

void Core::step_ack_epoch(ServerId from, const AckEpoch& ack) {
    if (state_ != ServerState::leading || !leading_ || !leading_->epoch_chosen) {
        return;
    }
    const auto it = leading_->learners.find(from);
    if (it == leading_->learners.end() || it->second.epoch_acked || ack.epoch != leading_->epoch) {
        return;
    }
    LearnerView& learner = it->second;
    if (ack.current_epoch != -1) {
        // A learner whose history is more recent than ours must not sync from us.
        const bool ahead = ack.current_epoch > leading_->started_epoch ||
                           (ack.current_epoch == leading_->started_epoch &&
                            ack.last_zxid > leading_->started_zxid);
        if (ahead) {
            // ZooKeeper's learner handler fails and closes the link; the learner looks again.
            emit(trace::LearnerRefused{from, "its log is ahead of the leader's"});
            leading_->learners.erase(it);
            ready_.disconnect.push_back(from);
            return;
        }
    }
    learner.epoch_acked = true;
    learner.last_zxid = ack.last_zxid;
    // ZOOKEEPER-335: a learner that had accepted this epoch already (-1) is not counted again.
    learner.counts_for_epoch = ack.current_epoch != -1 && config_.is_voter(from);
    if (leading_->established) {
        sync_learner(from); // joining an epoch already established
        return;
    }
    std::vector<ServerId> counted;
    for (const auto& [id, view] : leading_->learners) {
        if (view.counts_for_epoch) {
            counted.push_back(id);
        }
    }
    if (!has_quorum_of(counted)) {
        return;
    }
    leading_->established = true;
    leading_->deadline = ticks_ + config_.timing.init_limit;
    emit(trace::EpochEstablished{leading_->epoch, counted});
    set_current_epoch(leading_->epoch);
    set_phase(Phase::synchronization);
    version_initial_config();
    // Our own log is durable: we acknowledge our own NEWLEADER at once.
    LearnerView& self = leading_->learners[config_.self];
    self.sync_sent = true;
    self.newleader_acked = true;
    for (auto& [id, view] : leading_->learners) {
        if (id != config_.self && view.epoch_acked) {
            sync_learner(id);
        }
    }
    step_newleader_ack(config_.self);
}

void Core::step_leader_info(ServerId from, const LeaderInfo& info) {
    if (!learning_ || learning_->epoch_acked) {
        return;
    }
    int64_t acked_current_epoch = durable_.current_epoch;
    if (info.new_epoch > durable_.accepted_epoch) {
        set_accepted_epoch(info.new_epoch);
    } else if (info.new_epoch == durable_.accepted_epoch) {
        // We acknowledged this epoch before and must not be counted twice.
        acked_current_epoch = -1;
    } else {
        give_up("LEADERINFO is behind our accepted epoch");
        return;
    }
    learning_->epoch_acked = true;
    learning_->deadline = ticks_ + config_.timing.init_limit;
    send_packet(from, AckEpoch{acked_current_epoch, last_logged_zxid(), info.new_epoch});
    set_phase(Phase::synchronization);
}

void Core::set_accepted_epoch(int64_t epoch) {
    emit(trace::EpochChanged{"accepted", durable_.accepted_epoch, epoch});
    durable_.accepted_epoch = epoch;
    ready_.durable = durable_;
}

void Core::set_current_epoch(int64_t epoch) {
    emit(trace::EpochChanged{"current", durable_.current_epoch, epoch});
    durable_.current_epoch = epoch;
    ready_.durable = durable_;
}

void Core::give_up(std::string reason) {
    if (leading_ && leading_->successor != 0) {
        follow_designated(leading_->successor, std::move(reason));
        return;
    }
    emit(trace::GaveUp{std::move(reason)});
    start_election();
}

} // namespace zs::zab
