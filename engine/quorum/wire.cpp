#include "quorum/wire.h"

#include "proto/jute.h"

#include <limits>
#include <type_traits>

namespace zs::quorum {

namespace {

using namespace zab;

// Tags: the index of the message in zab::Body, so that a new message gets the next one.
template <class T, std::size_t I = 0> constexpr uint8_t tag_of() {
    if constexpr (std::is_same_v<std::variant_alternative_t<I, Body>, T>) {
        return static_cast<uint8_t>(I);
    } else {
        return tag_of<T, I + 1>();
    }
}

void write_payload(proto::Writer& writer, const Payload& payload) {
    if (payload) {
        writer.write_buffer(std::string_view(*payload));
    } else {
        writer.write_buffer(std::optional<std::string>());
    }
}

// A payload that must be present.
Payload read_payload(proto::Reader& reader) {
    std::optional<std::string> bytes = reader.read_buffer();
    if (!bytes) {
        reader.fail();
        return nullptr;
    }
    return std::make_shared<const std::string>(std::move(*bytes));
}

void write_entry(proto::Writer& writer, const Entry& entry) {
    writer.write_long(entry.zxid);
    write_payload(writer, entry.txn);
}

Entry read_entry(proto::Reader& reader) {
    Entry entry;
    entry.zxid = reader.read_long();
    entry.txn = read_payload(reader);
    return entry;
}

ServerState read_state(proto::Reader& reader) {
    const uint8_t value = reader.read_byte();
    if (value > static_cast<uint8_t>(ServerState::observing)) {
        reader.fail();
        return ServerState::looking;
    }
    return static_cast<ServerState>(value);
}

LearnerType read_learner_type(proto::Reader& reader) {
    const uint8_t value = reader.read_byte();
    if (value > static_cast<uint8_t>(LearnerType::observer)) {
        reader.fail();
        return LearnerType::participant;
    }
    return static_cast<LearnerType>(value);
}

void write_fields(proto::Writer& w, const Notification& m) {
    w.write_long(m.vote.leader);
    w.write_long(m.vote.zxid);
    w.write_long(m.vote.election_epoch);
    w.write_long(m.vote.peer_epoch);
    w.write_byte(static_cast<uint8_t>(m.state));
    write_entry(w, m.config);
}
void write_fields(proto::Writer& w, const FollowerInfo& m) {
    w.write_long(m.accepted_epoch);
    w.write_byte(static_cast<uint8_t>(m.type));
}
void write_fields(proto::Writer& w, const LeaderInfo& m) {
    w.write_long(m.new_epoch);
}
void write_fields(proto::Writer& w, const AckEpoch& m) {
    w.write_long(m.current_epoch);
    w.write_long(m.last_zxid);
    w.write_long(m.epoch);
}
void write_fields(proto::Writer& w, const Diff& m) {
    w.write_long(m.zxid);
}
void write_fields(proto::Writer& w, const Trunc& m) {
    w.write_long(m.zxid);
}
void write_fields(proto::Writer& w, const Snap& m) {
    w.write_long(m.snapshot.zxid);
    write_payload(w, m.snapshot.state);
}
void write_fields(proto::Writer& w, const NewLeader& m) {
    w.write_long(m.zxid);
    write_entry(w, m.config);
}
void write_fields(proto::Writer&, const UpToDate&) {}
void write_fields(proto::Writer& w, const Proposal& m) {
    write_entry(w, m.entry);
}
void write_fields(proto::Writer& w, const Ack& m) {
    w.write_long(m.zxid);
}
void write_fields(proto::Writer& w, const Commit& m) {
    w.write_long(m.zxid);
}
void write_fields(proto::Writer& w, const Inform& m) {
    write_entry(w, m.entry);
}
void write_fields(proto::Writer& w, const Ping& m) {
    write_payload(w, m.sessions);
}
void write_fields(proto::Writer& w, const Request& m) {
    write_payload(w, m.request);
}
void write_fields(proto::Writer&, const Sync&) {}
void write_fields(proto::Writer& w, const CommitAndActivate& m) {
    w.write_long(m.zxid);
    w.write_long(m.leader);
}
void write_fields(proto::Writer& w, const InformAndActivate& m) {
    write_entry(w, m.entry);
    w.write_long(m.leader);
}

template <class T> T read_fields(proto::Reader& r);
template <> Notification read_fields(proto::Reader& r) {
    Notification m;
    m.vote.leader = r.read_long();
    m.vote.zxid = r.read_long();
    m.vote.election_epoch = r.read_long();
    m.vote.peer_epoch = r.read_long();
    m.state = read_state(r);
    m.config = read_entry(r);
    return m;
}
template <> FollowerInfo read_fields(proto::Reader& r) {
    FollowerInfo m;
    m.accepted_epoch = r.read_long();
    m.type = read_learner_type(r);
    return m;
}
template <> LeaderInfo read_fields(proto::Reader& r) {
    return LeaderInfo{r.read_long()};
}
template <> AckEpoch read_fields(proto::Reader& r) {
    AckEpoch m;
    m.current_epoch = r.read_long();
    m.last_zxid = r.read_long();
    m.epoch = r.read_long();
    return m;
}
template <> Diff read_fields(proto::Reader& r) {
    return Diff{r.read_long()};
}
template <> Trunc read_fields(proto::Reader& r) {
    return Trunc{r.read_long()};
}
template <> Snap read_fields(proto::Reader& r) {
    Snap m;
    m.snapshot.zxid = r.read_long();
    m.snapshot.state = read_payload(r);
    return m;
}
template <> NewLeader read_fields(proto::Reader& r) {
    NewLeader m;
    m.zxid = r.read_long();
    m.config = read_entry(r);
    return m;
}
template <> UpToDate read_fields(proto::Reader&) {
    return UpToDate{};
}
template <> Proposal read_fields(proto::Reader& r) {
    return Proposal{read_entry(r)};
}
template <> Ack read_fields(proto::Reader& r) {
    return Ack{r.read_long()};
}
template <> Commit read_fields(proto::Reader& r) {
    return Commit{r.read_long()};
}
template <> Inform read_fields(proto::Reader& r) {
    return Inform{read_entry(r)};
}
template <> Ping read_fields(proto::Reader& r) {
    std::optional<std::string> sessions = r.read_buffer();
    return Ping{sessions ? std::make_shared<const std::string>(std::move(*sessions)) : nullptr};
}
template <> Request read_fields(proto::Reader& r) {
    return Request{read_payload(r)};
}
template <> Sync read_fields(proto::Reader&) {
    return Sync{};
}
template <> CommitAndActivate read_fields(proto::Reader& r) {
    CommitAndActivate m;
    m.zxid = r.read_long();
    m.leader = r.read_long();
    return m;
}
template <> InformAndActivate read_fields(proto::Reader& r) {
    InformAndActivate m;
    m.entry = read_entry(r);
    m.leader = r.read_long();
    return m;
}

template <std::size_t I = 0> std::optional<Body> read_tagged(uint8_t tag, proto::Reader& r) {
    if constexpr (I < std::variant_size_v<Body>) {
        if (tag == I) {
            return Body(read_fields<std::variant_alternative_t<I, Body>>(r));
        }
        return read_tagged<I + 1>(tag, r);
    } else {
        return std::nullopt;
    }
}

} // namespace

std::string encode_hello(const Hello& hello) {
    proto::Writer writer;
    writer.write_long(hello.from);
    writer.write_byte(static_cast<uint8_t>(hello.channel));
    writer.write_string(hello.host);
    writer.write_int(hello.quorum_port);
    writer.write_int(hello.election_port);
    return writer.take();
}

std::optional<Hello> decode_hello(std::string_view body) {
    proto::Reader reader(body);
    Hello hello;
    hello.from = reader.read_long();
    const uint8_t channel = reader.read_byte();
    hello.host = reader.read_string().value_or("");
    const int32_t quorum_port = reader.read_int();
    const int32_t election_port = reader.read_int();
    if (!reader.ok() || !reader.at_end() || quorum_port < 0 || quorum_port > 65535 ||
        election_port < 0 || election_port > 65535 ||
        (channel != static_cast<uint8_t>(Channel::election) &&
         channel != static_cast<uint8_t>(Channel::learner))) {
        return std::nullopt;
    }
    hello.channel = static_cast<Channel>(channel);
    hello.quorum_port = static_cast<uint16_t>(quorum_port);
    hello.election_port = static_cast<uint16_t>(election_port);
    return hello;
}

std::string encode_body(const Body& body) {
    proto::Writer writer;
    std::visit(
        [&writer](const auto& message) {
            writer.write_byte(tag_of<std::decay_t<decltype(message)>>());
            write_fields(writer, message);
        },
        body);
    return writer.take();
}

std::optional<Body> decode_body(std::string_view body) {
    proto::Reader reader(body, kMaxFrameBytes);
    const uint8_t tag = reader.read_byte();
    if (!reader.ok()) {
        return std::nullopt;
    }
    std::optional<Body> decoded = read_tagged(tag, reader);
    if (!decoded || !reader.ok() || !reader.at_end()) {
        return std::nullopt;
    }
    return decoded;
}

std::string frame(std::string_view body) {
    proto::Writer writer;
    writer.write_buffer(body);
    return writer.take();
}

} // namespace zs::quorum
