#include "storage/snapshot_store.h"

namespace zs::storage {

std::optional<StorageError> SnapshotStore::save(int64_t zxid, std::string_view bytes) {
    auto begun = begin(zxid);
    if (auto* error = std::get_if<StorageError>(&begun)) {
        return *error;
    }
    SnapshotWriter& writer = *std::get<std::unique_ptr<SnapshotWriter>>(begun);
    if (auto error = writer.append(bytes)) {
        return error;
    }
    return writer.commit();
}

} // namespace zs::storage
