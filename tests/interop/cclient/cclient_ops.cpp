#include "cclient_ops.h"

#include "jute.h"
#include "zk_handle.h"

#include <vector>

namespace zs::testing {

int zk_get(zhandle_t* zh, const QByteArray& path, QByteArray* data, Stat* stat, int watch) {
    std::vector<char> buffer(1 << 20);
    int length = static_cast<int>(buffer.size());
    Stat ignored{};
    const int rc =
        zoo_get(zh, path.constData(), watch, buffer.data(), &length, stat ? stat : &ignored);
    if (rc == ZOK) {
        *data = length < 0 ? QByteArray() : QByteArray(buffer.data(), length);
    }
    return rc;
}

int zk_create(zhandle_t* zh, const QByteArray& path, const QByteArray& data, int flags,
              QByteArray* created) {
    char buffer[512] = {};
    const int rc = zoo_create(zh, path.constData(), data.isNull() ? nullptr : data.constData(),
                              data.isNull() ? -1 : static_cast<int>(data.size()),
                              &ZOO_OPEN_ACL_UNSAFE, flags, buffer, sizeof buffer);
    if (created != nullptr) {
        *created = buffer;
    }
    return rc;
}

QStringList zk_children(zhandle_t* zh, const QByteArray& path, int* rc) {
    String_vector names{};
    const int result = zoo_get_children(zh, path.constData(), 0, &names);
    if (rc != nullptr) {
        *rc = result;
    }
    QStringList sorted;
    for (int i = 0; result == ZOK && i < names.count; ++i) {
        sorted.append(QString::fromUtf8(names.data[i]));
    }
    deallocate_String_vector(&names);
    sorted.sort(); // the server's order is unspecified
    return sorted;
}

QByteArray raw_create_request(const QByteArray& path, const QByteArray& data, int32_t flags) {
    JuteWriter request;
    request.buffer(path).buffer(data).int32(1).int32(ZOO_PERM_ALL);
    request.buffer("world").buffer("anyone").int32(flags);
    return request.bytes();
}

void record_completion(int rc, const void* data) {
    static_cast<EventLog*>(const_cast<void*>(data))->record(ZkEvent{rc, 0, "completion"});
}

} // namespace zs::testing
