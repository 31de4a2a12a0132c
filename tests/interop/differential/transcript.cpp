#include "transcript.h"

#include <algorithm>

namespace zs::differential {
namespace {

// Lines of a step shown around the first difference; steps can be hundreds of lines long.
constexpr qsizetype kContextLines = 6;

QString format_step(const TranscriptStep& step, qsizetype highlight) {
    QString text;
    const qsizetype first = std::max<qsizetype>(0, highlight - kContextLines);
    const qsizetype last = std::min(step.lines.size(), highlight + kContextLines + 1);
    if (first > 0) {
        text += QStringLiteral("     ... %1 lines\n").arg(first);
    }
    for (qsizetype i = first; i < last; ++i) {
        text += (i == highlight ? QStringLiteral("  >> ") : QStringLiteral("     ")) +
                step.lines[i] + QLatin1Char('\n');
    }
    if (highlight >= step.lines.size()) {
        text += QStringLiteral("  >> (end of step)\n");
    }
    if (last < step.lines.size()) {
        text += QStringLiteral("     ... %1 more lines\n").arg(step.lines.size() - last);
    }
    return text;
}

} // namespace

void Transcript::add(const QString& line) {
    Q_ASSERT(!steps_.isEmpty());
    steps_.last().lines.append(line);
}

QString first_difference(const Transcript& left, const QString& left_name, const Transcript& right,
                         const QString& right_name) {
    const auto& a = left.steps();
    const auto& b = right.steps();
    if (a.size() != b.size()) {
        return QStringLiteral("%1 has %2 steps, %3 has %4")
            .arg(left_name)
            .arg(a.size())
            .arg(right_name)
            .arg(b.size());
    }
    QString report;
    QStringList later;
    for (qsizetype i = 0; i < a.size(); ++i) {
        if (a[i].name == b[i].name && a[i].lines == b[i].lines) {
            continue;
        }
        if (!report.isEmpty()) {
            later.append(QStringLiteral("%1 \"%2\"").arg(i + 1).arg(a[i].name));
            continue;
        }
        qsizetype line = 0;
        while (line < a[i].lines.size() && line < b[i].lines.size() &&
               a[i].lines[line] == b[i].lines[line]) {
            ++line;
        }
        report = QStringLiteral("first difference in step %1 \"%2\" (line %3)\n"
                                "----- %4 -----\n%5----- %6 -----\n%7")
                     .arg(i + 1)
                     .arg(a[i].name)
                     .arg(line + 1)
                     .arg(left_name, format_step(a[i], line), right_name, format_step(b[i], line));
    }
    // Later steps often differ only as a consequence, but the list shows how far apart they are.
    if (!later.isEmpty()) {
        report +=
            QStringLiteral("later steps that differ too: ") + later.join(QStringLiteral(", "));
    }
    return report;
}

void Normalizer::name_session(int64_t session_id, const QString& name) {
    sessions_.insert(session_id, name);
}

QString Normalizer::zxid(int64_t zxid) const {
    if (zxid == 0) {
        return QStringLiteral("0");
    }
    const int64_t offset = zxid - zxid_base_;
    return offset < 0 ? QStringLiteral("z%1").arg(offset) : QStringLiteral("z+%1").arg(offset);
}

QString Normalizer::session(int64_t session_id) {
    if (session_id == 0) {
        return QStringLiteral("0");
    }
    // Unknown sessions are numbered in order of appearance, which both runs share.
    auto it = sessions_.find(session_id);
    if (it == sessions_.end()) {
        it = sessions_.insert(session_id, QStringLiteral("session#%1").arg(sessions_.size() + 1));
    }
    return it.value();
}

QString Normalizer::stat(const Stat& s) {
    return QStringLiteral("{czxid=%1 mzxid=%2 ctime=%3 mtime=%4 version=%5 cversion=%6 "
                          "aversion=%7 owner=%8 dataLength=%9 numChildren=%10 pzxid=%11}")
        .arg(zxid(s.czxid), zxid(s.mzxid), time(s.ctime), time(s.mtime))
        .arg(s.version)
        .arg(s.cversion)
        .arg(s.aversion)
        .arg(session(s.ephemeralOwner))
        .arg(s.dataLength)
        .arg(s.numChildren)
        .arg(zxid(s.pzxid));
}

QString Normalizer::data(const QByteArray& bytes) {
    if (bytes.isNull()) {
        return QStringLiteral("null");
    }
    QString text = QStringLiteral("\"");
    for (const char c : bytes) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u < 0x7f && c != '"' && c != '\\') {
            text += QLatin1Char(c);
        } else {
            text += QStringLiteral("\\x%1").arg(u, 2, 16, QLatin1Char('0'));
        }
    }
    return text + QLatin1Char('"');
}

} // namespace zs::differential
