// Broadcast: PROPOSAL, ACK once logged, COMMIT in zxid order once a quorum logged it (INFORM to
// observers), and PING both ways so that leader and learners notice when the other is gone.
#include "zab/core.h"

#include <cassert>

namespace zs::zab {

namespace {

// FNV-1a: a digest of a txn's bytes that is the same in every build, for the trace.
uint64_t digest_of(const Payload& txn) {
    uint64_t hash = 0xcbf29ce484222325ULL;
    if (txn) {
        for (const char c : *txn) {
            hash = (hash ^ static_cast<uint8_t>(c)) * 0x100000001b3ULL;
        }
    }
    return hash;
}

} // namespace

int64_t Core::next_proposal_zxid() const {
    if (!leading_ || !leading_->broadcasting || leading_->handing_over) {
        return 0;
    }
    const int64_t zxid = leading_->last_proposed < make_zxid(leading_->epoch, 0)
                             ? make_zxid(leading_->epoch, 1)
                             : leading_->last_proposed + 1;
    // When the counter runs out ZooKeeper forces a new election; so must the caller.
    return counter_of(zxid) == 0 ? 0 : zxid;
}

int64_t Core::propose(Payload txn) {
    const int64_t zxid = next_proposal_zxid();
    if (zxid == 0) {
        return 0;
    }
    const bool reconfig = storage_.reconfigs.members_in(txn).has_value();
    if (reconfig && next_config_) {
        return 0; // one membership change at a time (the server answers RECONFIGINPROGRESS)
    }
    leading_->last_proposed = zxid;
    const Entry entry{zxid, std::move(txn)};
    emit(trace::Proposed{zxid});
    append(entry);
    if (reconfig) {
        note_proposed_config(entry);
    }
    leading_->outstanding.push_back(Outstanding{entry, {}});
    for (const auto& [id, learner] : leading_->learners) {
        // Observers in broadcast get INFORM at commit instead.
        const bool informed = learner.type == LearnerType::observer && learner.up_to_date;
        if (id != config_.self && learner.sync_sent && !informed) {
            send_packet(id, Proposal{entry});
        }
    }
    return zxid;
}

void Core::persisted(int64_t zxid) {
    while (!unpersisted_.empty() && unpersisted_.front().zxid <= zxid) {
        unpersisted_.pop_front();
    }
    if (leading_) {
        // Our own ACK.
        for (auto it = leading_->outstanding.begin();
             it != leading_->outstanding.end() && it->entry.zxid <= zxid; ++it) {
            it->ack(config_.self);
        }
        commit_ready_proposals();
    } else if (learning_) {
        if (learning_->newleader_zxid != 0 && !learning_->newleader_acked) {
            ack_newleader_if_durable();
        }
        // Proposals of the leader's epoch are acknowledged once logged, after NEWLEADER's ACK.
        // One ACK covers every proposal up to it: the log is durable in order. (ZooKeeper
        // acknowledges each proposal; one per fsync saves the leader most of its messages.)
        int64_t acked = 0;
        while (learning_->newleader_acked && !learning_->unacked.empty() &&
               learning_->unacked.front() <= zxid) {
            acked = learning_->unacked.front();
            learning_->unacked.pop_front();
        }
        if (acked != 0 && config_.type_of_self() == LearnerType::participant) {
            send_packet(learning_->leader, Ack{acked});
        }
    }
}

bool Core::log_from_leader(const Entry& entry) {
    const int64_t last = last_logged_zxid();
    if (!learning_->epoch_acked || entry.zxid <= last) {
        return false; // not synchronizing yet, or already logged (a DIFF overlaps our log)
    }
    // Within an epoch zxids are consecutive; a hole means the link lost something, which a
    // learner link must never do.
    if (epoch_of(entry.zxid) == epoch_of(last) && entry.zxid != last + 1) {
        give_up("a txn is missing before " + std::to_string(entry.zxid));
        return false;
    }
    append(entry);
    return true;
}

void Core::step_proposal(const Proposal& proposal) {
    if (!log_from_leader(proposal.entry)) {
        return;
    }
    if (epoch_of(proposal.entry.zxid) == durable_.accepted_epoch) {
        learning_->unacked.push_back(proposal.entry.zxid);
    }
    note_proposed_config(proposal.entry);
}

void Core::step_ack(ServerId from, const Ack& ack) {
    if (!leading_) {
        return;
    }
    const auto learner = leading_->learners.find(from);
    if (learner == leading_->learners.end()) {
        return;
    }
    if (ack.zxid == make_zxid(leading_->epoch, 0)) {
        if (learner->second.sync_sent && !learner->second.newleader_acked) {
            step_newleader_ack(from);
        }
        return;
    }
    // An ACK covers every proposal up to its zxid (see persisted()).
    for (auto it = leading_->outstanding.begin();
         it != leading_->outstanding.end() && it->entry.zxid <= ack.zxid; ++it) {
        it->ack(from);
    }
    commit_ready_proposals();
}

void Core::commit_ready_proposals() {
    // In zxid order: a proposal commits only after every proposal before it.
    int64_t commit_sent = leading_->last_committed;
    std::vector<ServerId> answered_syncs;
    while (!leading_->outstanding.empty() && !leading_->handing_over) {
        const auto& acks = leading_->outstanding.front().acks;
        if (!has_quorum_of(std::span(acks.data(), acks.size()))) {
            break;
        }
        if (next_config_ && leading_->outstanding.front().entry.zxid == next_config_->version) {
            send_commits(commit_sent);
            commit_reconfig(answered_syncs);
            commit_sent = leading_->last_committed;
            continue;
        }
        const Entry entry = std::move(leading_->outstanding.front().entry);
        leading_->outstanding.pop_front();
        leading_->last_committed = entry.zxid;
        for (const auto& [id, learner] : leading_->learners) {
            // Observers in broadcast hear of the txn only now; everyone else had the PROPOSAL.
            if (id != config_.self && learner.sync_sent && learner.type == LearnerType::observer &&
                learner.up_to_date) {
                send_packet(id, Inform{entry});
            }
        }
        apply_through(entry.zxid);
        const auto [first, last] = leading_->pending_syncs.equal_range(entry.zxid);
        for (auto sync = first; sync != last; ++sync) {
            answered_syncs.push_back(sync->second);
        }
        leading_->pending_syncs.erase(first, last);
    }
    send_commits(commit_sent);
    // A SYNC's answer follows the COMMIT of what it waited for.
    for (ServerId id : answered_syncs) {
        if (leading_->learners.contains(id)) {
            send_packet(id, Sync{});
        }
    }
}

void Core::send_commits(int64_t& sent) {
    if (leading_->last_committed == sent) {
        return;
    }
    sent = leading_->last_committed;
    // One COMMIT for all of them: a learner applies its log in order up to it. (ZooKeeper sends
    // one per proposal.)
    for (const auto& [id, learner] : leading_->learners) {
        if (id != config_.self && learner.sync_sent &&
            !(learner.type == LearnerType::observer && learner.up_to_date)) {
            send_packet(id, Commit{sent});
        }
    }
}

void Core::step_commit(int64_t zxid, ServerId designated) {
    learning_->committed = std::max(learning_->committed, zxid);
    if (learning_->up_to_date) {
        apply_through(zxid, designated);
        follow_membership(designated);
    }
}

void Core::step_inform(const Entry& entry, ServerId designated) {
    if (!learning_->epoch_acked) {
        return;
    }
    log_from_leader(entry);
    if (!learning_) {
        return; // it gave up
    }
    step_commit(entry.zxid, designated);
}

void Core::step_ping(ServerId from, const Ping& ping) {
    // A learner answers its leader's PING; the leader notes the answer (heard_at, in step())
    // and the sessions it carries.
    if (learning_ && from == learning_->leader) {
        send_packet(from, Ping{});
    } else if (leading_ && ping.sessions && leading_->learners.contains(from)) {
        ready_.session_touches.push_back(ping.sessions);
    }
}

bool Core::touch_sessions(Payload sessions) {
    if (!learning_ || !learning_->up_to_date) {
        return false;
    }
    send_packet(learning_->leader, Ping{std::move(sessions)});
    return true;
}

bool Core::forward(Payload request) {
    if (!learning_ || !learning_->up_to_date) {
        return false;
    }
    send_packet(learning_->leader, Request{std::move(request)});
    return true;
}

bool Core::sync() {
    if (!learning_ || !learning_->up_to_date) {
        return false;
    }
    send_packet(learning_->leader, Sync{});
    return true;
}

void Core::step_request(ServerId from, const Request& request) {
    if (!leading_) {
        return;
    }
    const auto learner = leading_->learners.find(from);
    if (learner == leading_->learners.end() || !learner->second.sync_sent) {
        return; // not one of our learners (any more)
    }
    ready_.requests.emplace_back(from, request.request);
}

void Core::step_sync(ServerId from) {
    if (learning_ && from == learning_->leader) {
        ++ready_.syncs_answered; // the leader's answer
        return;
    }
    if (!leading_ || !leading_->learners.contains(from)) {
        return;
    }
    // Leader.processSync: at once if nothing is outstanding, else once the last proposal
    // made so far commits (and with it every one before it).
    if (leading_->outstanding.empty()) {
        send_packet(from, Sync{});
    } else {
        leading_->pending_syncs.emplace(leading_->last_proposed, from);
    }
}

void Core::apply_through(int64_t zxid, ServerId designated) {
    if (zxid <= applied_zxid_) {
        return;
    }
    // Within one epoch the count is known: read no further (the leader commits one proposal at
    // a time while many may be outstanding).
    const size_t wanted = epoch_of(zxid) == epoch_of(applied_zxid_)
                              ? static_cast<size_t>(zxid - applied_zxid_)
                              : SIZE_MAX;
    for (const Entry& entry : entries_after(applied_zxid_, wanted)) {
        if (entry.zxid > zxid) {
            break;
        }
        emit(trace::Committed{entry.zxid, digest_of(entry.txn)});
        ready_.to_apply.push_back(entry);
        applied_zxid_ = entry.zxid;
        if (auto members = storage_.reconfigs.members_in(entry.txn)) {
            activate(entry, std::move(*members), entry.zxid == zxid ? designated : 0);
        }
    }
}

void Core::tick_leader() {
    if (!leading_->broadcasting) {
        if (ticks_ >= leading_->deadline) {
            give_up(!leading_->epoch_chosen  ? "no quorum of FOLLOWERINFO within initLimit"
                    : !leading_->established ? "no quorum of ACKEPOCH within initLimit"
                                             : "no quorum of NEWLEADER ACKs within initLimit");
        }
        return;
    }
    if (ticks_ < leading_->ping_at) {
        return;
    }
    leading_->ping_at = ticks_ + config_.timing.ping_interval;
    // Followers heard from within syncLimit, with us, must still be a quorum.
    std::vector<ServerId> synced{config_.self};
    for (const auto& [id, learner] : leading_->learners) {
        if (id != config_.self && learner.newleader_acked &&
            ticks_ - learner.heard_at <= config_.timing.sync_limit) {
            synced.push_back(id);
        }
    }
    if (!has_quorum_of(synced)) {
        give_up("too few followers answered within syncLimit");
        return;
    }
    for (const auto& [id, learner] : leading_->learners) {
        if (id != config_.self && learner.sync_sent) {
            send_packet(id, Ping{});
        }
    }
}

void Core::tick_learner() {
    if (!learning_->epoch_acked) {
        if (ticks_ >= learning_->deadline) {
            give_up("no LEADERINFO within initLimit");
        } else if (ticks_ >= learning_->retry_at) {
            learning_->retry_at = ticks_ + config_.timing.connect_retry;
            send_packet(learning_->leader,
                        FollowerInfo{durable_.accepted_epoch, config_.type_of_self()});
        }
        return;
    }
    if (!learning_->up_to_date) {
        if (ticks_ >= learning_->deadline) {
            give_up("not synchronized within initLimit");
        }
        return;
    }
    if (ticks_ - learning_->heard_at > config_.timing.sync_limit) {
        give_up("nothing from the leader within syncLimit");
    }
}

} // namespace zs::zab
