#pragma once

#include "proto/request.h"
#include "tree/acl.h"
#include "tree/data_tree.h"
#include "tree/pending_changes.h"
#include "tree/txn.h"

#include <cstdint>

// ZooKeeper's PrepRequestProcessor: validates a write request against the tree and turns it into
// the txn to log.
namespace zs::tree {

// Who is writing, and the server settings prepare() depends on.
struct PrepContext {
    int64_t session_id = 0;
    const AuthInfo& auth;
    int64_t now_ms = 0;                  // the request's time; no prepare() rule depends on it
    bool extended_types_enabled = false; // zookeeper.extendedTypesEnabled: allows TTL nodes
    bool skip_acl = false;               // zookeeper.skipACL
    bool enforce_quota = false;          // zookeeper.enforceQuota: hard quota limits refuse writes
};

// Handles the write opcodes create (1), create2 (15), createContainer (19), createTTL (21),
// delete (2), deleteContainer (20), setData (5), setACL (7), multi (14) and closeSession (-11).
// A request that fails validation becomes an ErrorTxn, which is logged like any other txn. The
// checks run in ZooKeeper's order, so the error code a client sees is the one ZooKeeper gives.
// With enforce_quota, a create or setData that would pass a hard quota limit gives
// quota_exceeded (checked against the tree, see DataTree::check_quota).
// The sub-ops of a multi see the effects of the sub-ops before them; if one fails, the result is
// a MultiTxn of ErrorTxns (ok before the failure, its code, runtime_inconsistency after), except
// that a sub-op failing with marshalling_error fails the whole request with a plain ErrorTxn.
// Other opcodes give ErrorTxn{unimplemented}, a body that does not match the opcode
// ErrorTxn{marshalling_error}.
// closeSession (-11) deletes the session's ephemerals.
Txn prepare(const DataTree& tree, proto::Request request, const PrepContext& context);

// The same for txn `zxid` while earlier txns are still in flight: the request is checked against
// the tree with `pending` laid over it, and what the txn changes (versions, existence, child
// counts, sequence numbers, ephemeral owners, ACLs) is recorded in `pending`. A txn that fails
// validation records nothing.
Txn prepare(const DataTree& tree, PendingChanges& pending, int64_t zxid, proto::Request request,
            const PrepContext& context);

} // namespace zs::tree
