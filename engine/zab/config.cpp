#include "zab/config.h"

#include <algorithm>

namespace zs::zab {

std::vector<ServerId> Config::voters() const {
    std::vector<ServerId> ids;
    for (const Member& member : members) {
        if (member.type == LearnerType::participant) {
            ids.push_back(member.id);
        }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool Config::is_voter(ServerId id) const {
    return std::any_of(members.begin(), members.end(), [id](const Member& member) {
        return member.id == id && member.type == LearnerType::participant;
    });
}

LearnerType Config::type_of_self() const {
    for (const Member& member : members) {
        if (member.id == self) {
            return member.type;
        }
    }
    return LearnerType::participant;
}

std::vector<ServerId> Config::observers() const {
    std::vector<ServerId> ids;
    for (const Member& member : members) {
        if (member.type == LearnerType::observer) {
            ids.push_back(member.id);
        }
    }
    std::sort(ids.begin(), ids.end());
    return ids;
}

bool Config::is_quorum(size_t voter_count) const {
    // QuorumMaj: more than half of the voting members (counted without building a list: this
    // runs for every proposal the leader commits).
    const auto voting =
        static_cast<size_t>(std::count_if(members.begin(), members.end(), [](const Member& member) {
            return member.type == LearnerType::participant;
        }));
    return voter_count * 2 > voting;
}

} // namespace zs::zab
