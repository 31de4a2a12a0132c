#pragma once

// Helpers shared by the storage tests: a tree driven by hand-made txns that keeps every entry it
// applied, a workload touching every node kind, and a node-by-node tree comparison.
#include "storage/log_store.h"
#include "tree/acl.h"
#include "tree/data_tree.h"

#include <string>
#include <vector>

namespace storage_test {

using zs::proto::Acl;
using zs::proto::Id;
using zs::tree::Txn;

inline const std::vector<Acl> kOpen{Acl{zs::proto::perm::all, Id{"world", "anyone"}}};

inline zs::tree::CreateTxn create(std::string path, std::optional<std::string> data = "",
                                  int64_t owner = 0, int32_t opcode = zs::proto::op::create,
                                  std::vector<Acl> acl = kOpen) {
    return zs::tree::CreateTxn{std::move(path), std::move(data), std::move(acl), owner, -1, opcode};
}

// A live tree plus the log entries that built it, with zxids 1, 2, 3, ...
struct Recorder {
    zs::tree::DataTree tree;
    std::vector<zs::storage::LogEntry> entries;
    int64_t time_ms = 1000;

    int64_t zxid() const { return entries.empty() ? 0 : entries.back().header.zxid; }
    void add(Txn txn, int64_t session_id = 0x100) {
        time_ms += 7;
        zs::storage::LogEntry entry{{session_id, int32_t(entries.size()), zxid() + 1, time_ms},
                                    std::move(txn)};
        tree.apply(entry.header, entry.txn);
        entries.push_back(std::move(entry));
    }
};

// Persistent, ephemeral, sequential-named, container, TTL, null-data and digest-ACL nodes, a
// quota, multis (one failed), error txns, deletes and two sessions (one closed).
inline void build_rich(Recorder& r) {
    using namespace zs::tree;
    namespace op = zs::proto::op;
    r.add(CreateSessionTxn{30000}, 0x100);
    r.add(CreateSessionTxn{10000}, 0x200);
    r.add(create("/app", "x"));
    r.add(create("/app/seq-0000000000", "s"));
    r.add(create("/app/seq-0000000001", "t"));
    r.add(create("/app/eph", "e", 0x100), 0x100);
    r.add(create("/app/eph2", "e2", 0x200), 0x200);
    r.add(create("/box", "", kContainerOwner, op::create_container));
    r.add(create("/box/item", "i"));
    r.add(DeleteTxn{"/box/item", op::remove});
    r.add(create("/ttl", "", kTtlOwnerMask | 5000, op::create_ttl));
    r.add(create("/nulldata", std::nullopt));
    const std::vector<Acl> digest{Acl{zs::proto::perm::all, Id{"digest", digest_id("bob:pw")}},
                                  Acl{zs::proto::perm::read, Id{"world", "anyone"}}};
    r.add(create("/secret", "s3", 0, op::create2, digest));
    r.add(create("/zookeeper/quota/app"));
    r.add(create("/zookeeper/quota/app/zookeeper_limits", "count=10,bytes=-1"));
    r.add(create("/zookeeper/quota/app/zookeeper_stats", "count=0,bytes=0"));
    r.add(create("/app/more", "0123456789"));
    r.add(SetDataTxn{"/app", std::string("y"), 1});
    r.add(SetAclTxn{"/app/more", digest, 1});
    r.add(MultiTxn{{create("/m1", "a"), SetDataTxn{"/m1", std::string("b"), 1}, CheckTxn{"/m1", 1},
                    create("/m1/c", std::nullopt)}});
    r.add(MultiTxn{{ErrorTxn{zs::proto::ErrorCode::ok}, ErrorTxn{zs::proto::ErrorCode::node_exists},
                    ErrorTxn{zs::proto::ErrorCode::runtime_inconsistency}}});
    r.add(ErrorTxn{zs::proto::ErrorCode::no_node});
    r.add(create("/gone", "g"));
    r.add(DeleteTxn{"/gone", op::remove});
    r.add(CloseSessionTxn{{"/app/eph2"}}, 0x200);
}

// The first difference between two trees as "<path>: <what>", or "" when they are
// indistinguishable to a client (and to mntr).
std::string first_difference(const zs::tree::DataTree& a, const zs::tree::DataTree& b);

} // namespace storage_test
