#include "proto/records.h"

#include "proto/record_io.h"

namespace zs::proto {

using detail::read_required_string;
using detail::read_strings;
using detail::read_vector;
using detail::write_strings;
using detail::write_vector;

void Id::write(Writer& writer) const {
    writer.write_string(scheme);
    writer.write_string(id);
}

Id Id::read(Reader& reader) {
    Id out;
    out.scheme = read_required_string(reader);
    out.id = read_required_string(reader);
    return out;
}

void Acl::write(Writer& writer) const {
    writer.write_int(perms);
    id.write(writer);
}

Acl Acl::read(Reader& reader) {
    Acl out;
    out.perms = reader.read_int();
    out.id = Id::read(reader);
    return out;
}

void Stat::write(Writer& writer) const {
    writer.write_long(czxid);
    writer.write_long(mzxid);
    writer.write_long(ctime);
    writer.write_long(mtime);
    writer.write_int(version);
    writer.write_int(cversion);
    writer.write_int(aversion);
    writer.write_long(ephemeral_owner);
    writer.write_int(data_length);
    writer.write_int(num_children);
    writer.write_long(pzxid);
}

Stat Stat::read(Reader& reader) {
    Stat out;
    out.czxid = reader.read_long();
    out.mzxid = reader.read_long();
    out.ctime = reader.read_long();
    out.mtime = reader.read_long();
    out.version = reader.read_int();
    out.cversion = reader.read_int();
    out.aversion = reader.read_int();
    out.ephemeral_owner = reader.read_long();
    out.data_length = reader.read_int();
    out.num_children = reader.read_int();
    out.pzxid = reader.read_long();
    return out;
}

void ConnectRequest::write(Writer& writer) const {
    writer.write_int(protocol_version);
    writer.write_long(last_zxid_seen);
    writer.write_int(timeout_ms);
    writer.write_long(session_id);
    writer.write_buffer(passwd);
    if (has_read_only_field) {
        writer.write_bool(read_only);
    }
}

ConnectRequest ConnectRequest::read(Reader& reader) {
    ConnectRequest out;
    out.protocol_version = reader.read_int();
    out.last_zxid_seen = reader.read_long();
    out.timeout_ms = reader.read_int();
    out.session_id = reader.read_long();
    out.passwd = reader.read_buffer().value_or(std::string());
    // Only the end of the record tells an old client from a new one; ZooKeeper probes the same way.
    out.has_read_only_field = reader.ok() && !reader.at_end();
    out.read_only = out.has_read_only_field && reader.read_bool();
    return out;
}

void ConnectResponse::write(Writer& writer) const {
    writer.write_int(protocol_version);
    writer.write_int(timeout_ms);
    writer.write_long(session_id);
    writer.write_buffer(passwd);
    if (include_read_only) {
        writer.write_bool(read_only);
    }
}

ConnectResponse ConnectResponse::read(Reader& reader) {
    ConnectResponse out;
    out.protocol_version = reader.read_int();
    out.timeout_ms = reader.read_int();
    out.session_id = reader.read_long();
    out.passwd = reader.read_buffer().value_or(std::string());
    out.include_read_only = reader.ok() && !reader.at_end();
    out.read_only = out.include_read_only && reader.read_bool();
    return out;
}

void RequestHeader::write(Writer& writer) const {
    writer.write_int(xid);
    writer.write_int(type);
}

RequestHeader RequestHeader::read(Reader& reader) {
    RequestHeader out;
    out.xid = reader.read_int();
    out.type = reader.read_int();
    return out;
}

void ReplyHeader::write(Writer& writer) const {
    writer.write_int(xid);
    writer.write_long(zxid);
    writer.write_int(err);
}

ReplyHeader ReplyHeader::read(Reader& reader) {
    ReplyHeader out;
    out.xid = reader.read_int();
    out.zxid = reader.read_long();
    out.err = reader.read_int();
    return out;
}

void CreateRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_buffer(data);
    write_vector(writer, acl);
    writer.write_int(flags);
}

CreateRequest CreateRequest::read(Reader& reader) {
    CreateRequest out;
    out.path = read_required_string(reader);
    out.data = reader.read_buffer();
    out.acl = read_vector<Acl>(reader);
    out.flags = reader.read_int();
    return out;
}

void CreateTtlRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_buffer(data);
    write_vector(writer, acl);
    writer.write_int(flags);
    writer.write_long(ttl);
}

