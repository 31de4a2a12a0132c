#include "trace/event.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace zs::trace {

namespace {

std::string hex(int64_t zxid) {
    return fmt::format("0x{:x}", static_cast<uint64_t>(zxid));
}

// A vote as FLE's log lines show it: the candidate, its zxid and epoch, and the round.
void put_vote(nlohmann::ordered_json& out, const zab::Vote& vote) {
    if (vote.leader == zab::kNoServer) {
        out["leader"] = nullptr;
        out["zxid"] = nullptr;
        out["peer_epoch"] = nullptr;
    } else {
        out["leader"] = vote.leader;
        out["zxid"] = hex(vote.zxid);
        out["peer_epoch"] = vote.peer_epoch;
    }
    out["round"] = vote.election_epoch;
}

void put(nlohmann::ordered_json& out, const Started& event) {
    out["last_zxid"] = hex(event.last_zxid);
}
void put(nlohmann::ordered_json& out, const ElectionStarted& event) {
    put_vote(out, event.vote);
}
void put(nlohmann::ordered_json& out, const VoteSent& event) {
    out["to"] = event.to;
    put_vote(out, event.vote);
    out["state"] = zab::name_of(event.state);
}
void put(nlohmann::ordered_json& out, const VoteReceived& event) {
    out["from"] = event.from;
    put_vote(out, event.vote);
    out["state"] = zab::name_of(event.state);
}
void put(nlohmann::ordered_json& out, const VoteChanged& event) {
    put_vote(out, event.vote);
    out["because"] = event.because;
}
void put(nlohmann::ordered_json& out, const ElectionFinished& event) {
    put_vote(out, event.vote);
}
void put(nlohmann::ordered_json& out, const StateChanged& event) {
    out["from"] = zab::name_of(event.from);
    out["to"] = zab::name_of(event.to);
}
void put(nlohmann::ordered_json& out, const PhaseChanged& event) {
    out["from"] = zab::name_of(event.from);
    out["to"] = zab::name_of(event.to);
}

void put(nlohmann::ordered_json& out, const MessageSent& event) {
    out["to"] = event.to;
    out["message"] = event.type;
    out["zxid"] = hex(event.zxid);
}
void put(nlohmann::ordered_json& out, const MessageReceived& event) {
    out["from"] = event.from;
    out["message"] = event.type;
    out["zxid"] = hex(event.zxid);
}
void put(nlohmann::ordered_json& out, const EpochChanged& event) {
    out["which"] = event.which;
    out["from"] = event.from;
    out["to"] = event.to;
}
void put(nlohmann::ordered_json& out, const NewEpoch& event) {
    out["epoch"] = event.epoch;
}
void put(nlohmann::ordered_json& out, const EpochEstablished& event) {
    out["epoch"] = event.epoch;
    out["quorum"] = event.quorum;
}
void put(nlohmann::ordered_json& out, const LearnerRefused& event) {
    out["learner"] = event.learner;
    out["reason"] = event.reason;
}
void put(nlohmann::ordered_json& out, const SyncChosen& event) {
    out["learner"] = event.learner;
    out["mode"] = zab::name_of(event.mode);
    out["learner_zxid"] = hex(event.learner_zxid);
    out["leader_zxid"] = hex(event.leader_zxid);
    out["txns"] = event.txns;
    out["reason"] = event.reason;
}
void put(nlohmann::ordered_json& out, const Proposed& event) {
    out["zxid"] = hex(event.zxid);
}
void put(nlohmann::ordered_json& out, const Committed& event) {
    out["zxid"] = hex(event.zxid);
    out["digest"] = fmt::format("{:016x}", event.digest);
}
void put(nlohmann::ordered_json& out, const Truncated& event) {
    out["zxid"] = hex(event.zxid);
}
void put(nlohmann::ordered_json& out, const SnapshotInstalled& event) {
    out["zxid"] = hex(event.zxid);
}
void put(nlohmann::ordered_json& out, const GaveUp& event) {
    out["reason"] = event.reason;
}
void put(nlohmann::ordered_json& out, const ReconfigProposed& event) {
    out["version"] = hex(event.version);
    out["voters"] = event.voters;
    out["observers"] = event.observers;
}
void put(nlohmann::ordered_json& out, const ConfigActivated& event) {
    out["version"] = hex(event.version);
    out["voters"] = event.voters;
    out["observers"] = event.observers;
    out["leader"] = event.leader;
}
void put(nlohmann::ordered_json& out, const SessionCreated& event) {
    out["session"] = hex(event.session);
    out["timeout_ms"] = event.timeout_ms;
}
void put(nlohmann::ordered_json& out, const SessionClosed& event) {
    out["session"] = hex(event.session);
}
void put(nlohmann::ordered_json& out, const SessionExpired& event) {
    out["session"] = hex(event.session);
    out["timeout_ms"] = event.timeout_ms;
}

} // namespace

