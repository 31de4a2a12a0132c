// Dynamic reconfiguration: a reconfig txn proposes a membership, which every quorum must also
// satisfy until the txn commits; its commit activates the membership everywhere
// (COMMITANDACTIVATE, INFORMANDACTIVATE, or the txn applied during a sync), and a leader that
// no longer votes hands over to a voter of the new membership (ZooKeeper's Leader.tryToCommit,
// getDesignatedLeader, Follower.processPacket and QuorumPeer.processReconfig).
#include "zab/core.h"

#include <algorithm>
#include <set>
#include <string>

namespace zs::zab {

void Core::note_proposed_config(const Entry& entry) {
    if (entry.zxid <= config_.version || (next_config_ && entry.zxid <= next_config_->version)) {
        return; // a membership already active or proposed (a sync sends old txns again)
    }
    std::optional<std::vector<Member>> members = storage_.reconfigs.members_in(entry.txn);
    if (!members) {
        return;
    }
    next_config_ = config_;
    next_config_->members = std::move(*members);
    next_config_->version = entry.zxid;
    next_config_txn_ = entry;
    emit(trace::ReconfigProposed{entry.zxid, next_config_->voters(), next_config_->observers()});
}

void Core::activate(const Entry& reconfig, std::vector<Member> members, ServerId designated) {
    if (reconfig.zxid <= config_.version) {
        return; // active already (its txn is applied again after a restart or a TRUNC)
    }
    config_.members = std::move(members);
    config_.version = reconfig.zxid;
    config_txn_ = reconfig.txn;
    if (next_config_ && next_config_->version <= reconfig.zxid) {
        next_config_.reset();
    }
    emit(trace::ConfigActivated{reconfig.zxid, config_.voters(), config_.observers(), designated});
    ready_.activated = reconfig;
}

void Core::recover_proposed_config() {
    const int64_t after = std::max(config_.version, storage_.log.base_zxid());
    for (const Entry& entry : storage_.log.read_after(after, SIZE_MAX)) {
        note_proposed_config(entry);
    }
}

void Core::version_initial_config() {
    if (!config_.reconfig_enabled || config_.version != 0 || next_config_) {
        return;
    }
    next_config_ = config_;
    next_config_->version = make_zxid(leading_->epoch, 0);
    next_config_txn_ = Entry{next_config_->version, config_txn_};
    emit(trace::ReconfigProposed{next_config_->version, config_.voters(), config_.observers()});
}

Entry Core::newleader_config() const {
    const bool committed_by_epoch =
        next_config_ && next_config_->version <= make_zxid(leading_->epoch, 0);
    return committed_by_epoch ? next_config_txn_ : config_entry();
}

void Core::activate_if_committed() {
    // The history a new epoch starts from is committed whole, up to the epoch's first zxid.
    const int64_t epoch_start = leading_    ? make_zxid(leading_->epoch, 0)
                                : learning_ ? learning_->newleader_zxid
                                            : 0;
    if (!next_config_ || next_config_->version > std::max(applied_zxid_, epoch_start)) {
        return;
    }
    const Entry reconfig = next_config_txn_;
    activate(reconfig, next_config_->members, 0);
    if (leading_ && !config_.is_voter(config_.self)) {
        leading_->handing_over = true; // followers look for a leader that votes in it
    }
}

ServerId Core::designated_leader() const {
    if (next_config_->is_voter(config_.self)) {
        return config_.self;
    }
    const auto& reconfig = leading_->outstanding.front();
    std::set<ServerId> candidates;
    for (ServerId id : reconfig.acks) {
        if (id != config_.self && next_config_->is_voter(id)) {
            candidates.insert(id);
        }
    }
    // The one that acknowledged the most proposals after the reconfig loses the fewest of them.
    for (auto later = std::next(leading_->outstanding.begin());
         later != leading_->outstanding.end() && candidates.size() > 1; ++later) {
        std::set<ServerId> kept;
        for (ServerId id : later->acks) {
            if (candidates.contains(id)) {
                kept.insert(id);
            }
        }
        if (kept.empty()) {
            break;
        }
        candidates = std::move(kept);
    }
    return candidates.empty() ? config_.self : *candidates.begin();
}

void Core::commit_reconfig(std::vector<ServerId>& answered_syncs) {
    const ServerId designated = designated_leader();
    const Entry entry = std::move(leading_->outstanding.front().entry);
    leading_->outstanding.pop_front();
    leading_->last_committed = entry.zxid;
    for (const auto& [id, learner] : leading_->learners) {
        if (id == config_.self || !learner.sync_sent) {
            continue;
        }
        if (learner.type == LearnerType::observer && learner.up_to_date) {
            send_packet(id, InformAndActivate{entry, designated});
        } else {
            send_packet(id, CommitAndActivate{entry.zxid, designated});
        }
    }
    apply_through(entry.zxid, designated);
    const auto [first, last] = leading_->pending_syncs.equal_range(entry.zxid);
    for (auto sync = first; sync != last; ++sync) {
        answered_syncs.push_back(sync->second);
    }
    leading_->pending_syncs.erase(first, last);
    if (designated != config_.self) {
        // ZooKeeper's leader stops committing and steps down once too few followers remain,
        // which they do as soon as they learn who leads the new membership; it then follows
        // that one.
        leading_->handing_over = true;
        leading_->successor = designated;
    }
}

void Core::follow_membership(ServerId designated) {
    if (!learning_) {
        return;
    }
    if (designated != 0 && designated != learning_->leader) {
        follow_designated(designated,
                          "server " + std::to_string(designated) + " leads the new membership");
    } else if (!config_.is_voter(learning_->leader)) {
        give_up("the leader is no longer a voter");
    } else if (config_.type_of_self() != learning_->registered_as) {
        give_up("this server's role changed with the new membership");
    }
}

void Core::follow_designated(ServerId designated, std::string reason) {
    emit(trace::GaveUp{std::move(reason)});
    leave_role();
    const Vote vote{designated, last_logged_zxid(), election_.round, durable_.current_epoch};
    finish_election(vote,
                    designated == config_.self ? ServerState::leading : ServerState::following);
}

} // namespace zs::zab
