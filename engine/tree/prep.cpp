#include "tree/prep.h"

#include "tree/path.h"

#include <cstdio>
#include <map>
#include <set>
#include <string>
#include <string_view>

namespace zs::tree {
namespace {

using proto::ErrorCode;
namespace op = proto::op;

int64_t size_of(const std::optional<std::string>& data) {
    return data ? static_cast<int64_t>(data->size()) : 0;
}

// The records one request reads and changes, laid over the pending changes of txns in flight,
// which are laid over the tree.
class Overlay {
  public:
    // `scratch`: an empty map to fill, ideally with its buckets already allocated.
    Overlay(const DataTree& tree, const PendingChanges* pending, RecordMap scratch = {})
        : tree_(tree), pending_(pending), records_(std::move(scratch)) {}

    // The record of an existing node, or nullptr. Pointers stay valid while the overlay lives.
    Record* find(std::string_view path) {
        if (path.empty()) {
            path = "/"; // ZooKeeper's parent of "/x" is "", its alias of the root
        }
        auto it = records_.find(path);
        if (it == records_.end()) {
            std::optional<Record> record = read_through(path);
            if (!record) {
                return nullptr;
            }
            it = records_.emplace(std::string(path), std::move(*record)).first;
        }
        return it->second.exists ? &it->second : nullptr;
    }

    void put(const std::string& path, Record record) {
        records_.insert_or_assign(path, std::move(record));
    }

    RecordMap take() { return std::move(records_); }

  private:
    std::optional<Record> read_through(std::string_view path) const {
        if (pending_ != nullptr) {
            if (const Record* record = pending_->find(path)) {
                return *record;
            }
        }
        const Node* node = tree_.find(path);
        if (node == nullptr) {
            return std::nullopt;
        }
        const auto data = node->data();
        return Record{true,
                      node->version(),
                      node->stored_cversion(),
                      node->aversion(),
                      node->kind(),
                      node->child_count(),
                      tree_.shared_acl_of(*node),
                      data ? static_cast<int64_t>(data->size()) : 0,
                      node->ephemeral_owner()};
    }

    const DataTree& tree_;
    const PendingChanges* pending_;
    RecordMap records_;
};

// The meaning of a create request's flags (CreateMode).
struct Mode {
    bool ephemeral = false;
    bool sequential = false;
    bool container = false;
    bool ttl = false;
};

std::optional<Mode> mode_of(int32_t flags) {
    switch (static_cast<proto::CreateMode>(flags)) {
    case proto::CreateMode::persistent:
        return Mode{};
    case proto::CreateMode::ephemeral:
        return Mode{.ephemeral = true};
    case proto::CreateMode::persistent_sequential:
        return Mode{.sequential = true};
    case proto::CreateMode::ephemeral_sequential:
        return Mode{.ephemeral = true, .sequential = true};
    case proto::CreateMode::container:
        return Mode{.container = true};
    case proto::CreateMode::persistent_with_ttl:
        return Mode{.ttl = true};
    case proto::CreateMode::persistent_sequential_with_ttl:
        return Mode{.sequential = true, .ttl = true};
    }
    return std::nullopt;
}

// Java's String.format("%010d", n): the parent's stored cversion, a signed 32-bit counter.
std::string sequence_suffix(int32_t cversion) {
    char buffer[16];
    const int length = std::snprintf(buffer, sizeof buffer, "%010d", cversion);
    return std::string(buffer, size_t(length));
}

int32_t next_version(int32_t version) {
    return static_cast<int32_t>(static_cast<uint32_t>(version) + 1);
}

bool version_matches(int32_t expected, int32_t current) {
    return expected == -1 || expected == current;
}

// What ZooKeeper's getParentPathAndValidate and validatePathForCreate accept before anything else:
// a path with a '/' and no NUL.
bool cuttable(std::string_view path) {
    return path.find('/') != std::string_view::npos && path.find('\0') == std::string_view::npos;
}

// The nodes ZooKeeper refuses to delete. Other nodes under /zookeeper may go.
bool is_special(std::string_view path) {
    return path == "/" || path == "/zookeeper" || path == "/zookeeper/quota" ||
           path == "/zookeeper/config";
}

SubTxn fail(ErrorCode err) {
    return ErrorTxn{err};
}

// Prepares the ops of one request against one overlay.
class Preparer {
  public:
    Preparer(const DataTree& tree, const PendingChanges* pending, const PrepContext& context,
             RecordMap scratch = {})
        : tree_(tree), overlay_(tree, pending, std::move(scratch)), context_(context) {}

