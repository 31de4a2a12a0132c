#pragma once

// Encoding a client's operations for the wire, and the checks the Java client makes before it
// sends them (PathUtils.validatePath, EphemeralType.validateTTL, no reads in a multi).
#include "client/client.h"
#include "client/connect_string.h"

#include <string_view>

namespace zs::client::ops {

// Whether `path` is a valid znode path.
bool valid_path(std::string_view path);
// Whether a create may be sent: its path (a sequential one may end in '/') and its TTL (in
// 1..2^40-1 for the TTL modes, unset otherwise).
bool valid_create(const CreateOp& op);
// Whether `op` may go into a multi (writes) or a multiRead (reads), with valid paths.
bool valid_op(const Op& op, bool read_only);

// create2, createContainer or createTTL, as the mode asks.
int32_t create_opcode(const CreateOptions& options);
proto::MultiOpBody create_body(const Chroot& chroot, const CreateOp& op);
proto::MultiOp multi_op(const Chroot& chroot, const Op& op);
OpResult op_result(const Chroot& chroot, const proto::MultiResult& result);

} // namespace zs::client::ops
