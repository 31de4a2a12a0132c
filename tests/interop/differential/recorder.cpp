#include "recorder.h"

#include "jute.h"
#include "server_process.h"

#include <QRegularExpression>
#include <vector>

namespace zs::differential {
namespace {

using testing::EventLog;
using testing::JuteReader;
using testing::JuteWriter;
using testing::ZkEvent;
using testing::ZkHandle;

constexpr int kWaitMs = 10000;
constexpr int32_t kAuthXid = -4;
constexpr int32_t kExistsOpcode = 3;

Stat read_stat(JuteReader& reader) {
    Stat stat{};
    stat.czxid = reader.int64();
    stat.mzxid = reader.int64();
    stat.ctime = reader.int64();
    stat.mtime = reader.int64();
    stat.version = reader.int32();
    stat.cversion = reader.int32();
    stat.aversion = reader.int32();
    stat.ephemeralOwner = reader.int64();
    stat.dataLength = reader.int32();
    stat.numChildren = reader.int32();
    stat.pzxid = reader.int64();
    return stat;
}

QStringList read_strings(JuteReader& reader) {
    QStringList items;
    const int32_t count = reader.int32();
    for (int32_t i = 0; i < count && reader.ok(); ++i) {
        items.append(QString::fromUtf8(reader.buffer().value_or(QByteArray("<null>"))));
    }
    items.sort();
    return items;
}

QString list_text(const QStringList& items) {
    return QLatin1Char('[') + items.join(QStringLiteral(", ")) + QLatin1Char(']');
}

} // namespace

Recorder::Recorder(QString host, quint16 port) : host_(std::move(host)), port_(port) {}

Recorder::~Recorder() = default;

bool Recorder::open(const QString& name, int session_timeout_ms) {
    auto zk = std::make_unique<ZkHandle>(QStringLiteral("%1:%2").arg(host_).arg(port_),
                                         session_timeout_ms);
    if (zk->get() == nullptr || !zk->wait_connected(kWaitMs)) {
        transcript_.add(name + QStringLiteral(" failed to connect"));
        return false;
    }
    normalizer_.name_session(zk->session_id(), name);
    transcript_.add(
        QStringLiteral("%1 connected timeout=%2").arg(name).arg(zk->negotiated_timeout_ms()));
    handles_[name] = std::move(zk);
    return true;
}

void Recorder::close(const QString& name) {
    handles_.erase(name); // zookeeper_close: closeSession, then the socket
    transcript_.add(name + QStringLiteral(" closed"));
}

bool Recorder::open_raw(int session_timeout_ms) {
    raw_ = std::make_unique<testing::RawClient>();
    if (!raw_->connect_to(host_, port_) || !raw_->handshake(session_timeout_ms)) {
        return false;
    }
    normalizer_.name_session(raw_->session_id(), QStringLiteral("raw"));
    transcript_.add(QStringLiteral("raw connected timeout=%1 password=%2 bytes")
                        .arg(raw_->negotiated_timeout_ms())
                        .arg(raw_->password().size()));
    return true;
}

void Recorder::step(const QString& name) {
    if (!transcript_.steps().isEmpty()) {
        record_events();
    }
    transcript_.begin_step(name);
}

void Recorder::set_zxid_base(const QString& client, const QByteArray& path) {
    Stat stat{};
    if (ZkHandle* zk = handle(client); zk && zoo_exists(zk->get(), path, 0, &stat) == ZOK) {
        normalizer_.set_zxid_base(stat.czxid);
    }
}

Transcript Recorder::finish() {
    record_events();
    return transcript_;
}

ZkHandle* Recorder::handle(const QString& name) {
    const auto it = handles_.find(name);
    return it == handles_.end() ? nullptr : it->second.get();
}

zhandle_t* Recorder::checked_handle(const QString& name) {
    if (ZkHandle* zk = handle(name)) {
        return zk->get();
    }
    transcript_.add(name + QStringLiteral(" is not connected"));
    return nullptr;
}

void Recorder::record_events() {
    for (const auto& [name, zk] : handles_) {
        if (!zk->flush(kWaitMs)) {
            transcript_.add(name + QStringLiteral(" flush failed"));
        }
        for (const ZkEvent& event : zk->events().take()) {
            transcript_.add(QStringLiteral("event %1: %2 %3")
                                .arg(name, testing::zk_event_type_name(event.type),
                                     QString::fromUtf8(event.path)));
        }
    }
    if (raw_) {
        // Any round trip: notifications sent before its reply are collected on the way.
        raw_->call(kExistsOpcode, JuteWriter().buffer("/").boolean(false).bytes());
        for (const auto& event : raw_->take_notifications()) {
            transcript_.add(QStringLiteral("event raw: type=%1 state=%2 %3")
                                .arg(event.type)
                                .arg(event.state)
                                .arg(QString::fromUtf8(event.path)));
        }
    }
}

QString Recorder::rc(int code) const {
    static const std::map<int, const char*> names = {
        {ZOK, "ok"},
        {ZNONODE, "NONODE"},
        {ZNODEEXISTS, "NODEEXISTS"},
        {ZBADVERSION, "BADVERSION"},
        {ZNOTEMPTY, "NOTEMPTY"},
        {ZNOCHILDRENFOREPHEMERALS, "NOCHILDRENFOREPHEMERALS"},
        {ZNOAUTH, "NOAUTH"},
        {ZINVALIDACL, "INVALIDACL"},
        {ZAUTHFAILED, "AUTHFAILED"},
        {ZBADARGUMENTS, "BADARGUMENTS"},
        {ZRUNTIMEINCONSISTENCY, "RUNTIMEINCONSISTENCY"},
        {ZMARSHALLINGERROR, "MARSHALLINGERROR"},
        {ZUNIMPLEMENTED, "UNIMPLEMENTED"},
        {ZNOWATCHER, "NOWATCHER"},
        {ZSESSIONEXPIRED, "SESSIONEXPIRED"},
        {ZCONNECTIONLOSS, "CONNECTIONLOSS"},
        {ZOPERATIONTIMEOUT, "OPERATIONTIMEOUT"},
        {ZINVALIDSTATE, "INVALIDSTATE"},
    };
    const auto it = names.find(code);
    return it == names.end() ? QStringLiteral("rc%1").arg(code)
                             : QStringLiteral("%1(%2)").arg(QLatin1String(it->second)).arg(code);
}

QString Recorder::acl_text(const ACL_vector& acl) const {
    QStringList entries;
    for (int i = 0; i < acl.count; ++i) {
        entries.append(QStringLiteral("%1 %2:%3")
                           .arg(acl.data[i].perms)
                           .arg(QString::fromUtf8(acl.data[i].id.scheme),
                                QString::fromUtf8(acl.data[i].id.id)));
    }
    entries.sort();
    return list_text(entries);
}

void Recorder::create(const QString& client, const QByteArray& path, const QByteArray& data,
                      int flags, const ACL_vector* acl, int64_t ttl_ms) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    char created[512] = {};
    const char* value = data.isNull() ? nullptr : data.constData();
    const int length = data.isNull() ? -1 : static_cast<int>(data.size());
    const ACL_vector* acls = acl != nullptr ? acl : &ZOO_OPEN_ACL_UNSAFE;
    const int code =
        ttl_ms < 0
            ? zoo_create(h, path, value, length, acls, flags, created, sizeof created)
            : zoo_create_ttl(h, path, value, length, acls, flags, ttl_ms, created, sizeof created);
    transcript_.add(
        QStringLiteral("%1 create %2 flags=%3 ttl=%4 -> %5%6")
            .arg(client, QString::fromUtf8(path))
            .arg(flags)
            .arg(ttl_ms)
            .arg(rc(code), code == ZOK ? QStringLiteral(" path=") + created : QString()));
}

