#include "proto/constants.h"
#include "proto/jute.h"
#include "proto/records.h"
#include "proto/request.h"

#include <QTest>
#include <cstdint>
#include <limits>
#include <string>
#include <string_view>

using namespace zs::proto;

namespace zs::proto {
// Lets QCOMPARE print a readable value when a status differs.
char* toString(DecodeStatus status) {
    switch (status) {
    case DecodeStatus::ok:
        return qstrdup("ok");
    case DecodeStatus::malformed:
        return qstrdup("malformed");
    case DecodeStatus::unknown_opcode:
        return qstrdup("unknown_opcode");
    }
    return qstrdup("?");
}
} // namespace zs::proto

namespace {

QByteArray hex(std::string_view bytes) {
    return QByteArray(bytes.data(), static_cast<qsizetype>(bytes.size())).toHex();
}

// Expected layouts are written as spaced hex for readability; comparing hex text makes a
// mismatch (or a typo in the expectation) show up as a readable diff.
QByteArray compact(const char* spaced_hex) {
    QByteArray out(spaced_hex);
    out.replace(" ", "");
    return out;
}

QByteArray raw(const char* spaced_hex) {
    return QByteArray::fromHex(compact(spaced_hex));
}

std::string bytes_of(const char* spaced_hex) {
    return raw(spaced_hex).toStdString();
}

template <class Record> std::string encode(const Record& record) {
    Writer writer;
    record.write(writer);
    return writer.take();
}

// Writes the record, reads it back, and checks that every strict prefix of its bytes is rejected.
template <class Record> void check_round_trip(const Record& record, bool prefixes_fail = true) {
    const std::string bytes = encode(record);
    Reader reader(bytes);
    const Record decoded = Record::read(reader);
    QVERIFY(reader.ok());
    QVERIFY(reader.at_end());
    QVERIFY(decoded == record);
    if (!prefixes_fail) {
        return;
    }
    for (size_t length = 0; length < bytes.size(); ++length) {
        Reader truncated(std::string_view(bytes).substr(0, length));
        Record::read(truncated);
        QVERIFY2(!truncated.ok(), qPrintable(QString("prefix of %1 bytes accepted").arg(length)));
    }
}

template <class Body> QByteArray request_payload(int32_t xid, int32_t type, const Body& body) {
    Writer writer;
    RequestHeader{xid, type}.write(writer);
    body.write(writer);
    return QByteArray::fromStdString(writer.take());
}

template <class Body> int body_index() {
    return static_cast<int>(RequestBody(std::in_place_type<Body>).index());
}

Stat sample_stat() {
    return Stat{0x0102030405060708,
                0x1112131415161718,
                1700000000000,
                1700000000001,
                3,
                -1,
                5,
                0x0100000000000042,
                11,
                2,
                0x2122232425262728};
}

const std::vector<Acl> kOpenAcl{{perm::all, {"world", "anyone"}}};

enum class ReadKind { byte, integer, long_integer, string, buffer, vector };

std::string_view view(const QByteArray& bytes) {
    return {bytes.constData(), static_cast<size_t>(bytes.size())};
}

} // namespace

Q_DECLARE_METATYPE(DecodeStatus)
Q_DECLARE_METATYPE(ReadKind)

// Tests for the jute codec, the record layouts and request decoding.
class TestProto : public QObject {
    Q_OBJECT

  private slots:
    void writer_primitives();
    void writer_frames();
    void reader_primitives();
    void reader_nulls();
    void reader_limits_are_inclusive();
    void reader_rejects_data();
    void reader_rejects();
    void connect_request_layouts();
    void connect_response_layouts();
    void reply_header_layout();
    void stat_layout();
    void multi_request_layout();
    void failed_multi_response_layout();
    void reply_frames();
    void round_trip_common_records();
    void round_trip_request_records();
    void round_trip_response_records();
    void nested_garbage_data();
    void nested_garbage();
    void decode_request_data();
    void decode_request();
    void decode_request_keeps_fields();
    void decode_request_applies_field_limit();
    void op_names_data();
    void op_names();
    void error_names_data();
    void error_names();
};

void TestProto::writer_primitives() {
    Writer writer;
    writer.write_byte(0xab);
    writer.write_bool(true);
    writer.write_bool(false);
    writer.write_int(-2);
    writer.write_long(0x0102030405060708);
    writer.write_string("ab");
    writer.write_string(std::optional<std::string>());
    writer.write_string(std::string());
    writer.write_buffer(std::string("\x00\xff", 2));
    writer.write_buffer(std::optional<std::string>());
    writer.write_vector_size(-1);
    QCOMPARE(hex(writer.bytes()),
             compact("ab 01 00 fffffffe 0102030405060708 00000002 6162 ffffffff "
                     "00000000 00000002 00ff ffffffff ffffffff"));
    QCOMPARE(writer.size(), size_t{43});
}

