#include "zab/messages.h"

namespace zs::zab {

std::string_view name_of(const Body& body) {
    return std::visit(
        [](const auto& message) -> std::string_view {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, Notification>) {
                return "NOTIFICATION";
            } else if constexpr (std::is_same_v<T, FollowerInfo>) {
                return message.type == LearnerType::observer ? "OBSERVERINFO" : "FOLLOWERINFO";
            } else if constexpr (std::is_same_v<T, LeaderInfo>) {
                return "LEADERINFO";
            } else if constexpr (std::is_same_v<T, AckEpoch>) {
                return "ACKEPOCH";
            } else if constexpr (std::is_same_v<T, Diff>) {
                return "DIFF";
            } else if constexpr (std::is_same_v<T, Trunc>) {
                return "TRUNC";
            } else if constexpr (std::is_same_v<T, Snap>) {
                return "SNAP";
            } else if constexpr (std::is_same_v<T, NewLeader>) {
                return "NEWLEADER";
            } else if constexpr (std::is_same_v<T, UpToDate>) {
                return "UPTODATE";
            } else if constexpr (std::is_same_v<T, Proposal>) {
                return "PROPOSAL";
            } else if constexpr (std::is_same_v<T, Ack>) {
                return "ACK";
            } else if constexpr (std::is_same_v<T, Commit>) {
                return "COMMIT";
            } else if constexpr (std::is_same_v<T, Inform>) {
                return "INFORM";
            } else if constexpr (std::is_same_v<T, Ping>) {
                return "PING";
            } else if constexpr (std::is_same_v<T, Request>) {
                return "REQUEST";
            } else if constexpr (std::is_same_v<T, CommitAndActivate>) {
                return "COMMITANDACTIVATE";
            } else if constexpr (std::is_same_v<T, InformAndActivate>) {
                return "INFORMANDACTIVATE";
            } else {
                static_assert(std::is_same_v<T, Sync>);
                return "SYNC";
            }
        },
        body);
}

int64_t zxid_of(const Body& body) {
    return std::visit(
        [](const auto& message) -> int64_t {
            using T = std::decay_t<decltype(message)>;
            if constexpr (std::is_same_v<T, Notification>) {
                return message.vote.zxid;
            } else if constexpr (std::is_same_v<T, FollowerInfo>) {
                return make_zxid(message.accepted_epoch, 0);
            } else if constexpr (std::is_same_v<T, LeaderInfo>) {
                return make_zxid(message.new_epoch, 0);
            } else if constexpr (std::is_same_v<T, AckEpoch>) {
                return message.last_zxid;
            } else if constexpr (std::is_same_v<T, Diff> || std::is_same_v<T, Trunc> ||
                                 std::is_same_v<T, NewLeader> || std::is_same_v<T, Ack> ||
                                 std::is_same_v<T, Commit> ||
                                 std::is_same_v<T, CommitAndActivate>) {
                return message.zxid;
            } else if constexpr (std::is_same_v<T, Snap>) {
                return message.snapshot.zxid;
            } else if constexpr (std::is_same_v<T, Proposal> || std::is_same_v<T, Inform> ||
                                 std::is_same_v<T, InformAndActivate>) {
                return message.entry.zxid;
            } else {
                static_assert(std::is_same_v<T, UpToDate> || std::is_same_v<T, Ping> ||
                              std::is_same_v<T, Request> || std::is_same_v<T, Sync>);
                return 0;
            }
        },
        body);
}

} // namespace zs::zab
