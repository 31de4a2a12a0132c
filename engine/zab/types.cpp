#include "zab/types.h"

namespace zs::zab {

std::string_view name_of(ServerState state) {
    switch (state) {
    case ServerState::looking:
        return "LOOKING";
    case ServerState::following:
        return "FOLLOWING";
    case ServerState::leading:
        return "LEADING";
    case ServerState::observing:
        return "OBSERVING";
    }
    return "?";
}

std::string_view name_of(Phase phase) {
    switch (phase) {
    case Phase::election:
        return "ELECTION";
    case Phase::discovery:
        return "DISCOVERY";
    case Phase::synchronization:
        return "SYNCHRONIZATION";
    case Phase::broadcast:
        return "BROADCAST";
    }
    return "?";
}

std::string_view name_of(SyncMode mode) {
    switch (mode) {
    case SyncMode::none:
        return "NONE";
    case SyncMode::diff:
        return "DIFF";
    case SyncMode::snap:
        return "SNAP";
    case SyncMode::trunc:
        return "TRUNC";
    }
    return "?";
}

std::string_view name_of(LearnerType type) {
    return type == LearnerType::participant ? "PARTICIPANT" : "OBSERVER";
}

} // namespace zs::zab
