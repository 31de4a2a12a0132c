#include "proto/records.h"

#include <type_traits>
#include <variant>

namespace zs::proto {

namespace {

// Terminates the op list of both multi requests and multi responses.
constexpr MultiHeader kMultiEnd{op::error, true, -1};

bool read_op_body(int32_t opcode, Reader& reader, MultiOpBody& body) {
    switch (opcode) {
    case op::create:
    case op::create2:
    case op::create_container:
        body = CreateRequest::read(reader);
        return true;
    case op::create_ttl:
        body = CreateTtlRequest::read(reader);
        return true;
    case op::remove:
        body = DeleteRequest::read(reader);
        return true;
    case op::set_data:
        body = SetDataRequest::read(reader);
        return true;
    case op::check:
        body = CheckVersionRequest::read(reader);
        return true;
    // multiRead's GetDataRequest and GetChildrenRequest share one layout.
    case op::get_data:
    case op::get_children:
        body = PathWatchRequest::read(reader);
        return true;
    default:
        return false;
    }
}

bool read_result_body(int32_t type, Reader& reader, MultiResult& result) {
    switch (type) {
    case op::error:
        // The code is repeated in the body; clients take it from there.
        result.err = ErrorResponse::read(reader).err;
        return true;
    case op::create:
        result.body = CreateResponse::read(reader);
        return true;
    case op::create2:
        result.body = Create2Response::read(reader);
        return true;
    case op::remove:
    case op::check:
        return true;
    case op::set_data:
        result.body = StatResponse::read(reader);
        return true;
    case op::get_data:
        result.body = GetDataResponse::read(reader);
        return true;
    case op::get_children:
        result.body = GetChildrenResponse::read(reader);
        return true;
    default:
        return false;
    }
}

} // namespace

void MultiHeader::write(Writer& writer) const {
    writer.write_int(type);
    writer.write_bool(done);
    writer.write_int(err);
}

MultiHeader MultiHeader::read(Reader& reader) {
    MultiHeader out;
    out.type = reader.read_int();
    out.done = reader.read_bool();
    out.err = reader.read_int();
    return out;
}

void MultiRequest::write(Writer& writer) const {
    for (const MultiOp& item : ops) {
        MultiHeader{item.opcode, false, -1}.write(writer);
        std::visit([&writer](const auto& body) { body.write(writer); }, item.body);
    }
    kMultiEnd.write(writer);
}

MultiRequest MultiRequest::read(Reader& reader) {
    // Every iteration consumes a 9-byte header or fails, so the input length bounds the op count.
    MultiRequest out;
    for (MultiHeader header = MultiHeader::read(reader); reader.ok() && !header.done;
         header = MultiHeader::read(reader)) {
        MultiOp item{header.type, {}};
        if (!read_op_body(header.type, reader, item.body)) {
            reader.fail();
            break;
        }
        if (reader.ok()) {
            out.ops.push_back(std::move(item));
        }
    }
    return out;
}

void MultiResponse::write(Writer& writer) const {
    for (const MultiResult& result : results) {
        MultiHeader{result.type, false, result.err}.write(writer);
        if (result.type == op::error) {
            ErrorResponse{result.err}.write(writer);
        } else {
            std::visit(
                [&writer](const auto& body) {
                    if constexpr (!std::is_same_v<std::decay_t<decltype(body)>, std::monostate>) {
                        body.write(writer);
                    }
                },
                result.body);
        }
    }
    kMultiEnd.write(writer);
}

MultiResponse MultiResponse::read(Reader& reader) {
    MultiResponse out;
    for (MultiHeader header = MultiHeader::read(reader); reader.ok() && !header.done;
         header = MultiHeader::read(reader)) {
        MultiResult result{header.type, header.err, {}};
        if (!read_result_body(header.type, reader, result)) {
            reader.fail();
            break;
        }
        if (reader.ok()) {
            out.results.push_back(std::move(result));
        }
    }
    return out;
}

} // namespace zs::proto
