#include "models/znode_paths.h"

namespace zs::ui {

QString parent_of(const QString& path) {
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash <= 0 ? QStringLiteral("/") : path.left(slash);
}

QString child_of(const QString& parent, const QString& name) {
    return (parent == QLatin1String("/") ? parent : parent + QLatin1Char('/')) + name;
}

QString join_path(const QString& root, const std::string& relative) {
    return relative.empty() ? root : child_of(root, QString::fromStdString(relative));
}

bool is_server_owned(const QString& path) {
    return path == QLatin1String("/") || path == QLatin1String("/zookeeper") ||
           path.startsWith(QLatin1String("/zookeeper/"));
}

} // namespace zs::ui