void TestProto::writer_frames() {
    Writer writer;
    writer.begin_frame();
    writer.write_int(5);
    writer.begin_frame();
    writer.write_byte(7);
    writer.end_frame();
    writer.end_frame();
    writer.begin_frame();
    writer.end_frame();
    QCOMPARE(hex(writer.bytes()), compact("00000009 00000005 00000001 07 00000000"));
    const std::string taken = writer.take();
    QCOMPARE(taken.size(), size_t{17});
    QCOMPARE(writer.size(), size_t{0});
}

void TestProto::reader_primitives() {
    const std::string bytes = bytes_of("ab 02 00 80000000 8000000000000000 7fffffffffffffff "
                                       "00000003 2f6162 00000002 00ff 00000002 0102");
    Reader reader(bytes);
    QCOMPARE(reader.read_byte(), uint8_t{0xab});
    QCOMPARE(reader.read_bool(), true); // any non-zero byte
    QCOMPARE(reader.read_bool(), false);
    QCOMPARE(reader.read_int(), std::numeric_limits<int32_t>::min());
    QCOMPARE(reader.read_long(), std::numeric_limits<int64_t>::min());
    QCOMPARE(reader.read_long(), std::numeric_limits<int64_t>::max());
    QCOMPARE(reader.read_string(), std::optional<std::string>("/ab"));
    QCOMPARE(reader.read_buffer(), std::optional<std::string>(std::string("\x00\xff", 2)));
    QCOMPARE(reader.remaining(), size_t{6});
    QCOMPARE(reader.read_vector_size(), 2);
    QCOMPARE(reader.remaining(), size_t{2});
    reader.read_byte();
    reader.read_byte();
    QVERIFY(reader.ok());
    QVERIFY(reader.at_end());
}

void TestProto::reader_nulls() {
    const std::string bytes = bytes_of("ffffffff ffffffff ffffffff 00000000 00000000");
    Reader reader(bytes);
    QCOMPARE(reader.read_string(), std::optional<std::string>());
    QCOMPARE(reader.read_buffer(), std::optional<std::string>());
    QCOMPARE(reader.read_vector_size(), 0);
    QCOMPARE(reader.read_string(), std::optional<std::string>(""));
    QCOMPARE(reader.read_buffer(), std::optional<std::string>(""));
    QVERIFY(reader.ok());
    QVERIFY(reader.at_end());

    // A null path is not the decoder's business: it reads as "" and fails validation later.
    const std::string null_path = bytes_of("ffffffff 01");
    Reader path_reader(null_path);
    const PathWatchRequest request = PathWatchRequest::read(path_reader);
    QVERIFY(path_reader.ok());
    QCOMPARE(request.path, std::string());
    QCOMPARE(request.watch, true);

    // Null data stays distinguishable from empty data.
    GetDataResponse null_data{std::nullopt, sample_stat()};
    QCOMPARE(hex(encode(null_data)).left(8), QByteArray("ffffffff"));
    check_round_trip(null_data);
    check_round_trip(GetDataResponse{std::string(), sample_stat()});
}

void TestProto::reader_limits_are_inclusive() {
    const std::string bytes = bytes_of("00000004 61626364 00000002 0102");
    Reader reader(bytes, 4);
    QCOMPARE(reader.read_string(), std::optional<std::string>("abcd"));
    QCOMPARE(reader.read_vector_size(), 2); // exactly as many elements as bytes left
    QVERIFY(reader.ok());
}

void TestProto::reader_rejects_data() {
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<ReadKind>("kind");
    QTest::addColumn<int>("max_field_bytes");

    const int dflt = kDefaultMaxBufferBytes;
    QTest::newRow("empty byte") << QByteArray() << ReadKind::byte << dflt;
    QTest::newRow("truncated int") << raw("000000") << ReadKind::integer << dflt;
    QTest::newRow("truncated long") << raw("00000000000000") << ReadKind::long_integer << dflt;
    QTest::newRow("truncated string length") << raw("0000") << ReadKind::string << dflt;
    QTest::newRow("string length -2") << raw("fffffffe 61") << ReadKind::string << dflt;
    QTest::newRow("string length INT_MIN") << raw("80000000 61") << ReadKind::string << dflt;
    QTest::newRow("buffer length -2") << raw("fffffffe 61") << ReadKind::buffer << dflt;
    QTest::newRow("string longer than max") << raw("00000005 6162636465") << ReadKind::string << 4;
    QTest::newRow("buffer longer than max") << raw("00000005 6162636465") << ReadKind::buffer << 4;
    QTest::newRow("string longer than default max")
        << raw("00100000 61") << ReadKind::string << dflt;
    QTest::newRow("string longer than remaining")
        << raw("00000004 616263") << ReadKind::string << dflt;
    QTest::newRow("buffer longer than remaining")
        << raw("00000004 616263") << ReadKind::buffer << dflt;
    QTest::newRow("vector count 2^31-1") << raw("7fffffff 00000000") << ReadKind::vector << dflt;
    QTest::newRow("vector count -2") << raw("fffffffe 00") << ReadKind::vector << dflt;
    QTest::newRow("vector count > remaining")
        << raw("00000005 01020304") << ReadKind::vector << dflt;
}

