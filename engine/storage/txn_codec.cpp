#include "storage/txn_codec.h"

#include "proto/jute.h"

#include <cstring>
#include <limits>

namespace zs::storage {
namespace {

using proto::Reader;
using proto::Writer;

// Stored tags: never renumber them, old logs must stay readable.
enum class Tag : uint8_t {
    create = 1,
    remove = 2,
    set_data = 3,
    set_acl = 4,
    check = 5,
    error = 6,
    create_session = 7,
    close_session = 8,
    multi = 9,
    reconfig = 10,
};

void write_acl(Writer& writer, const std::vector<proto::Acl>& acl) {
    writer.write_vector_size(int32_t(acl.size()));
    for (const proto::Acl& entry : acl) {
        entry.write(writer);
    }
}

std::vector<proto::Acl> read_acl(Reader& reader) {
    std::vector<proto::Acl> acl(size_t(reader.read_vector_size()));
    for (proto::Acl& entry : acl) {
        entry = proto::Acl::read(reader);
    }
    return acl;
}

// A path is never null; a null one marks the input as malformed.
std::string read_path(Reader& reader) {
    std::optional<std::string> path = reader.read_string();
    if (!path) {
        reader.fail();
        return {};
    }
    return std::move(*path);
}

void write_body(Writer& writer, const tree::CreateTxn& txn) {
    writer.write_byte(uint8_t(Tag::create));
    writer.write_string(txn.path);
    writer.write_buffer(txn.data);
    write_acl(writer, txn.acl);
    writer.write_long(txn.ephemeral_owner);
    writer.write_int(txn.parent_cversion);
    writer.write_int(txn.opcode);
}

void write_body(Writer& writer, const tree::DeleteTxn& txn) {
    writer.write_byte(uint8_t(Tag::remove));
    writer.write_string(txn.path);
    writer.write_int(txn.opcode);
}

void write_body(Writer& writer, const tree::SetDataTxn& txn) {
    writer.write_byte(uint8_t(Tag::set_data));
    writer.write_string(txn.path);
    writer.write_buffer(txn.data);
    writer.write_int(txn.version);
}

void write_body(Writer& writer, const tree::SetAclTxn& txn) {
    writer.write_byte(uint8_t(Tag::set_acl));
    writer.write_string(txn.path);
    write_acl(writer, txn.acl);
    writer.write_int(txn.version);
}

void write_body(Writer& writer, const tree::CheckTxn& txn) {
    writer.write_byte(uint8_t(Tag::check));
    writer.write_string(txn.path);
    writer.write_int(txn.version);
}

void write_body(Writer& writer, const tree::ErrorTxn& txn) {
    writer.write_byte(uint8_t(Tag::error));
    writer.write_int(int32_t(txn.err));
}

void write_body(Writer& writer, const tree::CreateSessionTxn& txn) {
    writer.write_byte(uint8_t(Tag::create_session));
    writer.write_int(txn.timeout_ms);
    writer.write_buffer(
        std::string_view(reinterpret_cast<const char*>(txn.password.data()), txn.password.size()));
}

void write_body(Writer& writer, const tree::CloseSessionTxn& txn) {
    writer.write_byte(uint8_t(Tag::close_session));
    writer.write_vector_size(int32_t(txn.paths_to_delete.size()));
    for (const std::string& path : txn.paths_to_delete) {
        writer.write_string(path);
    }
}

void write_body(Writer& writer, const tree::MultiTxn& txn) {
    writer.write_byte(uint8_t(Tag::multi));
    writer.write_vector_size(int32_t(txn.ops.size()));
    for (const tree::SubTxn& op : txn.ops) {
        std::visit([&](const auto& sub) { write_body(writer, sub); }, op);
    }
}

void write_body(Writer& writer, const tree::ReconfigTxn& txn) {
    writer.write_byte(uint8_t(Tag::reconfig));
    writer.write_string(txn.data);
}

std::optional<tree::SubTxn> read_sub(Reader& reader, Tag tag) {
    switch (tag) {
    case Tag::create: {
        tree::CreateTxn txn;
        txn.path = read_path(reader);
        txn.data = reader.read_buffer();
        txn.acl = read_acl(reader);
        txn.ephemeral_owner = reader.read_long();
        txn.parent_cversion = reader.read_int();
        txn.opcode = reader.read_int();
        const int32_t op = txn.opcode;
        if (op != proto::op::create && op != proto::op::create2 &&
            op != proto::op::create_container && op != proto::op::create_ttl) {
            return std::nullopt;
        }
        return txn;
    }
    case Tag::remove: {
        tree::DeleteTxn txn;
        txn.path = read_path(reader);
        txn.opcode = reader.read_int();
        if (txn.opcode != proto::op::remove && txn.opcode != proto::op::delete_container) {
            return std::nullopt;
        }
        return txn;
    }
    case Tag::set_data: {
        tree::SetDataTxn txn;
        txn.path = read_path(reader);
        txn.data = reader.read_buffer();
        txn.version = reader.read_int();
        return txn;
    }
    case Tag::check: {
        tree::CheckTxn txn;
        txn.path = read_path(reader);
        txn.version = reader.read_int();
        return txn;
    }
    case Tag::error:
        return tree::ErrorTxn{proto::ErrorCode(reader.read_int())};
    default:
        return std::nullopt;
    }
}

std::optional<tree::Txn> read_txn(Reader& reader) {
    const Tag tag = Tag(reader.read_byte());
    switch (tag) {
    case Tag::set_acl: {
        tree::SetAclTxn txn;
        txn.path = read_path(reader);
        txn.acl = read_acl(reader);
        txn.version = reader.read_int();
        return txn;
    }
    case Tag::create_session: {
        tree::CreateSessionTxn txn;
        txn.timeout_ms = reader.read_int();
        const std::optional<std::string> password = reader.read_buffer();
        if (!password || password->size() != txn.password.size()) {
            reader.fail();
            return txn;
        }
        std::memcpy(txn.password.data(), password->data(), txn.password.size());
        return txn;
    }
    case Tag::close_session: {
        tree::CloseSessionTxn txn;
        txn.paths_to_delete.resize(size_t(reader.read_vector_size()));
        for (std::string& path : txn.paths_to_delete) {
            path = read_path(reader);
        }
        return txn;
    }
    case Tag::reconfig:
        return tree::ReconfigTxn{read_path(reader)}; // text, never null, as a path
    case Tag::multi: {
        tree::MultiTxn txn;
        const int32_t count = reader.read_vector_size();
        txn.ops.reserve(size_t(count));
        for (int32_t i = 0; i < count && reader.ok(); ++i) {
            std::optional<tree::SubTxn> op = read_sub(reader, Tag(reader.read_byte()));
            if (!op) {
                return std::nullopt;
            }
            txn.ops.push_back(std::move(*op));
        }
        return txn;
    }
    default: {
        std::optional<tree::SubTxn> sub = read_sub(reader, tag);
        if (!sub) {
            return std::nullopt;
        }
        return std::visit([](auto&& op) { return tree::Txn(std::move(op)); }, std::move(*sub));
    }
    }
}

void write_entry(Writer& writer, const LogEntry& entry) {
    writer.write_long(entry.header.session_id);
    writer.write_int(entry.header.cxid);
    writer.write_long(entry.header.zxid);
    writer.write_long(entry.header.time_ms);
    std::visit([&](const auto& txn) { write_body(writer, txn); }, entry.txn);
}

std::optional<LogEntry> read_entry(std::string_view bytes) {
    // Lengths are bounded by the input itself; a logged znode may exceed jute.maxbuffer's
    // default when the server was configured with a larger one.
    Reader reader(bytes, std::numeric_limits<int32_t>::max());
    LogEntry entry;
    entry.header.session_id = reader.read_long();
    entry.header.cxid = reader.read_int();
    entry.header.zxid = reader.read_long();
    entry.header.time_ms = reader.read_long();
    std::optional<tree::Txn> txn = read_txn(reader);
    if (!txn || !reader.ok() || !reader.at_end()) {
        return std::nullopt;
    }
    entry.txn = std::move(*txn);
    return entry;
}

// The header's session id, cxid, zxid and time come before the tag.
constexpr size_t kHeaderBytes = 8 + 4 + 8 + 8;

} // namespace

std::string encode_entry(const LogEntry& entry) {
    Writer writer;
    write_entry(writer, entry);
    return writer.take();
}

bool is_reconfig_entry(std::string_view bytes) {
    return bytes.size() > kHeaderBytes && uint8_t(bytes[kHeaderBytes]) == uint8_t(Tag::reconfig);
}

std::optional<LogEntry> decode_entry(std::string_view bytes) {
    return read_entry(bytes);
}

void append_framed_entry(Writer& writer, const LogEntry& entry) {
    writer.begin_frame();
    write_entry(writer, entry);
    writer.end_frame();
}

std::optional<std::vector<LogEntry>> decode_framed_entries(std::string_view bytes) {
    std::vector<LogEntry> entries;
    Reader reader(bytes, std::numeric_limits<int32_t>::max());
    while (reader.ok() && !reader.at_end()) {
        // A frame has the layout of a jute buffer: int32 length, then the bytes.
        std::optional<std::string> frame = reader.read_buffer();
        std::optional<LogEntry> entry = frame ? read_entry(*frame) : std::nullopt;
        if (!entry || (!entries.empty() && entry->header.zxid <= entries.back().header.zxid)) {
            return std::nullopt;
        }
        entries.push_back(std::move(*entry));
    }
    if (!reader.ok()) {
        return std::nullopt;
    }
    return entries;
}

} // namespace zs::storage
