#include "requests.h"

#include "jute.h"

namespace zs::testing {

QByteArray open_acl() {
    return JuteWriter().int32(1).int32(31).buffer("world").buffer("anyone").bytes();
}

QByteArray create_body(const QByteArray& path, const QByteArray& data, int32_t flags) {
    return JuteWriter().buffer(path).buffer(data).raw(open_acl()).int32(flags).bytes();
}

QByteArray path_watch_body(const QByteArray& path, bool watch) {
    return JuteWriter().buffer(path).boolean(watch).bytes();
}

QByteArray set_data_body(const QByteArray& path, const QByteArray& data, int32_t version) {
    return JuteWriter().buffer(path).buffer(data).int32(version).bytes();
}

} // namespace zs::testing