void TestProto::reader_rejects() {
    QFETCH(QByteArray, input);
    QFETCH(ReadKind, kind);
    QFETCH(int, max_field_bytes);

    // Most rows leave bytes after the bad field: a failure must drop them too.
    Reader reader(view(input), max_field_bytes);
    switch (kind) {
    case ReadKind::byte:
        QCOMPARE(reader.read_byte(), uint8_t{0});
        break;
    case ReadKind::integer:
        QCOMPARE(reader.read_int(), 0);
        break;
    case ReadKind::long_integer:
        QCOMPARE(reader.read_long(), int64_t{0});
        break;
    case ReadKind::string:
        QCOMPARE(reader.read_string(), std::optional<std::string>());
        break;
    case ReadKind::buffer:
        QCOMPARE(reader.read_buffer(), std::optional<std::string>());
        break;
    case ReadKind::vector:
        QCOMPARE(reader.read_vector_size(), 0);
        break;
    }
    QVERIFY(!reader.ok());
    QCOMPARE(reader.remaining(), size_t{0});
    QVERIFY(reader.at_end());
    QCOMPARE(reader.read_int(), 0);
    QCOMPARE(reader.read_bool(), false);
    QVERIFY(!reader.ok());
}

void TestProto::connect_request_layouts() {
    const char* const k45 = "00000000 0000000100000005 00007530 0100000123456789 "
                            "00000010 000102030405060708090a0b0c0d0e0f 01";
    const ConnectRequest request{0,
                                 0x0000000100000005,
                                 30000,
                                 0x0100000123456789,
                                 bytes_of("000102030405060708090a0b0c0d0e0f"),
                                 true,
                                 true};
    QCOMPARE(encode(request).size(), size_t{45});
    QCOMPARE(hex(encode(request)), compact(k45));

    const std::string bytes45 = bytes_of(k45);
    Reader reader45(bytes45);
    QVERIFY(ConnectRequest::read(reader45) == request);
    QVERIFY(reader45.ok());

    // A client older than 3.4 stops after the password.
    const std::string bytes44 = bytes45.substr(0, 44);
    Reader reader44(bytes44);
    const ConnectRequest old_client = ConnectRequest::read(reader44);
    QVERIFY(reader44.ok());
    QCOMPARE(old_client.has_read_only_field, false);
    QCOMPARE(old_client.read_only, false);
    QCOMPARE(old_client.session_id, int64_t{0x0100000123456789});
    QCOMPARE(old_client.passwd.size(), size_t{16});
    QCOMPARE(hex(encode(old_client)), hex(bytes44));

    // A null password reads as an empty one.
    const std::string null_passwd = bytes_of("00000000 0000000000000000 00001388 0000000000000000 "
                                             "ffffffff 00");
    Reader null_reader(null_passwd);
    const ConnectRequest fresh = ConnectRequest::read(null_reader);
    QVERIFY(null_reader.ok());
    QCOMPARE(fresh.passwd, std::string());
    QCOMPARE(fresh.timeout_ms, 5000);
    QCOMPARE(fresh.has_read_only_field, true);
}

void TestProto::connect_response_layouts() {
    const char* const k37 = "00000000 00009c40 0100000123456789 "
                            "00000010 0f0e0d0c0b0a09080706050403020100 00";
    ConnectResponse response{
        0, 40000, 0x0100000123456789, bytes_of("0f0e0d0c0b0a09080706050403020100"), false, true};
    QCOMPARE(encode(response).size(), size_t{37});
    QCOMPARE(hex(encode(response)), compact(k37));
    check_round_trip(response, false);

    response.include_read_only = false;
    QCOMPARE(encode(response).size(), size_t{36});
    QCOMPARE(hex(encode(response)), compact(k37).chopped(2));
    check_round_trip(response, false);

    response.include_read_only = true;
    response.read_only = true;
    QCOMPARE(hex(encode(response)).right(2), QByteArray("01"));
}

void TestProto::reply_header_layout() {
    const ReplyHeader header{7, 0x100000002, static_cast<int32_t>(ErrorCode::no_node)};
    QCOMPARE(hex(encode(header)), compact("00000007 0000000100000002 ffffff9b"));
    check_round_trip(header);
}