void Recorder::create2(const QString& client, const QByteArray& path, const QByteArray& data,
                       int flags, int64_t ttl_ms) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    char created[512] = {};
    Stat stat{};
    const char* value = data.isNull() ? nullptr : data.constData();
    const int length = data.isNull() ? -1 : static_cast<int>(data.size());
    const int code = ttl_ms < 0 ? zoo_create2(h, path, value, length, &ZOO_OPEN_ACL_UNSAFE, flags,
                                              created, sizeof created, &stat)
                                : zoo_create2_ttl(h, path, value, length, &ZOO_OPEN_ACL_UNSAFE,
                                                  flags, ttl_ms, created, sizeof created, &stat);
    transcript_.add(
        QStringLiteral("%1 create2 %2 flags=%3 ttl=%4 -> %5%6")
            .arg(client, QString::fromUtf8(path))
            .arg(flags)
            .arg(ttl_ms)
            .arg(rc(code), code == ZOK
                               ? QStringLiteral(" path=%1 %2").arg(created, normalizer_.stat(stat))
                               : QString()));
}

void Recorder::get(const QString& client, const QByteArray& path, bool watch) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    std::vector<char> buffer(1 << 20);
    int length = static_cast<int>(buffer.size());
    Stat stat{};
    const int code = zoo_get(h, path, watch ? 1 : 0, buffer.data(), &length, &stat);
    const QByteArray data = length < 0 ? QByteArray() : QByteArray(buffer.data(), length);
    transcript_.add(
        QStringLiteral("%1 get %2 watch=%3 -> %4%5")
            .arg(client, QString::fromUtf8(path))
            .arg(watch)
            .arg(rc(code), code == ZOK ? QStringLiteral(" data=%1 %2")
                                             .arg(Normalizer::data(data), normalizer_.stat(stat))
                                       : QString()));
}

