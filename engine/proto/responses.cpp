#include "proto/record_io.h"
#include "proto/records.h"

namespace zs::proto {

using detail::read_required_string;
using detail::read_strings;
using detail::read_vector;
using detail::write_strings;
using detail::write_vector;

void CreateResponse::write(Writer& writer) const {
    writer.write_string(path);
}

CreateResponse CreateResponse::read(Reader& reader) {
    return CreateResponse{read_required_string(reader)};
}

void Create2Response::write(Writer& writer) const {
    writer.write_string(path);
    stat.write(writer);
}

Create2Response Create2Response::read(Reader& reader) {
    Create2Response out;
    out.path = read_required_string(reader);
    out.stat = Stat::read(reader);
    return out;
}

void StatResponse::write(Writer& writer) const {
    stat.write(writer);
}

StatResponse StatResponse::read(Reader& reader) {
    return StatResponse{Stat::read(reader)};
}

void GetDataResponse::write(Writer& writer) const {
    writer.write_buffer(data);
    stat.write(writer);
}

GetDataResponse GetDataResponse::read(Reader& reader) {
    GetDataResponse out;
    out.data = reader.read_buffer();
    out.stat = Stat::read(reader);
    return out;
}

void GetAclResponse::write(Writer& writer) const {
    write_vector(writer, acl);
    stat.write(writer);
}

GetAclResponse GetAclResponse::read(Reader& reader) {
    GetAclResponse out;
    out.acl = read_vector<Acl>(reader);
    out.stat = Stat::read(reader);
    return out;
}

void GetChildrenResponse::write(Writer& writer) const {
    write_strings(writer, children);
}

GetChildrenResponse GetChildrenResponse::read(Reader& reader) {
    return GetChildrenResponse{read_strings(reader)};
}

void GetChildren2Response::write(Writer& writer) const {
    write_strings(writer, children);
    stat.write(writer);
}

GetChildren2Response GetChildren2Response::read(Reader& reader) {
    GetChildren2Response out;
    out.children = read_strings(reader);
    out.stat = Stat::read(reader);
    return out;
}

void SyncResponse::write(Writer& writer) const {
    writer.write_string(path);
}

SyncResponse SyncResponse::read(Reader& reader) {
    return SyncResponse{read_required_string(reader)};
}

void GetEphemeralsResponse::write(Writer& writer) const {
    write_strings(writer, ephemerals);
}

GetEphemeralsResponse GetEphemeralsResponse::read(Reader& reader) {
    return GetEphemeralsResponse{read_strings(reader)};
}

void GetAllChildrenNumberResponse::write(Writer& writer) const {
    writer.write_int(total);
}

GetAllChildrenNumberResponse GetAllChildrenNumberResponse::read(Reader& reader) {
    return GetAllChildrenNumberResponse{reader.read_int()};
}

void SaslResponse::write(Writer& writer) const {
    writer.write_buffer(token);
}

SaslResponse SaslResponse::read(Reader& reader) {
    return SaslResponse{reader.read_buffer()};
}

void ClientInfo::write(Writer& writer) const {
    writer.write_string(auth_scheme);
    writer.write_string(user);
}

ClientInfo ClientInfo::read(Reader& reader) {
    ClientInfo out;
    out.auth_scheme = read_required_string(reader);
    out.user = read_required_string(reader);
    return out;
}

void WhoAmIResponse::write(Writer& writer) const {
    write_vector(writer, client_info);
}

WhoAmIResponse WhoAmIResponse::read(Reader& reader) {
    return WhoAmIResponse{read_vector<ClientInfo>(reader)};
}

void ErrorResponse::write(Writer& writer) const {
    writer.write_int(err);
}

ErrorResponse ErrorResponse::read(Reader& reader) {
    return ErrorResponse{reader.read_int()};
}

void WatcherEvent::write(Writer& writer) const {
    writer.write_int(type);
    writer.write_int(state);
    writer.write_string(path);
}

WatcherEvent WatcherEvent::read(Reader& reader) {
    WatcherEvent out;
    out.type = reader.read_int();
    out.state = reader.read_int();
    out.path = read_required_string(reader);
    return out;
}

} // namespace zs::proto