void TestProto::stat_layout() {
    const std::string bytes = encode(sample_stat());
    QCOMPARE(bytes.size(), size_t{68});
    QCOMPARE(hex(bytes), compact("0102030405060708 1112131415161718 0000018bcfe56800 "
                                 "0000018bcfe56801 00000003 ffffffff 00000005 0100000000000042 "
                                 "0000000b 00000002 2122232425262728"));
    check_round_trip(sample_stat());
}

void TestProto::multi_request_layout() {
    const MultiRequest multi{{
        {op::create, CreateRequest{"/a", "x", kOpenAcl, 0}},
        {op::remove, DeleteRequest{"/b", 3}},
        {op::check, CheckVersionRequest{"/c", -1}},
    }};
    const char* const expected =
        "00000001 00 ffffffff "
        "00000002 2f61 00000001 78 00000001 0000001f 00000005 776f726c64 00000006 616e796f6e65 "
        "00000000 "
        "00000002 00 ffffffff 00000002 2f62 00000003 "
        "0000000d 00 ffffffff 00000002 2f63 ffffffff "
        "ffffffff 01 ffffffff";
    QCOMPARE(hex(encode(multi)), compact(expected));
    check_round_trip(multi);
}

void TestProto::failed_multi_response_layout() {
    // The second op failed: the ops before it report 0, the ones after it -2, the header 0.
    const MultiResponse response{{
        {op::error, 0, {}},
        {op::error, static_cast<int32_t>(ErrorCode::no_node), {}},
        {op::error, static_cast<int32_t>(ErrorCode::runtime_inconsistency), {}},
    }};
    const std::string frame = encode_frame(ReplyHeader{9, 0x10, 0}, response);
    QCOMPARE(hex(frame), compact("00000040 00000009 0000000000000010 00000000 "
                                 "ffffffff 00 00000000 00000000 "
                                 "ffffffff 00 ffffff9b ffffff9b "
                                 "ffffffff 00 fffffffe fffffffe "
                                 "ffffffff 01 ffffffff"));
    check_round_trip(response);
}

void TestProto::reply_frames() {
    QCOMPARE(hex(encode_frame(ReplyHeader{xid::ping, 0x10, 0})),
             compact("00000010 fffffffe 0000000000000010 00000000"));
    QCOMPARE(hex(encode_frame(ReplyHeader{5, 0x20, 0}, ErrorResponse{0})),
             compact("00000014 00000005 0000000000000020 00000000 00000000"));
    const WatcherEvent event{static_cast<int32_t>(EventType::node_data_changed),
                             static_cast<int32_t>(KeeperState::sync_connected), "/a"};
    QCOMPARE(
        hex(encode_frame(ReplyHeader{xid::notification, -1, 0}, event)),
        compact("0000001e ffffffff ffffffffffffffff 00000000 00000003 00000003 00000002 2f61"));
}

void TestProto::round_trip_common_records() {
    check_round_trip(Id{"digest", "bob:hash="});
    check_round_trip(Acl{perm::read | perm::admin, {"ip", "10.0.0.0/8"}});
    check_round_trip(RequestHeader{42, op::get_data});
    check_round_trip(ConnectRequest{0, 77, 10000, 0, std::string(16, '\0'), false, true}, false);
    check_round_trip(ConnectRequest{0, 77, 10000, 9, std::string(16, 'p'), false, false}, false);
    check_round_trip(MultiHeader{op::set_data, false, -1});
}

void TestProto::round_trip_request_records() {
    check_round_trip(CreateRequest{"/node", "data", kOpenAcl, 3});
    check_round_trip(CreateRequest{"/node", std::nullopt, {}, 0});
    check_round_trip(CreateTtlRequest{"/ttl", "d", kOpenAcl, 5, 1099511627775});
    check_round_trip(DeleteRequest{"/gone", 7});
    check_round_trip(PathWatchRequest{"/watched", true});
    check_round_trip(SetDataRequest{"/s", std::string(300, 'z'), -1});
    check_round_trip(PathRequest{"/p"});
    check_round_trip(SetAclRequest{"/acl", kOpenAcl, 2});
    check_round_trip(CheckVersionRequest{"/c", 4});
    check_round_trip(WatchTypeRequest{"/w", static_cast<int32_t>(WatcherType::any)});
    check_round_trip(AuthPacket{0, "digest", "bob:secret"});
    check_round_trip(AuthPacket{0, "world", std::nullopt});
    check_round_trip(SetWatches{0x33, {"/d1", "/d2"}, {"/e"}, {}});
    check_round_trip(SetWatches2{0x34, {"/d"}, {}, {"/c"}, {"/p"}, {"/r1", "/r2"}});
    check_round_trip(AddWatchRequest{"/aw", static_cast<int32_t>(AddWatchMode::persistent)});
    check_round_trip(ReconfigRequest{"server.4=h:2888:3888", std::nullopt, std::nullopt, -1});
    check_round_trip(SaslRequest{"token"});
    check_round_trip(EmptyRequest{});
    check_round_trip(MultiRequest{});
    check_round_trip(MultiRequest{{
        {op::create, CreateRequest{"/a", std::nullopt, kOpenAcl, 0}},
        {op::create2, CreateRequest{"/b", "b", kOpenAcl, 2}},
        {op::create_container, CreateRequest{"/c", {}, kOpenAcl, 4}},
        {op::create_ttl, CreateTtlRequest{"/t", {}, kOpenAcl, 5, 1000}},
        {op::remove, DeleteRequest{"/d", -1}},
        {op::set_data, SetDataRequest{"/e", "e", 1}},
        {op::check, CheckVersionRequest{"/f", 0}},
        {op::get_data, PathWatchRequest{"/g", false}},
        {op::get_children, PathWatchRequest{"/h", true}},
    }});
}

