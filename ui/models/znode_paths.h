#pragma once

#include <QString>
#include <string>

namespace zs::ui {

// "/a/b" -> "/a"; "/a" -> "/".
QString parent_of(const QString& path);
// ("/", "a") -> "/a"; ("/a", "b") -> "/a/b".
QString child_of(const QString& parent, const QString& name);
// `root` + a path relative to it, as engine/transfer hands nodes out ("" is the root itself).
QString join_path(const QString& root, const std::string& relative);
// "/" and /zookeeper (the server's quota and config nodes): never deleted, moved or copied.
bool is_server_owned(const QString& path);

} // namespace zs::ui