CreateTtlRequest CreateTtlRequest::read(Reader& reader) {
    CreateTtlRequest out;
    out.path = read_required_string(reader);
    out.data = reader.read_buffer();
    out.acl = read_vector<Acl>(reader);
    out.flags = reader.read_int();
    out.ttl = reader.read_long();
    return out;
}

void DeleteRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_int(version);
}

DeleteRequest DeleteRequest::read(Reader& reader) {
    DeleteRequest out;
    out.path = read_required_string(reader);
    out.version = reader.read_int();
    return out;
}

void PathWatchRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_bool(watch);
}

PathWatchRequest PathWatchRequest::read(Reader& reader) {
    PathWatchRequest out;
    out.path = read_required_string(reader);
    out.watch = reader.read_bool();
    return out;
}

void SetDataRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_buffer(data);
    writer.write_int(version);
}

SetDataRequest SetDataRequest::read(Reader& reader) {
    SetDataRequest out;
    out.path = read_required_string(reader);
    out.data = reader.read_buffer();
    out.version = reader.read_int();
    return out;
}

void PathRequest::write(Writer& writer) const {
    writer.write_string(path);
}

PathRequest PathRequest::read(Reader& reader) {
    return PathRequest{read_required_string(reader)};
}

void SetAclRequest::write(Writer& writer) const {
    writer.write_string(path);
    write_vector(writer, acl);
    writer.write_int(version);
}

SetAclRequest SetAclRequest::read(Reader& reader) {
    SetAclRequest out;
    out.path = read_required_string(reader);
    out.acl = read_vector<Acl>(reader);
    out.version = reader.read_int();
    return out;
}

void CheckVersionRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_int(version);
}

CheckVersionRequest CheckVersionRequest::read(Reader& reader) {
    CheckVersionRequest out;
    out.path = read_required_string(reader);
    out.version = reader.read_int();
    return out;
}

void WatchTypeRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_int(type);
}

WatchTypeRequest WatchTypeRequest::read(Reader& reader) {
    WatchTypeRequest out;
    out.path = read_required_string(reader);
    out.type = reader.read_int();
    return out;
}

void AuthPacket::write(Writer& writer) const {
    writer.write_int(type);
    writer.write_string(scheme);
    writer.write_buffer(auth);
}

AuthPacket AuthPacket::read(Reader& reader) {
    AuthPacket out;
    out.type = reader.read_int();
    out.scheme = read_required_string(reader);
    out.auth = reader.read_buffer();
    return out;
}

void SetWatches::write(Writer& writer) const {
    writer.write_long(relative_zxid);
    write_strings(writer, data_watches);
    write_strings(writer, exist_watches);
    write_strings(writer, child_watches);
}

SetWatches SetWatches::read(Reader& reader) {
    SetWatches out;
    out.relative_zxid = reader.read_long();
    out.data_watches = read_strings(reader);
    out.exist_watches = read_strings(reader);
    out.child_watches = read_strings(reader);
    return out;
}

void SetWatches2::write(Writer& writer) const {
    writer.write_long(relative_zxid);
    write_strings(writer, data_watches);
    write_strings(writer, exist_watches);
    write_strings(writer, child_watches);
    write_strings(writer, persistent_watches);
    write_strings(writer, persistent_recursive_watches);
}

SetWatches2 SetWatches2::read(Reader& reader) {
    SetWatches2 out;
    out.relative_zxid = reader.read_long();
    out.data_watches = read_strings(reader);
    out.exist_watches = read_strings(reader);
    out.child_watches = read_strings(reader);
    out.persistent_watches = read_strings(reader);
    out.persistent_recursive_watches = read_strings(reader);
    return out;
}

void AddWatchRequest::write(Writer& writer) const {
    writer.write_string(path);
    writer.write_int(mode);
}

AddWatchRequest AddWatchRequest::read(Reader& reader) {
    AddWatchRequest out;
    out.path = read_required_string(reader);
    out.mode = reader.read_int();
    return out;
}

void ReconfigRequest::write(Writer& writer) const {
    writer.write_string(joining_servers);
    writer.write_string(leaving_servers);
    writer.write_string(new_members);
    writer.write_long(cur_config_id);
}

ReconfigRequest ReconfigRequest::read(Reader& reader) {
    ReconfigRequest out;
    out.joining_servers = reader.read_string();
    out.leaving_servers = reader.read_string();
    out.new_members = reader.read_string();
    out.cur_config_id = reader.read_long();
    return out;
}

void SaslRequest::write(Writer& writer) const {
    writer.write_buffer(token);
}

SaslRequest SaslRequest::read(Reader& reader) {
    return SaslRequest{reader.read_buffer()};
}

} // namespace zs::proto
