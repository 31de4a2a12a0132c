#include "proto/request.h"

#include <algorithm>
#include <optional>

namespace zs::proto {

namespace {

constexpr size_t kRequestHeaderBytes = 8;

// The body record of each opcode a client may send; nullopt for any other opcode. check (13) is
// only meaningful inside multi and deleteContainer (20) is issued by the server itself, so a
// client sending either gets UNIMPLEMENTED, as from ZooKeeper.
std::optional<RequestBody> read_body(int32_t opcode, Reader& reader) {
    switch (opcode) {
    case op::ping:
    case op::close_session:
    case op::who_am_i:
        return EmptyRequest{};
    case op::create:
    case op::create2:
    case op::create_container:
        return CreateRequest::read(reader);
    case op::create_ttl:
        return CreateTtlRequest::read(reader);
    case op::remove:
        return DeleteRequest::read(reader);
    case op::exists:
    case op::get_data:
    case op::get_children:
    case op::get_children2:
        return PathWatchRequest::read(reader);
    case op::set_data:
        return SetDataRequest::read(reader);
    case op::get_acl:
    case op::sync:
    case op::delete_container:
    case op::get_ephemerals:
    case op::get_all_children_number:
        return PathRequest::read(reader);
    case op::set_acl:
        return SetAclRequest::read(reader);
    case op::multi:
    case op::multi_read:
        return MultiRequest::read(reader);
    case op::reconfig:
        return ReconfigRequest::read(reader);
    case op::check_watches:
    case op::remove_watches:
        return WatchTypeRequest::read(reader);
    case op::auth:
        return AuthPacket::read(reader);
    case op::set_watches:
        return SetWatches::read(reader);
    case op::set_watches2:
        return SetWatches2::read(reader);
    case op::sasl:
        return SaslRequest::read(reader);
    case op::add_watch:
        return AddWatchRequest::read(reader);
    default:
        return std::nullopt;
    }
}

bool is_write_op(int32_t opcode) {
    switch (opcode) {
    case op::create:
    case op::create2:
    case op::create_container:
    case op::create_ttl:
    case op::remove:
    case op::set_data:
    case op::check:
        return true;
    default:
        return false;
    }
}

bool is_read_op(int32_t opcode) {
    return opcode == op::get_data || opcode == op::get_children;
}

// A multi holds only write ops and a multiRead only reads; ZooKeeper rejects anything else.
bool multi_ops_allowed(int32_t opcode, const MultiRequest& multi) {
    const auto allowed = opcode == op::multi ? is_write_op : is_read_op;
    return std::all_of(multi.ops.begin(), multi.ops.end(),
                       [allowed](const MultiOp& item) { return allowed(item.opcode); });
}

} // namespace

DecodeResult decode_request(std::string_view payload, int32_t max_field_bytes) {
    DecodeResult result;
    if (payload.size() < kRequestHeaderBytes) {
        return result;
    }
    Reader reader(payload, max_field_bytes);
    result.request.header = RequestHeader::read(reader);
    const int32_t opcode = result.request.header.type;
    std::optional<RequestBody> body = read_body(opcode, reader);
    if (!body) {
        result.status = DecodeStatus::unknown_opcode;
        return result;
    }
    if (!reader.ok()) {
        return result;
    }
    if (const auto* multi = std::get_if<MultiRequest>(&*body);
        multi && !multi_ops_allowed(opcode, *multi)) {
        return result;
    }
    result.request.body = std::move(*body);
    result.status = DecodeStatus::ok;
    return result;
}

std::string encode_frame(const ReplyHeader& header) {
    Writer writer;
    writer.begin_frame();
    header.write(writer);
    writer.end_frame();
    return writer.take();
}

} // namespace zs::proto
