#include "server/forwarded_write.h"

#include "proto/jute.h"
#include "storage/txn_codec.h"

namespace zs::server {

namespace {

enum class Kind : uint8_t { request = 0, txn = 1 };

} // namespace

std::string encode_forwarded_write(const ForwardedWrite& write) {
    proto::Writer writer;
    writer.write_long(write.session_id);
    writer.write_int(write.cxid);
    writer.write_long(write.time_ms);
    writer.write_string(write.auth.remote_ip);
    writer.write_vector_size(static_cast<int32_t>(write.auth.ids.size()));
    for (const proto::Id& id : write.auth.ids) {
        id.write(writer);
    }
    if (const auto* request = std::get_if<proto::Request>(&write.write)) {
        writer.write_byte(static_cast<uint8_t>(Kind::request));
        proto::Writer body;
        request->header.write(body);
        std::visit([&body](const auto& fields) { fields.write(body); }, request->body);
        writer.write_buffer(body.take());
    } else {
        writer.write_byte(static_cast<uint8_t>(Kind::txn));
        const tree::TxnHeader header{write.session_id, write.cxid, 0, write.time_ms};
        writer.write_buffer(
            storage::encode_entry(storage::LogEntry{header, std::get<tree::Txn>(write.write)}));
    }
    return writer.take();
}

std::optional<ForwardedWrite> decode_forwarded_write(std::string_view bytes) {
    proto::Reader reader(bytes);
    ForwardedWrite write;
    write.session_id = reader.read_long();
    write.cxid = reader.read_int();
    write.time_ms = reader.read_long();
    write.auth.remote_ip = reader.read_string().value_or("");
    const int32_t ids = reader.read_vector_size();
    for (int32_t i = 0; i < ids && reader.ok(); ++i) {
        write.auth.ids.push_back(proto::Id::read(reader));
    }
    const uint8_t kind = reader.read_byte();
    const std::optional<std::string> body = reader.read_buffer();
    if (!reader.ok() || !reader.at_end() || !body) {
        return std::nullopt;
    }
    if (kind == static_cast<uint8_t>(Kind::request)) {
        proto::DecodeResult decoded = proto::decode_request(*body);
        if (decoded.status != proto::DecodeStatus::ok) {
            return std::nullopt;
        }
        write.write = std::move(decoded.request);
        return write;
    }
    if (kind != static_cast<uint8_t>(Kind::txn)) {
        return std::nullopt;
    }
    std::optional<storage::LogEntry> entry = storage::decode_entry(*body);
    if (!entry) {
        return std::nullopt;
    }
    write.write = std::move(entry->txn);
    return write;
}

} // namespace zs::server
