#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>
#include <cstdint>
#include <zookeeper/zookeeper.h>

namespace zs::differential {

// One named step of the scenario and the normalized lines it produced.
struct TranscriptStep {
    QString name;
    QStringList lines;
};

// The normalized record of one scenario run; two runs are equal when the servers behaved alike.
class Transcript {
  public:
    void begin_step(const QString& name) { steps_.append(TranscriptStep{name, {}}); }
    void add(const QString& line);
    const QList<TranscriptStep>& steps() const { return steps_; }

  private:
    QList<TranscriptStep> steps_;
};

// Empty when equal, otherwise the first differing step printed with both sides, then the names
// of the other steps that differ.
QString first_difference(const Transcript& left, const QString& left_name, const Transcript& right,
                         const QString& right_name);

// Turns server-specific values into comparable text: zxids become offsets from the scenario's
// first write, session ids become the names of the clients that own them, times become "t".
class Normalizer {
  public:
    void set_zxid_base(int64_t zxid) { zxid_base_ = zxid; }
    void name_session(int64_t session_id, const QString& name);

    QString zxid(int64_t zxid) const;
    QString session(int64_t session_id);
    QString stat(const Stat& stat);

    static QString time(int64_t ms) { return ms == 0 ? QStringLiteral("0") : QStringLiteral("t"); }
    // Printable ASCII as is, everything else escaped; "null" for a null buffer.
    static QString data(const QByteArray& bytes);

  private:
    int64_t zxid_base_ = 0;
    QHash<int64_t, QString> sessions_;
};

} // namespace zs::differential