void TestProto::round_trip_response_records() {
    check_round_trip(CreateResponse{"/seq0000000001"});
    check_round_trip(Create2Response{"/c", sample_stat()});
    check_round_trip(StatResponse{sample_stat()});
    check_round_trip(GetDataResponse{"payload", sample_stat()});
    check_round_trip(GetAclResponse{kOpenAcl, sample_stat()});
    check_round_trip(GetChildrenResponse{{"a", "b", "c"}});
    check_round_trip(GetChildren2Response{{"x"}, sample_stat()});
    check_round_trip(SyncResponse{"/sync"});
    check_round_trip(GetEphemeralsResponse{{"/e1", "/e2"}});
    check_round_trip(GetAllChildrenNumberResponse{12});
    check_round_trip(SaslResponse{std::nullopt});
    check_round_trip(ClientInfo{"ip", "127.0.0.1"});
    check_round_trip(WhoAmIResponse{{{"ip", "127.0.0.1"}, {"digest", "bob"}}});
    check_round_trip(ErrorResponse{static_cast<int32_t>(ErrorCode::no_watcher)});
    check_round_trip(WatcherEvent{static_cast<int32_t>(EventType::node_created),
                                  static_cast<int32_t>(KeeperState::sync_connected), "/new"});
    check_round_trip(MultiResponse{});
    check_round_trip(MultiResponse{{
        {op::create, 0, CreateResponse{"/a"}},
        {op::create2, 0, Create2Response{"/b", sample_stat()}},
        {op::remove, 0, {}},
        {op::set_data, 0, StatResponse{sample_stat()}},
        {op::check, 0, {}},
        {op::get_data, 0, GetDataResponse{"d", sample_stat()}},
        {op::get_children, 0, GetChildrenResponse{{"k"}}},
        {op::error, static_cast<int32_t>(ErrorCode::no_auth), {}},
    }});
}

void TestProto::nested_garbage_data() {
    QTest::addColumn<QString>("record");
    QTest::addColumn<QByteArray>("input");

    QTest::newRow("acl count 2^31-1") << "CreateRequest" << raw("00000002 2f61 ffffffff 7fffffff");
    QTest::newRow("acl id longer than rest")
        << "CreateRequest" << raw("00000002 2f61 ffffffff 00000001 0000001f 000000ff 6162");
    QTest::newRow("watch path length -3")
        << "SetWatches" << raw("0000000000000001 00000002 00000001 61 fffffffd");
    QTest::newRow("children count 2^31-1") << "GetChildrenResponse" << raw("7fffffff 00");
    QTest::newRow("multi op not allowed")
        << "MultiRequest" << raw("00000003 00 ffffffff 00000002 2f61 00 ffffffff 01 ffffffff");
    QTest::newRow("multi without terminator")
        << "MultiRequest" << raw("00000002 00 ffffffff 00000002 2f61 ffffffff");
    QTest::newRow("multi op with huge acl")
        << "MultiRequest" << raw("00000001 00 ffffffff 00000002 2f61 ffffffff 7ffffff0");
    QTest::newRow("multi result of unknown type")
        << "MultiResponse" << raw("00000006 00 00000000 00000000 ffffffff 01 ffffffff");
    QTest::newRow("whoami info truncated")
        << "WhoAmIResponse" << raw("00000001 00000002 6970 00000009 3132");
}

void TestProto::nested_garbage() {
    QFETCH(QString, record);
    QFETCH(QByteArray, input);

    Reader reader(view(input));
    if (record == "CreateRequest") {
        CreateRequest::read(reader);
    } else if (record == "SetWatches") {
        SetWatches::read(reader);
    } else if (record == "GetChildrenResponse") {
        QVERIFY(GetChildrenResponse::read(reader).children.empty());
    } else if (record == "MultiRequest") {
        MultiRequest::read(reader);
    } else if (record == "MultiResponse") {
        MultiResponse::read(reader);
    } else if (record == "WhoAmIResponse") {
        WhoAmIResponse::read(reader);
    } else {
        QFAIL("unknown record in table");
    }
    QVERIFY(!reader.ok());
}