void Recorder::exists(const QString& client, const QByteArray& path, bool watch) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    Stat stat{};
    const int code = zoo_exists(h, path, watch ? 1 : 0, &stat);
    transcript_.add(
        QStringLiteral("%1 exists %2 watch=%3 -> %4%5")
            .arg(client, QString::fromUtf8(path))
            .arg(watch)
            .arg(rc(code), code == ZOK ? QLatin1Char(' ') + normalizer_.stat(stat) : QString()));
}

void Recorder::set(const QString& client, const QByteArray& path, const QByteArray& data,
                   int version) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    Stat stat{};
    const int code = zoo_set2(h, path, data.isNull() ? nullptr : data.constData(),
                              data.isNull() ? -1 : static_cast<int>(data.size()), version, &stat);
    transcript_.add(
        QStringLiteral("%1 set %2 %3 version=%4 -> %5%6")
            .arg(client, QString::fromUtf8(path), Normalizer::data(data))
            .arg(version)
            .arg(rc(code), code == ZOK ? QLatin1Char(' ') + normalizer_.stat(stat) : QString()));
}

void Recorder::remove(const QString& client, const QByteArray& path, int version) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    const int code = zoo_delete(h, path, version);
    transcript_.add(QStringLiteral("%1 delete %2 version=%3 -> %4")
                        .arg(client, QString::fromUtf8(path))
                        .arg(version)
                        .arg(rc(code)));
}

QStringList Recorder::children(const QString& client, const QByteArray& path, bool watch) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return {};
    }
    String_vector names{};
    Stat stat{};
    const int code = zoo_get_children2(h, path, watch ? 1 : 0, &names, &stat);
    QStringList sorted;
    for (int i = 0; code == ZOK && i < names.count; ++i) {
        sorted.append(QString::fromUtf8(names.data[i]));
    }
    deallocate_String_vector(&names);
    sorted.sort(); // the server's order is unspecified
    transcript_.add(QStringLiteral("%1 children %2 watch=%3 -> %4%5")
                        .arg(client, QString::fromUtf8(path))
                        .arg(watch)
                        .arg(rc(code), code == ZOK ? QStringLiteral(" %1 %2").arg(
                                                         list_text(sorted), normalizer_.stat(stat))
                                                   : QString()));
    return sorted;
}

void Recorder::get_acl(const QString& client, const QByteArray& path) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    ACL_vector acl{};
    Stat stat{};
    const int code = zoo_get_acl(h, path, &acl, &stat);
    transcript_.add(
        QStringLiteral("%1 getACL %2 -> %3%4")
            .arg(client, QString::fromUtf8(path), rc(code),
                 code == ZOK ? QStringLiteral(" %1 %2").arg(acl_text(acl), normalizer_.stat(stat))
                             : QString()));
    if (code == ZOK) {
        deallocate_ACL_vector(&acl);
    }
}

void Recorder::set_acl(const QString& client, const QByteArray& path, int version,
                       const ACL_vector& acl) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    const int code = zoo_set_acl(h, path, version, &acl);
    transcript_.add(QStringLiteral("%1 setACL %2 %3 version=%4 -> %5")
                        .arg(client, QString::fromUtf8(path), acl_text(acl))
                        .arg(version)
                        .arg(rc(code)));
}

void Recorder::add_auth(const QString& client, const QByteArray& scheme,
                        const QByteArray& credential) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    EventLog done;
    const int code = zoo_add_auth(
        h, scheme, credential.constData(), static_cast<int>(credential.size()),
        [](int result, const void* context) {
            static_cast<EventLog*>(const_cast<void*>(context))->record(ZkEvent{result, 0, {}});
        },
        &done);
    const int result =
        code == ZOK && done.wait_for_count(1, kWaitMs) ? done.take().first().type : code;
    transcript_.add(
        QStringLiteral("%1 addauth %2 -> %3").arg(client, QString::fromUtf8(scheme), rc(result)));
}

