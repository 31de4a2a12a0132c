// Synchronization: the leader brings each learner's log in line with its own (LearnerHandler's
// syncFollower: DIFF, TRUNC or SNAP), then NEWLEADER; a quorum of ACKs starts broadcast (UPTODATE).
#include "zab/core.h"

#include <fmt/format.h>

namespace zs::zab {

namespace {

std::string hex(int64_t zxid) {
    return fmt::format("0x{:x}", static_cast<uint64_t>(zxid));
}

} // namespace

void Core::sync_learner(ServerId id) {
    LearnerView& learner = leading_->learners.at(id);
    const int64_t peer = learner.last_zxid;
    const int64_t last = last_logged_zxid();
    const int64_t base = storage_.log.base_zxid();
    SyncMode mode = SyncMode::diff;
    int64_t from = peer; // txns after this zxid follow the DIFF / TRUNC / SNAP
    std::string reason;
    if (peer == last) {
        reason = "the learner has the leader's log";
    } else if (peer > last) {
        mode = SyncMode::trunc;
        from = last;
        reason = "the learner's log goes past the leader's last zxid";
    } else if (peer < base) {
        mode = SyncMode::snap;
        reason = fmt::format("the leader's log starts after {}", hex(base));
    } else if (const int64_t common = storage_.log.floor_zxid(peer); common != peer) {
        // Its last txn is not ours: it has txns of an epoch that never committed them.
        mode = SyncMode::trunc;
        from = common;
        reason = fmt::format("{} is not in the leader's log; {} is the last txn both have",
                             hex(peer), hex(common));
    } else {
        reason = "the learner's log is a prefix of the leader's";
    }
    std::vector<Entry> entries;
    if (mode != SyncMode::snap) {
        entries = entries_after(from, config_.max_diff_txns + 1);
        if (entries.size() > config_.max_diff_txns) {
            mode = SyncMode::snap;
            reason = fmt::format("more than {} txns are missing", config_.max_diff_txns);
        }
    }
    if (mode == SyncMode::snap) {
        const Snapshot snapshot = storage_.snapshots.snapshot();
        entries = entries_after(snapshot.zxid, SIZE_MAX);
        emit(trace::SyncChosen{id, mode, peer, last, static_cast<int64_t>(entries.size()), reason});
        send_packet(id, Snap{snapshot});
    } else {
        emit(trace::SyncChosen{id, mode, peer, last, static_cast<int64_t>(entries.size()), reason});
        send_packet(id, mode == SyncMode::diff ? Body{Diff{last}} : Body{Trunc{from}});
    }
    // Txns are sent as PROPOSAL + COMMIT, except proposals of this epoch still waiting for
    // their quorum: their COMMIT follows with everyone else's.
    for (const Entry& entry : entries) {
        send_packet(id, Proposal{entry});
        if (entry.zxid <= leading_->last_committed || epoch_of(entry.zxid) < leading_->epoch) {
            send_packet(id, Commit{entry.zxid});
        }
    }
    send_packet(id, NewLeader{make_zxid(leading_->epoch, 0), newleader_config()});
    learner.sync_sent = true;
}

void Core::step_newleader_ack(ServerId from) {
    LearnerView& learner = leading_->learners.at(from);
    learner.newleader_acked = true;
    if (leading_->broadcasting) {
        if (from != config_.self) {
            learner.up_to_date = true;
            send_packet(from, UpToDate{});
        }
        return;
    }
    std::vector<ServerId> acked;
    for (const auto& [id, view] : leading_->learners) {
        if (view.newleader_acked) {
            acked.push_back(id);
        }
    }
    if (has_quorum_of(acked)) {
        start_broadcast();
    }
}

void Core::start_broadcast() {
    leading_->broadcasting = true;
    leading_->ping_at = ticks_ + config_.timing.ping_interval;
    // Our whole log is now the history of this epoch: what we had not applied is committed.
    apply_through(last_logged_zxid());
    leading_->last_committed = applied_zxid_;
    activate_if_committed();
    for (auto& [id, view] : leading_->learners) {
        if (id != config_.self && view.newleader_acked) {
            view.up_to_date = true;
            send_packet(id, UpToDate{});
        }
    }
    set_phase(Phase::broadcast);
}

void Core::step_diff(const Diff&) {
    // Our log is a prefix of the leader's: the missing txns follow.
}

void Core::step_trunc(const Trunc& trunc) {
    // Nothing committed may be cut (the checker holds us to it); what we had applied past the
    // cut is rebuilt from the log that remains.
    emit(trace::Truncated{trunc.zxid});
    ready_.truncate_after = trunc.zxid;
    std::erase_if(unpersisted_, [&](const Entry& entry) { return entry.zxid > trunc.zxid; });
    applied_zxid_ = trunc.zxid;
    if (next_config_ && next_config_->version > trunc.zxid) {
        next_config_.reset(); // its reconfig txn is cut: it never committed
    }
}

void Core::step_snap(const Snap& snap) {
    emit(trace::SnapshotInstalled{snap.snapshot.zxid});
    ready_.install_snapshot = snap.snapshot;
    unpersisted_.clear();
    applied_zxid_ = snap.snapshot.zxid;
}

void Core::step_newleader(const NewLeader& newleader) {
    if (!learning_->epoch_acked || learning_->newleader_zxid != 0) {
        return;
    }
    if (epoch_of(newleader.zxid) != durable_.accepted_epoch) {
        give_up("NEWLEADER is not of the epoch we accepted");
        return;
    }
    learning_->newleader_zxid = newleader.zxid;
    learning_->leader_config = newleader.config;
    learning_->synced_through = last_logged_zxid();
    // Everything before the new epoch is now the history the leader will commit.
    learning_->committed = std::max(learning_->committed, newleader.zxid - 1);
    set_current_epoch(epoch_of(newleader.zxid));
    ack_newleader_if_durable();
}

void Core::ack_newleader_if_durable() {
    // ZooKeeper's learner logs what the sync sent before it answers NEWLEADER.
    const bool durable =
        unpersisted_.empty() || unpersisted_.front().zxid > learning_->synced_through;
    if (learning_->newleader_acked || !durable) {
        return;
    }
    learning_->newleader_acked = true;
    send_packet(learning_->leader, Ack{learning_->newleader_zxid});
}

void Core::step_uptodate() {
    if (!learning_->newleader_acked || learning_->up_to_date) {
        return;
    }
    learning_->up_to_date = true;
    apply_through(learning_->committed);
    set_phase(Phase::broadcast);
    // A membership the leader runs and we missed (we were down when it activated, or a SNAP
    // brought its txn): ZooKeeper's learner processes NEWLEADER's config here.
    const Entry& config = learning_->leader_config;
    if (config.zxid > config_.version) {
        if (auto members = storage_.reconfigs.members_in(config.txn)) {
            activate(config, std::move(*members), 0);
        }
    }
    activate_if_committed();
    follow_membership(0);
}

} // namespace zs::zab