    // One write op; `Body` is RequestBody or MultiOpBody (both hold these alternatives). The
    // request's strings move into the txn.
    template <class Body> SubTxn prepare_op(int32_t opcode, Body& body) {
        switch (opcode) {
        case op::create:
        case op::create2:
        case op::create_container:
            if (auto* request = std::get_if<proto::CreateRequest>(&body)) {
                return create(opcode, request->path, std::move(request->data),
                              std::move(request->acl), request->flags, -1);
            }
            break;
        case op::create_ttl:
            if (auto* request = std::get_if<proto::CreateTtlRequest>(&body)) {
                return create(opcode, request->path, std::move(request->data),
                              std::move(request->acl), request->flags, request->ttl);
            }
            break;
        case op::remove:
            if (const auto* request = std::get_if<proto::DeleteRequest>(&body)) {
                return remove(request->path, request->version);
            }
            break;
        case op::set_data:
            if (auto* request = std::get_if<proto::SetDataRequest>(&body)) {
                return set_data(std::move(*request));
            }
            break;
        case op::check:
            if (const auto* request = std::get_if<proto::CheckVersionRequest>(&body)) {
                return check(*request);
            }
            break;
        default:
            break;
        }
        return fail(ErrorCode::marshalling_error);
    }

    SubTxn remove_container(const std::string& path);
    Txn set_acl(const proto::SetAclRequest& request);
    Txn multi(proto::MultiRequest& request);
    Txn close_session(const PendingChanges* pending);

    // What the request changed, to be recorded as the txn's pending changes.
    RecordMap take_records() { return overlay_.take(); }

  private:
    SubTxn create(int32_t opcode, const std::string& path, std::optional<std::string> data,
                  std::vector<proto::Acl> acl, int32_t flags, int64_t ttl);
    SubTxn remove(const std::string& path, int32_t version);
    SubTxn set_data(proto::SetDataRequest request);
    SubTxn check(const proto::CheckVersionRequest& request);

    bool permits(const Record& record, int32_t perm) const {
        return context_.skip_acl || acl_permits(*record.acl, perm, context_.auth);
    }
    // EphemeralType.get(owner) == NORMAL. With extended types off, ZooKeeper cannot tell a TTL
    // owner from a session id, so it treats TTL nodes as ephemerals then.
    bool is_session_ephemeral(const Record& record) const {
        return record.kind == NodeKind::ephemeral ||
               (record.kind == NodeKind::ttl && !context_.extended_types_enabled);
    }

    // ZooKeeperServer.checkQuota, only with zookeeper.enforceQuota.
    ErrorCode check_quota(std::string_view path, int64_t bytes_diff, int32_t count_diff) const {
        return context_.enforce_quota ? tree_.check_quota(path, bytes_diff, count_diff)
                                      : ErrorCode::ok;
    }

