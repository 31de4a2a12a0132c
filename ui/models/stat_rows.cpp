#include "models/stat_rows.h"

#include <QDateTime>

namespace zs::ui {

QString format_zxid(int64_t zxid) {
    return QStringLiteral("0x") + QString::number(quint64(zxid), 16);
}

QString format_time(int64_t epoch_ms) {
    if (epoch_ms == 0) {
        return QStringLiteral("-");
    }
    return QDateTime::fromMSecsSinceEpoch(epoch_ms).toString(
        QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz t"));
}

std::vector<std::pair<QString, QString>> stat_rows(const proto::Stat& stat) {
    const QString owner = stat.ephemeral_owner == 0
                              ? QStringLiteral("0x0 (persistent)")
                              : format_zxid(stat.ephemeral_owner) + QStringLiteral(" (session)");
    return {
        {QStringLiteral("cZxid"), format_zxid(stat.czxid)},
        {QStringLiteral("ctime"), format_time(stat.ctime)},
        {QStringLiteral("mZxid"), format_zxid(stat.mzxid)},
        {QStringLiteral("mtime"), format_time(stat.mtime)},
        {QStringLiteral("pZxid"), format_zxid(stat.pzxid)},
        {QStringLiteral("cversion"), QString::number(stat.cversion)},
        {QStringLiteral("dataVersion"), QString::number(stat.version)},
        {QStringLiteral("aclVersion"), QString::number(stat.aversion)},
        {QStringLiteral("ephemeralOwner"), owner},
        {QStringLiteral("dataLength"), QString::number(stat.data_length)},
        {QStringLiteral("numChildren"), QString::number(stat.num_children)},
    };
}

} // namespace zs::ui
