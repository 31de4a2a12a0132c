#pragma once

#include <QByteArray>
#include <cstdint>

namespace zs::testing {

// Request bodies the raw-frame tests send again and again, encoded by hand with JuteWriter.
QByteArray open_acl(); // [ALL world:anyone]
QByteArray create_body(const QByteArray& path, const QByteArray& data, int32_t flags = 0);
QByteArray path_watch_body(const QByteArray& path, bool watch); // exists, getData, getChildren
QByteArray set_data_body(const QByteArray& path, const QByteArray& data, int32_t version = -1);

} // namespace zs::testing