std::string_view name_of(const Body& body) {
    return std::visit(
        [](const auto& event) -> std::string_view {
            using T = std::decay_t<decltype(event)>;
            if constexpr (std::is_same_v<T, Started>) {
                return "Started";
            } else if constexpr (std::is_same_v<T, ElectionStarted>) {
                return "ElectionStarted";
            } else if constexpr (std::is_same_v<T, VoteSent>) {
                return "VoteSent";
            } else if constexpr (std::is_same_v<T, VoteReceived>) {
                return "VoteReceived";
            } else if constexpr (std::is_same_v<T, VoteChanged>) {
                return "VoteChanged";
            } else if constexpr (std::is_same_v<T, ElectionFinished>) {
                return "ElectionFinished";
            } else if constexpr (std::is_same_v<T, StateChanged>) {
                return "StateChanged";
            } else if constexpr (std::is_same_v<T, PhaseChanged>) {
                return "PhaseChanged";
            } else if constexpr (std::is_same_v<T, MessageSent>) {
                return "MessageSent";
            } else if constexpr (std::is_same_v<T, MessageReceived>) {
                return "MessageReceived";
            } else if constexpr (std::is_same_v<T, EpochChanged>) {
                return "EpochChanged";
            } else if constexpr (std::is_same_v<T, NewEpoch>) {
                return "NewEpoch";
            } else if constexpr (std::is_same_v<T, EpochEstablished>) {
                return "EpochEstablished";
            } else if constexpr (std::is_same_v<T, LearnerRefused>) {
                return "LearnerRefused";
            } else if constexpr (std::is_same_v<T, SyncChosen>) {
                return "SyncChosen";
            } else if constexpr (std::is_same_v<T, Proposed>) {
                return "Proposed";
            } else if constexpr (std::is_same_v<T, Committed>) {
                return "Committed";
            } else if constexpr (std::is_same_v<T, Truncated>) {
                return "Truncated";
            } else if constexpr (std::is_same_v<T, SnapshotInstalled>) {
                return "SnapshotInstalled";
            } else if constexpr (std::is_same_v<T, GaveUp>) {
                return "GaveUp";
            } else if constexpr (std::is_same_v<T, ReconfigProposed>) {
                return "ReconfigProposed";
            } else if constexpr (std::is_same_v<T, ConfigActivated>) {
                return "ConfigActivated";
            } else if constexpr (std::is_same_v<T, SessionCreated>) {
                return "SessionCreated";
            } else if constexpr (std::is_same_v<T, SessionClosed>) {
                return "SessionClosed";
            } else {
                static_assert(std::is_same_v<T, SessionExpired>);
                return "SessionExpired";
            }
        },
        body);
}

std::string to_ndjson(const Event& event, std::optional<int64_t> time_ms) {
    // ordered_json keeps keys in insertion order: server, tick and type lead every line.
    nlohmann::ordered_json out;
    out["server"] = event.server;
    out["tick"] = event.tick;
    if (time_ms) {
        out["time_ms"] = *time_ms;
    }
    out["type"] = name_of(event.body);
    std::visit([&out](const auto& body) { put(out, body); }, event.body);
    return out.dump();
}

} // namespace zs::trace