void TestProto::decode_request_data() {
    QTest::addColumn<QByteArray>("payload");
    QTest::addColumn<DecodeStatus>("status");
    QTest::addColumn<int>("type");
    QTest::addColumn<int>("body");

    const auto ok = DecodeStatus::ok;
    const auto bad = DecodeStatus::malformed;
    const auto unknown = DecodeStatus::unknown_opcode;
    const int none = -1;

    // Each opcode with a well-formed body, and (if it has a body) the payload one byte short.
    const auto add = [&](const char* name, const QByteArray& payload, int type, int body) {
        QTest::newRow(name) << payload << ok << type << body;
        if (body != body_index<EmptyRequest>()) {
            QTest::newRow(qPrintable(QString(name) + " truncated"))
                << payload.chopped(1) << bad << type << none;
        }
    };
    const CreateRequest create{"/n", "v", kOpenAcl, 0};
    const MultiRequest writes{{{op::create, create},
                               {op::create_ttl, CreateTtlRequest{"/t", {}, kOpenAcl, 5, 10}},
                               {op::remove, DeleteRequest{"/d", -1}},
                               {op::set_data, SetDataRequest{"/s", "x", -1}},
                               {op::check, CheckVersionRequest{"/c", 1}}}};
    const MultiRequest reads{{{op::get_data, PathWatchRequest{"/a", false}},
                              {op::get_children, PathWatchRequest{"/b", false}}}};

    add("closeSession", request_payload(1, op::close_session, EmptyRequest{}), op::close_session,
        body_index<EmptyRequest>());
    add("create", request_payload(1, op::create, create), op::create, body_index<CreateRequest>());
    add("delete", request_payload(1, op::remove, DeleteRequest{"/n", -1}), op::remove,
        body_index<DeleteRequest>());
    add("exists", request_payload(1, op::exists, PathWatchRequest{"/n", true}), op::exists,
        body_index<PathWatchRequest>());
    add("getData", request_payload(1, op::get_data, PathWatchRequest{"/n", false}), op::get_data,
        body_index<PathWatchRequest>());
    add("setData", request_payload(1, op::set_data, SetDataRequest{"/n", "v", 2}), op::set_data,
        body_index<SetDataRequest>());
    add("getACL", request_payload(1, op::get_acl, PathRequest{"/n"}), op::get_acl,
        body_index<PathRequest>());
    add("setACL", request_payload(1, op::set_acl, SetAclRequest{"/n", kOpenAcl, -1}), op::set_acl,
        body_index<SetAclRequest>());
    add("getChildren", request_payload(1, op::get_children, PathWatchRequest{"/", true}),
        op::get_children, body_index<PathWatchRequest>());
    add("sync", request_payload(1, op::sync, PathRequest{"/"}), op::sync,
        body_index<PathRequest>());
    add("ping", request_payload(xid::ping, op::ping, EmptyRequest{}), op::ping,
        body_index<EmptyRequest>());
    add("getChildren2", request_payload(1, op::get_children2, PathWatchRequest{"/", false}),
        op::get_children2, body_index<PathWatchRequest>());
    add("multi", request_payload(1, op::multi, writes), op::multi, body_index<MultiRequest>());
    add("create2", request_payload(1, op::create2, create), op::create2,
        body_index<CreateRequest>());
    add("reconfig", request_payload(1, op::reconfig, ReconfigRequest{{}, "3", {}, -1}),
        op::reconfig, body_index<ReconfigRequest>());
    add("checkWatches", request_payload(1, op::check_watches, WatchTypeRequest{"/n", 3}),
        op::check_watches, body_index<WatchTypeRequest>());
    add("removeWatches", request_payload(1, op::remove_watches, WatchTypeRequest{"/n", 1}),
        op::remove_watches, body_index<WatchTypeRequest>());
    add("createContainer",
        request_payload(1, op::create_container, CreateRequest{"/c", {}, kOpenAcl, 4}),
        op::create_container, body_index<CreateRequest>());
    add("createTTL", request_payload(1, op::create_ttl, CreateTtlRequest{"/t", {}, kOpenAcl, 5, 9}),
        op::create_ttl, body_index<CreateTtlRequest>());
    add("multiRead", request_payload(1, op::multi_read, reads), op::multi_read,
        body_index<MultiRequest>());
    add("auth", request_payload(xid::auth, op::auth, AuthPacket{0, "digest", "u:p"}), op::auth,
        body_index<AuthPacket>());
    add("setWatches",
        request_payload(xid::set_watches, op::set_watches, SetWatches{5, {"/a"}, {"/b"}, {"/c"}}),
        op::set_watches, body_index<SetWatches>());
    add("sasl", request_payload(1, op::sasl, SaslRequest{"t"}), op::sasl,
        body_index<SaslRequest>());
    add("getEphemerals", request_payload(1, op::get_ephemerals, PathRequest{"/"}),
        op::get_ephemerals, body_index<PathRequest>());
    add("getAllChildrenNumber", request_payload(1, op::get_all_children_number, PathRequest{"/"}),
        op::get_all_children_number, body_index<PathRequest>());
    add("setWatches2",
        request_payload(xid::set_watches, op::set_watches2, SetWatches2{5, {}, {}, {}, {"/p"}, {}}),
        op::set_watches2, body_index<SetWatches2>());
    add("addWatch", request_payload(1, op::add_watch, AddWatchRequest{"/n", 1}), op::add_watch,
        body_index<AddWatchRequest>());
    add("whoAmI", request_payload(1, op::who_am_i, EmptyRequest{}), op::who_am_i,
        body_index<EmptyRequest>());
    // Decoded so that the server can refuse it the way ZooKeeper does (BADARGUMENTS).
    add("deleteContainer", request_payload(1, op::delete_container, PathRequest{"/n"}),
        op::delete_container, body_index<PathRequest>());

    // Opcodes a client may not send, even with a well-formed body.
    const auto reject = [&](const char* name, int type) {
        QTest::newRow(name) << request_payload(1, type, PathRequest{"/n"}) << unknown << type
                            << none;
    };
    reject("notification", op::notification);
    reject("check outside multi", op::check);
    reject("createSession", op::create_session);
    reject("error", op::error);
    reject("opcode 10", 10);
    reject("opcode 23", 23);
    reject("opcode 99", 99);
    reject("opcode 108", 108);
    reject("opcode INT_MIN", std::numeric_limits<int32_t>::min());
    QTest::newRow("unknown opcode without body")
        << request_payload(1, 1000, EmptyRequest{}) << unknown << 1000 << none;

    QTest::newRow("empty payload") << QByteArray() << bad << 0 << none;
    QTest::newRow("7-byte header") << raw("00000001 000000") << bad << 0 << none;
    QTest::newRow("trailing bytes ignored")
        << request_payload(1, op::exists, PathWatchRequest{"/n", false}) + "junk" << ok
        << op::exists << body_index<PathWatchRequest>();
    QTest::newRow("ping with trailing bytes")
        << request_payload(xid::ping, op::ping, EmptyRequest{}) + "x" << ok << op::ping
        << body_index<EmptyRequest>();
    QTest::newRow("empty multi") << request_payload(1, op::multi, MultiRequest{}) << ok << op::multi
                                 << body_index<MultiRequest>();
    QTest::newRow("multi with a read op")
        << request_payload(1, op::multi, reads) << bad << op::multi << none;
    QTest::newRow("multiRead with a write op")
        << request_payload(1, op::multi_read, writes) << bad << op::multi_read << none;
    QTest::newRow("multi with a garbage body")
        << request_payload(1, op::multi, PathRequest{"/n"}) << bad << op::multi << none;
    QTest::newRow("create with bad acl count")
        << raw("00000001 00000001 00000002 2f6e ffffffff fffffffe 00000000") << bad << op::create
        << none;
}

