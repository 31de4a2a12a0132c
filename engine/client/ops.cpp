// Encoding a client's operations for the wire, and the checks the Java client makes before it
// sends them.
#include "client/ops.h"

#include "tree/path.h"
#include "tree/txn.h"

namespace zs::client::ops {
namespace {

using proto::ErrorCode;

bool is_sequential(proto::CreateMode mode) {
    return mode == proto::CreateMode::persistent_sequential ||
           mode == proto::CreateMode::ephemeral_sequential ||
           mode == proto::CreateMode::persistent_sequential_with_ttl;
}

bool is_ttl(proto::CreateMode mode) {
    return mode == proto::CreateMode::persistent_with_ttl ||
           mode == proto::CreateMode::persistent_sequential_with_ttl;
}

} // namespace

bool valid_path(std::string_view path) {
    return tree::validate_path(path) == ErrorCode::ok;
}

// The Java client's checks before a create is sent: PathUtils.validatePath with the sequential
// flag (a sequential path may end in '/') and EphemeralType.validateTTL.
bool valid_create(const CreateOp& op) {
    if (tree::validate_path(op.path, is_sequential(op.options.mode)) != ErrorCode::ok) {
        return false;
    }
    if (is_ttl(op.options.mode)) {
        return op.options.ttl_ms > 0 && op.options.ttl_ms <= tree::kMaxTtlMs;
    }
    return op.options.ttl_ms < 0;
}

// Whether `op` may go into a multi (writes) or a multiRead (reads), with valid paths.
bool valid_op(const Op& op, bool read_only) {
    if (const auto* create = std::get_if<CreateOp>(&op)) {
        return !read_only && valid_create(*create);
    }
    if (const auto* remove = std::get_if<RemoveOp>(&op)) {
        return !read_only && valid_path(remove->path);
    }
    if (const auto* set = std::get_if<SetDataOp>(&op)) {
        return !read_only && valid_path(set->path);
    }
    if (const auto* check = std::get_if<CheckOp>(&op)) {
        return !read_only && valid_path(check->path);
    }
    if (const auto* get = std::get_if<GetDataOp>(&op)) {
        return read_only && valid_path(get->path);
    }
    return read_only && valid_path(std::get<GetChildrenOp>(op).path);
}

int32_t create_opcode(const CreateOptions& options) {
    switch (options.mode) {
    case proto::CreateMode::container:
        return proto::op::create_container;
    case proto::CreateMode::persistent_with_ttl:
    case proto::CreateMode::persistent_sequential_with_ttl:
        return proto::op::create_ttl;
    default:
        return proto::op::create2;
    }
}

proto::MultiOpBody create_body(const Chroot& chroot, const CreateOp& op) {
    if (create_opcode(op.options) == proto::op::create_ttl) {
        return proto::CreateTtlRequest{chroot.to_server(op.path), op.data, op.options.acl,
                                       int32_t(op.options.mode), op.options.ttl_ms};
    }
    return proto::CreateRequest{chroot.to_server(op.path), op.data, op.options.acl,
                                int32_t(op.options.mode)};
}

proto::MultiOp multi_op(const Chroot& chroot, const Op& op) {
    if (const auto* create = std::get_if<CreateOp>(&op)) {
        // As the Java client's Op.create: a plain create is opcode create in a multi (servers
        // answer it with the path only); containers and TTL nodes keep their own opcodes.
        const int32_t opcode = create_opcode(create->options);
        return {opcode == proto::op::create2 ? proto::op::create : opcode,
                create_body(chroot, *create)};
    }
    if (const auto* remove = std::get_if<RemoveOp>(&op)) {
        return {proto::op::remove,
                proto::DeleteRequest{chroot.to_server(remove->path), remove->version}};
    }
    if (const auto* set = std::get_if<SetDataOp>(&op)) {
        return {proto::op::set_data,
                proto::SetDataRequest{chroot.to_server(set->path), set->data, set->version}};
    }
    if (const auto* check = std::get_if<CheckOp>(&op)) {
        return {proto::op::check,
                proto::CheckVersionRequest{chroot.to_server(check->path), check->version}};
    }
    if (const auto* get = std::get_if<GetDataOp>(&op)) {
        return {proto::op::get_data, proto::PathWatchRequest{chroot.to_server(get->path), false}};
    }
    const auto& children = std::get<GetChildrenOp>(op);
    return {proto::op::get_children,
            proto::PathWatchRequest{chroot.to_server(children.path), false}};
}

OpResult op_result(const Chroot& chroot, const proto::MultiResult& result) {
    OpResult out;
    if (result.type == proto::op::error) {
        out.err = ErrorCode(result.err);
        return out;
    }
    if (const auto* created = std::get_if<proto::Create2Response>(&result.body)) {
        out.value = CreateResult{chroot.to_client(created->path), created->stat};
    } else if (const auto* plain = std::get_if<proto::CreateResponse>(&result.body)) {
        out.value = CreateResult{chroot.to_client(plain->path), {}};
    } else if (const auto* stat = std::get_if<proto::StatResponse>(&result.body)) {
        out.value = stat->stat;
    } else if (const auto* data = std::get_if<proto::GetDataResponse>(&result.body)) {
        out.value = DataResult{data->data, data->stat};
    } else if (const auto* children = std::get_if<proto::GetChildrenResponse>(&result.body)) {
        out.value = ChildrenResult{children->children, {}};
    }
    return out;
}

} // namespace zs::client::ops