    const DataTree& tree_;
    Overlay overlay_;
    const PrepContext& context_;
};

SubTxn Preparer::create(int32_t opcode, const std::string& path, std::optional<std::string> data,
                        std::vector<proto::Acl> acl, int32_t flags, int64_t ttl) {
    const auto mode = mode_of(flags);
    if (!mode) {
        return fail(ErrorCode::bad_arguments);
    }
    if (mode->ttl && !context_.extended_types_enabled) {
        return fail(ErrorCode::unimplemented);
    }
    if (mode->ttl ? (ttl <= 0 || ttl > kMaxTtlMs) : ttl >= 0) {
        return fail(ErrorCode::bad_arguments);
    }
    // ZooKeeper lets createTTL with a non-TTL mode and ttl -1 through to the txn and then fails to
    // apply it; refusing it here is the only sane reading.
    if (opcode == op::create_ttl && !mode->ttl) {
        return fail(ErrorCode::bad_arguments);
    }
    if (!cuttable(path)) {
        return fail(ErrorCode::bad_arguments);
    }
    if (const ErrorCode err = fix_acl(acl, context_.auth); err != ErrorCode::ok) {
        return fail(err);
    }
    Record* parent = overlay_.find(parent_of(path));
    if (parent == nullptr) {
        return fail(ErrorCode::no_node);
    }
    if (!permits(*parent, proto::perm::create)) {
        return fail(ErrorCode::no_auth);
    }
    const std::string final_path =
        mode->sequential ? path + sequence_suffix(parent->cversion) : path;
    if (validate_path(final_path) != ErrorCode::ok) {
        return fail(ErrorCode::bad_arguments);
    }
    if (overlay_.find(final_path) != nullptr) {
        return fail(ErrorCode::node_exists);
    }
    if (is_session_ephemeral(*parent)) {
        return fail(ErrorCode::no_children_for_ephemerals);
    }
    if (const ErrorCode err = check_quota(final_path, size_of(data), 1); err != ErrorCode::ok) {
        return fail(err);
    }
    parent->cversion = next_version(parent->cversion);
    ++parent->child_count;

    int64_t owner = 0;
    if (opcode == op::create_container) {
        owner = kContainerOwner;
    } else if (opcode == op::create_ttl) {
        owner = kTtlOwnerMask | ttl;
    } else if (mode->ephemeral) {
        owner = context_.session_id;
    }
    // Later sub-ops see the node as the flags describe it, as in ZooKeeper's change record, even
    // where the txn ends up creating something else (flags 4 with opcode 1 makes a plain node).
    NodeKind kind = NodeKind::persistent;
    if (mode->container) {
        kind = NodeKind::container;
    } else if (mode->ttl) {
        kind = NodeKind::ttl;
    } else if (mode->ephemeral) {
        kind = NodeKind::ephemeral;
    }
    overlay_.put(final_path, Record{true, 0, 0, 0, kind, 0,
                                    std::make_shared<const std::vector<proto::Acl>>(acl),
                                    size_of(data), owner});
    return CreateTxn{final_path, std::move(data), std::move(acl), owner, parent->cversion, opcode};
}

SubTxn Preparer::remove(const std::string& path, int32_t version) {
    if (!cuttable(path) || is_special(path)) {
        return fail(ErrorCode::bad_arguments);
    }
    Record* parent = overlay_.find(parent_of(path));
    if (parent == nullptr) {
        return fail(ErrorCode::no_node);
    }
    if (!permits(*parent, proto::perm::remove)) {
        return fail(ErrorCode::no_auth);
    }
    Record* node = overlay_.find(path);
    if (node == nullptr) {
        return fail(ErrorCode::no_node);
    }
    if (!version_matches(version, node->version)) {
        return fail(ErrorCode::bad_version);
    }
    if (node->child_count > 0) {
        return fail(ErrorCode::not_empty);
    }
    --parent->child_count;
    node->exists = false;
    return DeleteTxn{path, op::remove};
}

SubTxn Preparer::remove_container(const std::string& path) {
    if (!cuttable(path) || is_special(path)) {
        return fail(ErrorCode::bad_arguments);
    }
    Record* node = overlay_.find(path);
    if (node == nullptr) {
        return fail(ErrorCode::no_node);
    }
    if (node->child_count > 0) {
        return fail(ErrorCode::not_empty);
    }
    // The container may have been replaced by an ephemeral since the server picked it.
    if (is_session_ephemeral(*node)) {
        return fail(ErrorCode::bad_version);
    }
    Record* parent = overlay_.find(parent_of(path));
    if (parent == nullptr) {
        return fail(ErrorCode::no_node);
    }
    --parent->child_count;
    node->exists = false;
    return DeleteTxn{path, op::delete_container};
}

SubTxn Preparer::set_data(proto::SetDataRequest request) {
    if (validate_path(request.path) != ErrorCode::ok) {
        return fail(ErrorCode::bad_arguments);
    }
    Record* node = overlay_.find(request.path);
    if (node == nullptr) {
        return fail(ErrorCode::no_node);
    }
    // /zookeeper/config is world:anyone READ, so only super (or skipACL) gets past this.
    if (!permits(*node, proto::perm::write)) {
        return fail(ErrorCode::no_auth);
    }
    // Against the data as earlier ops of a multi left it, like ZooKeeper's change record.
    const int64_t bytes_diff = size_of(request.data) - node->data_bytes;
    if (const ErrorCode err = check_quota(request.path, bytes_diff, 0); err != ErrorCode::ok) {
        return fail(err);
    }
    if (!version_matches(request.version, node->version)) {
        return fail(ErrorCode::bad_version);
    }
    node->version = next_version(node->version);
    node->data_bytes = size_of(request.data);
    return SetDataTxn{std::move(request.path), std::move(request.data), node->version};
}

Txn Preparer::set_acl(const proto::SetAclRequest& request) {
    if (validate_path(request.path) != ErrorCode::ok) {
        return ErrorTxn{ErrorCode::bad_arguments};
    }
    std::vector<proto::Acl> acl = request.acl;
    if (const ErrorCode err = fix_acl(acl, context_.auth); err != ErrorCode::ok) {
        return ErrorTxn{err};
    }
    Record* node = overlay_.find(request.path);
    if (node == nullptr) {
        return ErrorTxn{ErrorCode::no_node};
    }
    if (!permits(*node, proto::perm::admin)) {
        return ErrorTxn{ErrorCode::no_auth};
    }
    if (!version_matches(request.version, node->aversion)) {
        return ErrorTxn{ErrorCode::bad_version};
    }
    node->aversion = next_version(node->aversion);
    node->acl = std::make_shared<const std::vector<proto::Acl>>(acl);
    return SetAclTxn{request.path, std::move(acl), node->aversion};
}

SubTxn Preparer::check(const proto::CheckVersionRequest& request) {
    if (validate_path(request.path) != ErrorCode::ok) {
        return fail(ErrorCode::bad_arguments);
    }
    const Record* node = overlay_.find(request.path);
    if (node == nullptr) {
        return fail(ErrorCode::no_node);
    }
    if (!permits(*node, proto::perm::read)) {
        return fail(ErrorCode::no_auth);
    }
    if (!version_matches(request.version, node->version)) {
        return fail(ErrorCode::bad_version);
    }
    // ZooKeeper logs the version incremented, as if the check were a write.
    return CheckTxn{request.path, next_version(node->version)};
}

Txn Preparer::multi(proto::MultiRequest& request) {
    MultiTxn txn;
    txn.ops.reserve(request.ops.size());
    for (size_t i = 0; i < request.ops.size(); ++i) {
        SubTxn sub = prepare_op(request.ops[i].opcode, request.ops[i].body);
        if (const auto* error = std::get_if<ErrorTxn>(&sub)) {
            const ErrorCode failure = error->err;
            // ZooKeeper gets here by an unexpected exception (quota text it cannot parse, an op
            // that has no place in a multi), which fails the request as a whole.
            if (failure == ErrorCode::marshalling_error) {
                return ErrorTxn{failure};
            }
            txn.ops.clear();
            for (size_t k = 0; k < request.ops.size(); ++k) {
                const ErrorCode err = k < i    ? ErrorCode::ok
                                      : k == i ? failure
                                               : ErrorCode::runtime_inconsistency;
                txn.ops.emplace_back(ErrorTxn{err});
            }
            return txn;
        }
        txn.ops.push_back(std::move(sub));
    }
    return txn;
}

Txn Preparer::close_session(const PendingChanges* pending) {
    const std::vector<std::string> applied = tree_.ephemerals_of(context_.session_id);
    std::set<std::string> paths(applied.begin(), applied.end());
    if (pending != nullptr) {
        // Ephemerals created or deleted by txns in flight, as ZooKeeper's closeSession prep scans
        // its outstanding changes; a path re-created by another session is not this session's.
        for (const auto& [path, record] : pending->records()) {
            const bool owned = record.exists && record.kind == NodeKind::ephemeral &&
                               record.ephemeral_owner == context_.session_id;
            if (owned) {
                paths.insert(path);
            } else {
                paths.erase(path);
            }
        }
    }
    for (const std::string& path : paths) {
        if (Record* parent = overlay_.find(parent_of(path))) {
            --parent->child_count;
        }
        if (Record* node = overlay_.find(path)) {
            node->exists = false;
        }
    }
    return CloseSessionTxn{std::vector<std::string>(paths.begin(), paths.end())};
}

Txn to_txn(SubTxn sub) {
    return std::visit([](auto&& txn) -> Txn { return std::move(txn); }, std::move(sub));
}

// Whether a prepared txn changes the tree, so that its records must be kept.
bool changes_tree(const Txn& txn) {
    if (std::holds_alternative<ErrorTxn>(txn)) {
        return false;
    }
    if (const auto* multi = std::get_if<MultiTxn>(&txn)) {
        return multi->ops.empty() || !std::holds_alternative<ErrorTxn>(multi->ops.front());
    }
    return true;
}

Txn prepare_with(Preparer& preparer, const PendingChanges* pending, proto::Request& request) {
    const int32_t opcode = request.header.type;
    switch (opcode) {
    case op::create:
    case op::create2:
    case op::create_container:
    case op::create_ttl:
    case op::remove:
    case op::set_data:
        return to_txn(preparer.prepare_op(opcode, request.body));
    case op::delete_container:
        if (const auto* body = std::get_if<proto::PathRequest>(&request.body)) {
            return to_txn(preparer.remove_container(body->path));
        }
        return ErrorTxn{ErrorCode::marshalling_error};
    case op::set_acl:
        if (const auto* body = std::get_if<proto::SetAclRequest>(&request.body)) {
            return preparer.set_acl(*body);
        }
        return ErrorTxn{ErrorCode::marshalling_error};
    case op::multi:
        if (auto* body = std::get_if<proto::MultiRequest>(&request.body)) {
            return preparer.multi(*body);
        }
        return ErrorTxn{ErrorCode::marshalling_error};
    case op::close_session:
        return preparer.close_session(pending);
    default:
        return ErrorTxn{ErrorCode::unimplemented};
    }
}

} // namespace

Txn prepare(const DataTree& tree, proto::Request request, const PrepContext& context) {
    Preparer preparer(tree, nullptr, context);
    return prepare_with(preparer, nullptr, request);
}

Txn prepare(const DataTree& tree, PendingChanges& pending, int64_t zxid, proto::Request request,
            const PrepContext& context) {
    Preparer preparer(tree, &pending, context, pending.take_spare());
    Txn txn = prepare_with(preparer, &pending, request);
    if (changes_tree(txn)) {
        pending.record(zxid, preparer.take_records());
    } else {
        pending.recycle(preparer.take_records());
    }
    return txn;
}

} // namespace zs::tree
