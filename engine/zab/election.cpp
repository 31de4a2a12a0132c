// Fast Leader Election (ZooKeeper's FastLeaderElection: lookForLeader and its WorkerReceiver).
#include "zab/core.h"

#include <algorithm>
#include <cassert>
#include <string>

namespace zs::zab {

Vote Core::initial_vote() const {
    // getInitId / getInitLastLoggedZxid / getPeerEpoch: a server that does not vote (an
    // observer, or one not in the membership) proposes nobody, so that any voter's vote
    // outranks its own.
    if (!config_.is_voter(config_.self)) {
        return Vote{kNoServer, Vote{}.zxid, election_.round, Vote{}.peer_epoch};
    }
    return Vote{config_.self, storage_.log.last_zxid(), election_.round, durable_.current_epoch};
}

bool Core::ranks_above(const Vote& candidate, const Vote& current) const {
    // totalOrderPredicate: a server that cannot vote (weight 0) is never a better leader.
    return config_.is_voter(candidate.leader) && outranks(candidate, current);
}

void Core::start_election() {
    leave_role();
    set_state(ServerState::looking);
    set_phase(Phase::election);
    ++election_.round;
    election_.received.clear();
    election_.out_of_election.clear();
    election_.finalize_at.reset();
    election_.notification_interval = config_.timing.min_notification_interval;
    election_.proposal = initial_vote();
    current_vote_ = election_.proposal;
    emit(trace::ElectionStarted{election_.proposal});
    send_notifications();
}

void Core::propose_vote(const Vote& vote, std::string because) {
    election_.proposal = Vote{vote.leader, vote.zxid, election_.round, vote.peer_epoch};
    current_vote_ = election_.proposal;
    emit(trace::VoteChanged{election_.proposal, std::move(because)});
}

void Core::send_notifications() {
    // Our own notification counts as received at once (ZooKeeper loops it back to itself).
    if (config_.is_voter(config_.self)) {
        election_.received[config_.self] = ReceivedVote{election_.proposal, ServerState::looking};
    }
    for (const ServerId voter : config_.voters()) {
        if (voter != config_.self) {
            const Notification notification{election_.proposal, ServerState::looking,
                                            config_entry()};
            emit(trace::VoteSent{voter, notification.vote, notification.state});
            send(voter, notification);
        }
    }
    election_.resend_at = ticks_ + election_.notification_interval;
}

void Core::reply(ServerId to, const Vote& vote, int64_t round) {
    const Notification notification{Vote{vote.leader, vote.zxid, round, vote.peer_epoch}, state_,
                                    config_entry()};
    emit(trace::VoteSent{to, notification.vote, notification.state});
    send(to, notification);
}

void Core::step_notification(ServerId from, const Notification& notification) {
    emit(trace::VoteReceived{from, notification.vote, notification.state});
    if (state_ == ServerState::looking && notification.config.zxid > config_.version) {
        // A membership activated while we were away: take it, and elect again under it if its
        // voters differ from ours (FastLeaderElection's WorkerReceiver does the same).
        if (auto members = storage_.reconfigs.members_in(notification.config.txn)) {
            const std::vector<ServerId> voters_before = config_.voters();
            activate(notification.config, std::move(*members), 0);
            if (config_.voters() != voters_before) {
                start_election();
                return;
            }
        }
    }
    // WorkerReceiver: a server that cannot vote is answered at once with what we think. Only
    // while it looks: ZooKeeper answers an observer's every notification, so a looking
    // participant and an observing observer can answer each other without end.
    if (!config_.is_voter(from)) {
        if (notification.state == ServerState::looking) {
            reply(from, current_vote_, election_.round);
        }
        return;
    }
    if (state_ != ServerState::looking) {
        // Tell a server still looking who leads, in the round that chose it.
        if (notification.state == ServerState::looking) {
            reply(from, current_vote_, current_vote_.election_epoch);
        }
        return;
    }
    // A looking server behind our round hears our proposal; not from an observer, whose votes
    // count for nothing and whose answers would only draw more answers.
    if (config_.is_voter(config_.self) && notification.state == ServerState::looking &&
        notification.vote.election_epoch < election_.round) {
        reply(from, election_.proposal, election_.round);
    }
    if (election_.finalize_at) {
        // A quorum agrees and we wait finalizeWait for a better candidate: anything that is
        // not one is dropped, and the wait starts over.
        if (!ranks_above(notification.vote, election_.proposal)) {
            if (notification.state == ServerState::looking &&
                same_candidate(notification.vote, election_.proposal) && config_.is_voter(from)) {
                election_.received[from] = ReceivedVote{notification.vote, ServerState::looking};
                if (decide_if_unanimous()) {
                    return;
                }
            }
            election_.finalize_at = ticks_ + config_.timing.finalize_wait;
            return;
        }
        election_.finalize_at.reset();
    }
    // The receive timeout restarts with every notification.
    election_.resend_at = ticks_ + election_.notification_interval;
    if (!config_.is_voter(notification.vote.leader)) {
        return; // validVoter(n.leader): a vote for a server that cannot lead counts for nothing
    }
    switch (notification.state) {
    case ServerState::looking:
        handle_looking(from, notification);
        break;
    case ServerState::following:
    case ServerState::leading:
        handle_decided(from, notification);
        break;
    case ServerState::observing:
        break; // observers do not vote
    }
}

void Core::handle_looking(ServerId from, const Notification& notification) {
    const Vote& vote = notification.vote;
    if (vote.election_epoch > election_.round) {
        // A later round: join it, forget the votes of ours, and back the better of its
        // candidate and ourselves.
        election_.round = vote.election_epoch;
        election_.received.clear();
        const Vote own = initial_vote();
        propose_vote(ranks_above(vote, own) ? vote : own,
                     "round " + std::to_string(vote.election_epoch) + " from server " +
                         std::to_string(from));
        send_notifications();
    } else if (vote.election_epoch < election_.round) {
        return; // a stale round
    } else if (ranks_above(vote, election_.proposal)) {
        propose_vote(vote, "server " + std::to_string(from) + "'s candidate ranks higher");
        send_notifications();
    }
    election_.received[from] = ReceivedVote{vote, ServerState::looking};
    const ReceivedVote target{election_.proposal, ServerState::looking};
    if (!decide_if_unanimous() && config_.is_quorum(count_matching(election_.received, target))) {
        election_.finalize_at = ticks_ + config_.timing.finalize_wait;
    }
}

bool Core::decide_if_unanimous() {
    const ReceivedVote target{election_.proposal, ServerState::looking};
    if (count_matching(election_.received, target) < config_.voters().size()) {
        return false;
    }
    // Every voter backs the proposal, so each ranked it above itself: no better candidate
    // exists, and waiting finalizeWait (as ZooKeeper does) could only delay the outcome.
    const Vote decided = election_.proposal;
    finish_election(decided,
                    decided.leader == config_.self ? ServerState::leading : ServerState::following);
    return true;
}

void Core::handle_decided(ServerId from, const Notification& notification) {
    const Vote& vote = notification.vote;
    const ReceivedVote received{vote, notification.state};
    // Votes of the same round count together with those of looking servers.
    if (vote.election_epoch == election_.round) {
        election_.received[from] = received;
        if (config_.is_quorum(count_matching(election_.received, received)) &&
            leader_confirmed(election_.received, vote.leader, vote.election_epoch)) {
            finish_election(vote, vote.leader == config_.self ? ServerState::leading
                                                              : ServerState::following);
            return;
        }
    }
    // Joining an established ensemble: a quorum must follow the same leader, and the leader
    // must say it leads (ZOOKEEPER-1732: this map also holds votes of the current round).
    election_.out_of_election[from] = received;
    if (config_.is_quorum(count_matching(election_.out_of_election, received)) &&
        leader_confirmed(election_.out_of_election, vote.leader, vote.election_epoch)) {
        election_.round = vote.election_epoch;
        finish_election(vote, vote.leader == config_.self ? ServerState::leading
                                                          : ServerState::following);
    }
}

size_t Core::count_matching(const std::map<ServerId, ReceivedVote>& votes,
                            const ReceivedVote& target) const {
    // Vote.equals: while either side is looking, the whole vote must match; between servers
    // that have decided, the leader and its epoch.
    const auto matches = [&target](const ReceivedVote& received) {
        if (received.state == ServerState::looking || target.state == ServerState::looking) {
            return same_candidate(received.vote, target.vote);
        }
        return received.vote.leader == target.vote.leader &&
               received.vote.peer_epoch == target.vote.peer_epoch;
    };
    size_t count = 0;
    for (const auto& [id, received] : votes) {
        if (config_.is_voter(id) && matches(received)) {
            ++count;
        }
    }
    return count;
}

bool Core::leader_confirmed(const std::map<ServerId, ReceivedVote>& votes, ServerId leader,
                            int64_t round) const {
    // checkLeader: if everyone else thinks we lead, we do (in our own round); another server
    // must have told us itself that it leads.
    if (leader == config_.self) {
        return election_.round == round;
    }
    const auto it = votes.find(leader);
    return it != votes.end() && it->second.state == ServerState::leading;
}

void Core::tick_election() {
    if (election_.finalize_at && ticks_ >= *election_.finalize_at) {
        // No better candidate within finalizeWait: the proposal wins.
        const Vote& vote = election_.proposal;
        finish_election(vote, vote.leader == config_.self ? ServerState::leading
                                                          : ServerState::following);
        return;
    }
    if (!election_.finalize_at && ticks_ >= election_.resend_at) {
        // Nothing heard for a while: say it again, and wait twice as long next time.
        election_.notification_interval =
            std::min(election_.notification_interval * 2, config_.timing.max_notification_interval);
        send_notifications();
    }
}

void Core::finish_election(const Vote& vote, ServerState as) {
    // learningState(): an observer observes the leader a follower would follow.
    if (as == ServerState::following && config_.type_of_self() == LearnerType::observer) {
        as = ServerState::observing;
    }
    current_vote_ = Vote{vote.leader, vote.zxid, vote.election_epoch, vote.peer_epoch};
    election_.finalize_at.reset();
    election_.received.clear();
    election_.out_of_election.clear();
    emit(trace::ElectionFinished{current_vote_});
    set_state(as);
    set_phase(Phase::discovery);
    if (as == ServerState::leading) {
        start_leading();
    } else {
        start_learning();
    }
}

} // namespace zs::zab
