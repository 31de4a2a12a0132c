#pragma once

#include <QByteArray>
#include <QStringList>
#include <cstdint>
#include <zookeeper/zookeeper.h>

namespace zs::testing {

// zoo_get into a QByteArray; data stored as null comes back as a null QByteArray.
int zk_get(zhandle_t* zh, const QByteArray& path, QByteArray* data, Stat* stat = nullptr,
           int watch = 0);
// zoo_create with world:anyone ALL; a null `data` goes out as a null buffer (length -1).
int zk_create(zhandle_t* zh, const QByteArray& path, const QByteArray& data = {}, int flags = 0,
              QByteArray* created = nullptr);
// The children, sorted; `rc` receives the result code when given.
QStringList zk_children(zhandle_t* zh, const QByteArray& path, int* rc = nullptr);
// A CreateRequest record (what follows the RequestHeader) with world:anyone ALL, for RawClient.
QByteArray raw_create_request(const QByteArray& path, const QByteArray& data, int32_t flags);
// A void_completion_t that records its rc, as an event's type, in the EventLog passed as data.
void record_completion(int rc, const void* data);

} // namespace zs::testing
