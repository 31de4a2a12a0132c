#pragma once

#include "proto/constants.h"
#include "proto/jute.h"
#include "proto/records.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <variant>

namespace zs::proto {

using RequestBody =
    std::variant<EmptyRequest, CreateRequest, CreateTtlRequest, DeleteRequest, PathWatchRequest,
                 SetDataRequest, PathRequest, SetAclRequest, CheckVersionRequest, MultiRequest,
                 ReconfigRequest, WatchTypeRequest, AuthPacket, SetWatches, SetWatches2,
                 SaslRequest, AddWatchRequest>;

// One client request after the handshake; header.type says how to read the body.
struct Request {
    RequestHeader header;
    RequestBody body;
};

// How a server answers each, as ZooKeeper does: unknown_opcode with UNIMPLEMENTED and then a closed
// connection; malformed with MARSHALLINGERROR, or a closed connection when even the header is
// missing.
enum class DecodeStatus { ok, malformed, unknown_opcode };

// The decoded request; `request.header` is filled whenever the payload had 8 bytes.
struct DecodeResult {
    DecodeStatus status = DecodeStatus::malformed;
    Request request;
};

// Decodes one frame payload (without its length prefix). Bytes after a well-formed body are
// ignored, as ZooKeeper ignores them.
DecodeResult decode_request(std::string_view payload,
                            int32_t max_field_bytes = kDefaultMaxBufferBytes);

// A complete reply frame: length prefix, header, body.
template <class Body> std::string encode_frame(const ReplyHeader& header, const Body& body) {
    Writer writer;
    // Most replies (a Stat, a znode's data) fit: one allocation instead of growing step by step.
    writer.reserve(256);
    writer.begin_frame();
    header.write(writer);
    body.write(writer);
    writer.end_frame();
    return writer.take();
}

// A reply frame without body: errors, and the ops that answer with the header alone.
std::string encode_frame(const ReplyHeader& header);

} // namespace zs::proto
