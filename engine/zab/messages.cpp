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
            } else {
                static_assert(std::is_same_v<T, AckEpoch>);
                return "ACKEPOCH";
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
            } else {
                static_assert(std::is_same_v<T, AckEpoch>);
                return message.last_zxid;
            }
        },
        body);
}

} // namespace zs::zab