void Recorder::multi(const QString& client, const QList<MultiOp>& ops) {
    zhandle_t* h = checked_handle(client);
    if (h == nullptr) {
        return;
    }
    const auto count = static_cast<size_t>(ops.size());
    std::vector<zoo_op_t> requests(count);
    std::vector<zoo_op_result_t> results(count);
    std::vector<std::vector<char>> paths(count, std::vector<char>(512));
    std::vector<Stat> stats(count);
    QStringList description;
    for (size_t i = 0; i < count; ++i) {
        const MultiOp& op = ops[static_cast<qsizetype>(i)];
        const char* data = op.data.isNull() ? nullptr : op.data.constData();
        const int length = op.data.isNull() ? -1 : static_cast<int>(op.data.size());
        switch (op.kind) {
        case MultiOp::Kind::create:
            zoo_create_op_init(&requests[i], op.path, data, length, &ZOO_OPEN_ACL_UNSAFE,
                               op.flags_or_version, paths[i].data(),
                               static_cast<int>(paths[i].size()));
            break;
        case MultiOp::Kind::remove:
            zoo_delete_op_init(&requests[i], op.path, op.flags_or_version);
            break;
        case MultiOp::Kind::set:
            zoo_set_op_init(&requests[i], op.path, data, length, op.flags_or_version, &stats[i]);
            break;
        case MultiOp::Kind::check:
            zoo_check_op_init(&requests[i], op.path, op.flags_or_version);
            break;
        }
        description.append(QStringLiteral("%1:%2:%3")
                               .arg(static_cast<int>(op.kind))
                               .arg(QString::fromUtf8(op.path))
                               .arg(op.flags_or_version));
    }
    const int code = zoo_multi(h, static_cast<int>(count), requests.data(), results.data());
    transcript_.add(QStringLiteral("%1 multi %2 -> %3")
                        .arg(client, description.join(QLatin1Char(' ')), rc(code)));
    for (size_t i = 0; i < count; ++i) {
        const MultiOp::Kind kind = ops[static_cast<qsizetype>(i)].kind;
        QString detail;
        if (results[i].err == ZOK && code == ZOK) {
            if (kind == MultiOp::Kind::create) {
                detail = QStringLiteral(" path=") + QString::fromUtf8(paths[i].data());
            }
            if (kind == MultiOp::Kind::set) {
                detail += QLatin1Char(' ') + normalizer_.stat(stats[i]);
            }
        }
        transcript_.add(
            QStringLiteral("  result %1 -> %2%3").arg(i).arg(rc(results[i].err), detail));
    }
}

void Recorder::raw(const QString& label, int32_t opcode, const QByteArray& body) {
    const auto reply = raw_ ? raw_->call(opcode, body) : std::nullopt;
    if (!reply) {
        transcript_.add(QStringLiteral("raw %1 -> no reply (connection closed)").arg(label));
        return;
    }
    transcript_.add(QStringLiteral("raw %1 -> %2%3")
                        .arg(label, rc(reply->err),
                             reply->err == 0 ? raw_body(opcode, reply->body) : QString()));
}

void Recorder::raw_auth(const QByteArray& scheme, const QByteArray& credential) {
    const QByteArray body = JuteWriter().int32(0).buffer(scheme).buffer(credential).bytes();
    const auto reply = raw_ ? raw_->call_with_xid(kAuthXid, 100, body) : std::nullopt;
    transcript_.add(QStringLiteral("raw auth %1 -> %2")
                        .arg(QString::fromUtf8(scheme),
                             reply ? QStringLiteral("xid=%1 %2").arg(reply->xid).arg(rc(reply->err))
                                   : QStringLiteral("no reply")));
}

QString Recorder::raw_body(int32_t opcode, const QByteArray& body) {
    JuteReader reader(body);
    QString text;
    switch (opcode) {
    case 1:
    case 9:
        text = QStringLiteral(" path=") + QString::fromUtf8(reader.buffer().value_or("<null>"));
        break;
    case 15:
    case 19:
    case 21:
        text = QStringLiteral(" path=") + QString::fromUtf8(reader.buffer().value_or("<null>"));
        text += QLatin1Char(' ') + normalizer_.stat(read_stat(reader));
        break;
    case 3:
        text = QLatin1Char(' ') + normalizer_.stat(read_stat(reader));
        break;
    case 4:
        text = QStringLiteral(" data=") + Normalizer::data(reader.buffer().value_or(QByteArray()));
        text += QLatin1Char(' ') + normalizer_.stat(read_stat(reader));
        break;
    case 103:
        text = QLatin1Char(' ') + list_text(read_strings(reader));
        break;
    case 104:
    case 106:
        text = QStringLiteral(" %1").arg(reader.int32());
        break;
    case 107: {
        QStringList ids;
        const int32_t count = reader.int32();
        for (int32_t i = 0; i < count && reader.ok(); ++i) {
            const QByteArray scheme = reader.buffer().value_or("<null>");
            ids.append(QString::fromUtf8(scheme + ':' + reader.buffer().value_or("<null>")));
        }
        ids.sort();
        text = QLatin1Char(' ') + list_text(ids);
        break;
    }
    default:
        text = body.isEmpty() ? QString()
                              : QStringLiteral(" body=") + QString::fromLatin1(body.toHex());
    }
    if (!reader.ok()) {
        text += QStringLiteral(" <malformed body %1>").arg(QString::fromLatin1(body.toHex()));
    } else if (!reader.at_end() && opcode != 0) {
        text += QStringLiteral(" <%1 trailing bytes>").arg(body.size());
    }
    return text;
}