void TestProto::decode_request() {
    QFETCH(QByteArray, payload);
    QFETCH(DecodeStatus, status);
    QFETCH(int, type);
    QFETCH(int, body);

    const DecodeResult result = zs::proto::decode_request(view(payload));
    QCOMPARE(result.status, status);
    QCOMPARE(result.request.header.type, type);
    if (body != -1) {
        QCOMPARE(static_cast<int>(result.request.body.index()), body);
    }
}

void TestProto::decode_request_keeps_fields() {
    const CreateRequest create{"/n", "v", kOpenAcl, 3};
    const MultiRequest multi{{{op::create2, create}, {op::check, CheckVersionRequest{"/c", 7}}}};
    const QByteArray payload = request_payload(17, op::multi, multi);
    const DecodeResult result = zs::proto::decode_request(view(payload));
    QCOMPARE(result.status, DecodeStatus::ok);
    QCOMPARE(result.request.header.xid, 17);
    const auto* decoded = std::get_if<MultiRequest>(&result.request.body);
    QVERIFY(decoded);
    QVERIFY(*decoded == multi);

    const QByteArray setw = request_payload(xid::set_watches, op::set_watches2,
                                            SetWatches2{9, {"/d"}, {"/e"}, {"/c"}, {"/p"}, {"/r"}});
    const DecodeResult watches = zs::proto::decode_request(view(setw));
    QCOMPARE(watches.request.header.xid, xid::set_watches);
    QVERIFY(std::get<SetWatches2>(watches.request.body) ==
            (SetWatches2{9, {"/d"}, {"/e"}, {"/c"}, {"/p"}, {"/r"}}));
}

