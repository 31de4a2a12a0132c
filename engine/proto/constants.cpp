#include "proto/constants.h"

namespace zs::proto {

const char* op_name(int32_t opcode) {
    // Names as ZooKeeper's FinalRequestProcessor records them for `cons`; several opcodes share
    // one.
    switch (opcode) {
    case op::create:
    case op::create2:
    case op::create_container:
    case op::create_ttl:
        return "CREA";
    case op::remove:
    case op::delete_container:
        return "DELE";
    case op::exists:
        return "EXIS";
    case op::get_data:
        return "GETD";
    case op::set_data:
        return "SETD";
    case op::get_acl:
        return "GETA";
    case op::set_acl:
        return "SETA";
    case op::get_children:
    case op::get_children2:
        return "GETC";
    case op::sync:
        return "SYNC";
    case op::ping:
        return "PING";
    case op::check:
        return "CHEC";
    case op::multi:
        return "MULT";
    case op::reconfig:
        return "RECO";
    case op::check_watches:
        return "CHKW";
    case op::remove_watches:
        return "REMW";
    case op::multi_read:
        return "MLTR";
    case op::set_watches:
        return "SETW";
    case op::get_ephemerals:
        return "GETE";
    case op::get_all_children_number:
        return "GETACN";
    case op::set_watches2:
        return "STW2";
    case op::add_watch:
        return "ADDW";
    case op::who_am_i:
        return "HOMI";
    case op::create_session:
        return "SESS";
    case op::close_session:
        return "CLOS";
    // ZooKeeper answers auth and sasl outside its request pipeline and never records them; these
    // names only serve logs.
    case op::auth:
        return "AUTH";
    case op::sasl:
        return "SASL";
    case op::error:
        return "NA";
    default:
        return "UNKNOWN";
    }
}

const char* error_name(ErrorCode code) {
    switch (code) {
    case ErrorCode::ok:
        return "OK";
    case ErrorCode::system_error:
        return "SYSTEMERROR";
    case ErrorCode::runtime_inconsistency:
        return "RUNTIMEINCONSISTENCY";
    case ErrorCode::data_inconsistency:
        return "DATAINCONSISTENCY";
    case ErrorCode::connection_loss:
        return "CONNECTIONLOSS";
    case ErrorCode::marshalling_error:
        return "MARSHALLINGERROR";
    case ErrorCode::unimplemented:
        return "UNIMPLEMENTED";
    case ErrorCode::operation_timeout:
        return "OPERATIONTIMEOUT";
    case ErrorCode::bad_arguments:
        return "BADARGUMENTS";
    case ErrorCode::unknown_session:
        return "UNKNOWNSESSION";
    case ErrorCode::new_config_no_quorum:
        return "NEWCONFIGNOQUORUM";
    case ErrorCode::reconfig_in_progress:
        return "RECONFIGINPROGRESS";
    case ErrorCode::api_error:
        return "APIERROR";
    case ErrorCode::no_node:
        return "NONODE";
    case ErrorCode::no_auth:
        return "NOAUTH";
    case ErrorCode::bad_version:
        return "BADVERSION";
    case ErrorCode::no_children_for_ephemerals:
        return "NOCHILDRENFOREPHEMERALS";
    case ErrorCode::node_exists:
        return "NODEEXISTS";
    case ErrorCode::not_empty:
        return "NOTEMPTY";
    case ErrorCode::session_expired:
        return "SESSIONEXPIRED";
    case ErrorCode::invalid_callback:
        return "INVALIDCALLBACK";
    case ErrorCode::invalid_acl:
        return "INVALIDACL";
    case ErrorCode::auth_failed:
        return "AUTHFAILED";
    case ErrorCode::session_moved:
        return "SESSIONMOVED";
    case ErrorCode::not_read_only:
        return "NOTREADONLY";
    case ErrorCode::ephemeral_on_local_session:
        return "EPHEMERALONLOCALSESSION";
    case ErrorCode::no_watcher:
        return "NOWATCHER";
    case ErrorCode::request_timeout:
        return "REQUESTTIMEOUT";
    case ErrorCode::reconfig_disabled:
        return "RECONFIGDISABLED";
    case ErrorCode::session_closed_require_sasl_auth:
        return "SESSIONCLOSEDREQUIRESASLAUTH";
    case ErrorCode::quota_exceeded:
        return "QUOTAEXCEEDED";
    case ErrorCode::throttled_op:
        return "THROTTLEDOP";
    }
    return "UNKNOWN";
}

bool is_write_request(int32_t opcode) {
    switch (opcode) {
    case op::create:
    case op::create2:
    case op::create_container:
    case op::create_ttl:
    case op::remove:
    case op::set_data:
    case op::set_acl:
    case op::multi:
        return true;
    default:
        return false;
    }
}

namespace perm {
namespace {

struct Letter {
    char letter;
    int32_t bit;
};
constexpr Letter kLetters[] = {
    {'c', create}, {'d', remove}, {'r', read}, {'w', write}, {'a', admin},
};

} // namespace

std::string to_letters(int32_t perms) {
    std::string text;
    for (const Letter& letter : kLetters) {
        if ((perms & letter.bit) != 0) {
            text += letter.letter;
        }
    }
    return text;
}

std::optional<int32_t> from_letters(std::string_view letters, bool each_once) {
    int32_t perms = 0;
    for (const char c : letters) {
        const Letter* found = nullptr;
        for (const Letter& letter : kLetters) {
            if (c == letter.letter) {
                found = &letter;
            }
        }
        if (found == nullptr || (each_once && (perms & found->bit) != 0)) {
            return std::nullopt;
        }
        perms |= found->bit;
    }
    return perms;
}

} // namespace perm

} // namespace zs::proto
