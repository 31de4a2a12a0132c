#pragma once

#include "raw_client.h"
#include "transcript.h"
#include "zk_handle.h"

#include <QByteArray>
#include <QString>
#include <map>
#include <memory>

namespace zs::differential {

// One operation inside a multi request.
struct MultiOp {
    enum class Kind { create, remove, set, check };
    Kind kind;
    QByteArray path;
    QByteArray data = {};
    int flags_or_version = 0; // create: the CreateMode flags; otherwise the expected version
};

// Runs client operations against one server and writes each outcome, normalized, to a
// Transcript. Clients are C client handles (named, e.g. "s1") plus one raw connection for the
// requests the C client cannot send.
class Recorder {
  public:
    Recorder(QString host, quint16 port);
    ~Recorder();
    Recorder(const Recorder&) = delete;
    Recorder& operator=(const Recorder&) = delete;

    // Connects a named client and waits for its session; false if it never connects.
    bool open(const QString& name, int session_timeout_ms = 4000);
    void close(const QString& name);
    bool open_raw(int session_timeout_ms = 4000);
    // Starts a new step; watch events that arrived during the previous step are recorded first.
    void step(const QString& name);
    // Makes `path`'s czxid the zero point of all zxids that follow.
    void set_zxid_base(const QString& client, const QByteArray& path);
    Transcript finish();

    void create(const QString& client, const QByteArray& path, const QByteArray& data, int flags,
                const ACL_vector* acl = nullptr, int64_t ttl_ms = -1);
    void create2(const QString& client, const QByteArray& path, const QByteArray& data, int flags,
                 int64_t ttl_ms = -1);
    void get(const QString& client, const QByteArray& path, bool watch = false);
    void exists(const QString& client, const QByteArray& path, bool watch = false);
    void set(const QString& client, const QByteArray& path, const QByteArray& data,
             int version = -1);
    void remove(const QString& client, const QByteArray& path, int version = -1);
    // Returns the children too (sorted), so the script can visit them.
    QStringList children(const QString& client, const QByteArray& path, bool watch = false);
    void get_acl(const QString& client, const QByteArray& path);
    void set_acl(const QString& client, const QByteArray& path, int version, const ACL_vector& acl);
    void add_auth(const QString& client, const QByteArray& scheme, const QByteArray& credential);
    void multi(const QString& client, const QList<MultiOp>& ops);

    // Raw requests: `body` is the request record after the RequestHeader.
    void raw(const QString& label, int32_t opcode, const QByteArray& body);
    void raw_auth(const QByteArray& scheme, const QByteArray& credential);
    // The four-letter word's answer reduced to what must match: keys, and selected values.
    void four_letter(const QByteArray& command);

  private:
    testing::ZkHandle* handle(const QString& name);
    // The named client's handle; records that it is missing and returns null otherwise.
    zhandle_t* checked_handle(const QString& name);
    void record_events();
    QString rc(int code) const;
    QString acl_text(const ACL_vector& acl) const;
    QString raw_body(int32_t opcode, const QByteArray& body);

    QString host_;
    quint16 port_;
    Transcript transcript_;
    Normalizer normalizer_;
    // Ordered by name, so events are recorded in the same order on every run.
    std::map<QString, std::unique_ptr<testing::ZkHandle>> handles_;
    std::unique_ptr<testing::RawClient> raw_;
};

} // namespace zs::differential