void TestProto::decode_request_applies_field_limit() {
    const QByteArray payload =
        request_payload(1, op::set_data, SetDataRequest{"/n", std::string(100, 'x'), -1});
    QCOMPARE(zs::proto::decode_request(view(payload), 100).status, DecodeStatus::ok);
    QCOMPARE(zs::proto::decode_request(view(payload), 99).status, DecodeStatus::malformed);
}

void TestProto::op_names_data() {
    QTest::addColumn<int>("opcode");
    QTest::addColumn<QByteArray>("name");

    const std::pair<int, const char*> rows[] = {
        {op::create, "CREA"},
        {op::create2, "CREA"},
        {op::create_container, "CREA"},
        {op::create_ttl, "CREA"},
        {op::remove, "DELE"},
        {op::delete_container, "DELE"},
        {op::exists, "EXIS"},
        {op::get_data, "GETD"},
        {op::set_data, "SETD"},
        {op::get_acl, "GETA"},
        {op::set_acl, "SETA"},
        {op::get_children, "GETC"},
        {op::get_children2, "GETC"},
        {op::sync, "SYNC"},
        {op::ping, "PING"},
        {op::check, "CHEC"},
        {op::multi, "MULT"},
        {op::multi_read, "MLTR"},
        {op::reconfig, "RECO"},
        {op::check_watches, "CHKW"},
        {op::remove_watches, "REMW"},
        {op::set_watches, "SETW"},
        {op::set_watches2, "STW2"},
        {op::add_watch, "ADDW"},
        {op::get_ephemerals, "GETE"},
        {op::get_all_children_number, "GETACN"},
        {op::who_am_i, "HOMI"},
        {op::create_session, "SESS"},
        {op::close_session, "CLOS"},
        {op::auth, "AUTH"},
        {op::sasl, "SASL"},
        {op::error, "NA"},
        {op::notification, "UNKNOWN"},
        {10, "UNKNOWN"},
        {999, "UNKNOWN"},
    };
    for (const auto& [opcode, name] : rows) {
        QTest::newRow(qPrintable(QString::number(opcode))) << opcode << QByteArray(name);
    }
}

void TestProto::op_names() {
    QFETCH(int, opcode);
    QFETCH(QByteArray, name);
    QCOMPARE(QByteArray(op_name(opcode)), name);
}

void TestProto::error_names_data() {
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArray>("name");

    const std::pair<int, const char*> rows[] = {
        {0, "OK"},
        {-1, "SYSTEMERROR"},
        {-2, "RUNTIMEINCONSISTENCY"},
        {-3, "DATAINCONSISTENCY"},
        {-4, "CONNECTIONLOSS"},
        {-5, "MARSHALLINGERROR"},
        {-6, "UNIMPLEMENTED"},
        {-7, "OPERATIONTIMEOUT"},
        {-8, "BADARGUMENTS"},
        {-12, "UNKNOWNSESSION"},
        {-13, "NEWCONFIGNOQUORUM"},
        {-14, "RECONFIGINPROGRESS"},
        {-100, "APIERROR"},
        {-101, "NONODE"},
        {-102, "NOAUTH"},
        {-103, "BADVERSION"},
        {-108, "NOCHILDRENFOREPHEMERALS"},
        {-110, "NODEEXISTS"},
        {-111, "NOTEMPTY"},
        {-112, "SESSIONEXPIRED"},
        {-113, "INVALIDCALLBACK"},
        {-114, "INVALIDACL"},
        {-115, "AUTHFAILED"},
        {-118, "SESSIONMOVED"},
        {-119, "NOTREADONLY"},
        {-120, "EPHEMERALONLOCALSESSION"},
        {-121, "NOWATCHER"},
        {-122, "REQUESTTIMEOUT"},
        {-123, "RECONFIGDISABLED"},
        {-124, "SESSIONCLOSEDREQUIRESASLAUTH"},
        {-125, "QUOTAEXCEEDED"},
        {-127, "THROTTLEDOP"},
        {-9, "UNKNOWN"},
        {-126, "UNKNOWN"},
    };
    for (const auto& [code, name] : rows) {
        QTest::newRow(qPrintable(QString::number(code))) << code << QByteArray(name);
    }
}

void TestProto::error_names() {
    QFETCH(int, code);
    QFETCH(QByteArray, name);
    QCOMPARE(QByteArray(error_name(static_cast<ErrorCode>(code))), name);
}

QTEST_APPLESS_MAIN(TestProto)
#include "tst_proto.moc"