void Recorder::four_letter(const QByteArray& command) {
    const QString answer = QString::fromUtf8(testing::send_four_letter(host_, port_, command));
    QStringList lines;
    if (command == "srvr") {
        static const QRegularExpression zxid_line(QStringLiteral("^Zxid: 0x([0-9a-f]+)$"));
        for (const QString& line : answer.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const auto zxid = zxid_line.match(line);
            if (zxid.hasMatch()) {
                lines.append(QStringLiteral("Zxid: ") +
                             normalizer_.zxid(zxid.captured(1).toLongLong(nullptr, 16)));
            } else if (line.startsWith(QLatin1String("Mode: ")) ||
                       line.startsWith(QLatin1String("Node count: "))) {
                lines.append(line);
            } else {
                lines.append(line.section(QLatin1Char(':'), 0, 0) + QStringLiteral(": ..."));
            }
        }
    } else if (command == "mntr") {
        // ZooKeeper prints ~500 metrics of its own pipeline; zoonode prints the gauges ZooKeeper
        // documents. Both must print each of those, and the deterministic ones must agree.
        static const QStringList gauges = {"zk_version",
                                           "zk_server_state",
                                           "zk_ephemerals_count",
                                           "zk_num_alive_connections",
                                           "zk_avg_latency",
                                           "zk_outstanding_requests",
                                           "zk_znode_count",
                                           "zk_global_sessions",
                                           "zk_local_sessions",
                                           "zk_non_mtls_remote_conn_count",
                                           "zk_non_mtls_local_conn_count",
                                           "zk_last_client_response_size",
                                           "zk_max_client_response_size",
                                           "zk_min_client_response_size",
                                           "zk_packets_sent",
                                           "zk_packets_received",
                                           "zk_connection_drop_probability",
                                           "zk_watch_count",
                                           "zk_auth_failed_count",
                                           "zk_min_latency",
                                           "zk_max_latency",
                                           "zk_open_file_descriptor_count",
                                           "zk_max_file_descriptor_count",
                                           "zk_approximate_data_size",
                                           "zk_uptime",
                                           "zk_outstanding_tls_handshake"};
        static const QStringList values = {"zk_server_state",     "zk_znode_count",
                                           "zk_ephemerals_count", "zk_global_sessions",
                                           "zk_local_sessions",   "zk_outstanding_requests"};
        QMap<QString, QString> printed;
        for (const QString& line : answer.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            printed.insert(line.section(QLatin1Char('\t'), 0, 0), line);
        }
        for (const QString& key : gauges) {
            if (!printed.contains(key)) {
                lines.append(QStringLiteral("missing ") + key);
            } else {
                lines.append(values.contains(key) ? printed[key] : key);
            }
        }
    } else if (command == "conf") {
        // Keys must match as a set; a few values are deterministic and must match too.
        static const QStringList values = {
            QStringLiteral("tickTime"), QStringLiteral("minSessionTimeout"),
            QStringLiteral("maxSessionTimeout"), QStringLiteral("maxClientCnxns"),
            QStringLiteral("serverId")};
        for (const QString& line : answer.split(QLatin1Char('\n'), Qt::SkipEmptyParts)) {
            const QString key = line.section(QLatin1Char('='), 0, 0);
            lines.append(values.contains(key) ? line : key);
        }
        lines.sort();
    } else {
        lines.append(Normalizer::data(answer.toUtf8()));
    }
    transcript_.add(
        QStringLiteral("4lw %1 -> %2 lines").arg(QString::fromLatin1(command)).arg(lines.size()));
    for (const QString& line : lines) {
        transcript_.add(QStringLiteral("  ") + line);
    }
}

} // namespace zs::differential
