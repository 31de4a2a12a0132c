// copy_tree and move_tree: read_tree into memory, import_nodes at the destination, remove_tree
// of the source for a move.
#include "transfer/transfer.h"
#include "tree/path.h"

#include <fmt/format.h>

namespace zs::transfer {
namespace {

template <class From> CopyResult failed_with(const From& from, uint64_t copied = 0) {
    CopyResult result;
    result.status = from.status;
    result.error = from.error;
    result.err = from.err;
    result.subject = from.subject;
    result.copied = copied;
    return result;
}

CopyResult refused(std::string error) {
    CopyResult result;
    result.status = Status::bad_input;
    result.error = std::move(error);
    return result;
}

// The work as phases of one progress bar: reading, creating (and removing, for a move).
struct Phases {
    const Progress& progress;
    uint64_t count = 0; // nodes, once read
    int phases = 2;

    Progress phase(int index) const {
        if (!progress) {
            return {};
        }
        return [this, index](uint64_t done, uint64_t total) {
            const uint64_t size = index == 0 ? total : count;
            progress(uint64_t(index) * size + done, uint64_t(phases) * size);
        };
    }
};

CopyResult copy_read(client::Client& client, const std::string& from, const std::string& to,
                     const Phases& phases, const std::atomic<bool>* cancel, Source& source,
                     ExportResult& read) {
    if (tree::validate_path(from) != proto::ErrorCode::ok ||
        tree::validate_path(to) != proto::ErrorCode::ok) {
        return refused(fmt::format("{} -> {}: not valid znode paths", from, to));
    }
    if (from == "/" || to == "/") {
        return refused("the root cannot be copied or replaced");
    }
    if (to == from || to.starts_with(from + "/")) {
        return refused(fmt::format("{} lies inside {}", to, from));
    }
    read = read_tree(client, from, {}, source, phases.phase(0), cancel);
    if (read.status != Status::ok) {
        return failed_with(read);
    }
    return {};
}

CopyResult create_copy(client::Client& client, const Source& source, const std::string& to,
                       const Phases& phases, const std::atomic<bool>* cancel) {
    const ImportResult created =
        import_nodes(client, source, to, OnConflict::fail, phases.phase(1), cancel);
    if (created.status != Status::ok) {
        return failed_with(created, created.created);
    }
    CopyResult result;
    result.copied = created.created;
    return result;
}

} // namespace

CopyResult copy_tree(client::Client& client, const std::string& from, const std::string& to,
                     const Progress& progress, const std::atomic<bool>* cancel) {
    Phases phases{progress};
    Source source;
    ExportResult read;
    if (CopyResult refusal = copy_read(client, from, to, phases, cancel, source, read);
        refusal.status != Status::ok) {
        return refusal;
    }
    phases.count = source.nodes.size();
    CopyResult result = create_copy(client, source, to, phases, cancel);
    result.ephemerals_skipped = read.ephemerals_skipped;
    return result;
}

CopyResult move_tree(client::Client& client, const std::string& from, const std::string& to,
                     const Progress& progress, const std::atomic<bool>* cancel) {
    Phases phases{progress};
    phases.phases = 3;
    Source source;
    ExportResult read;
    if (CopyResult refusal = copy_read(client, from, to, phases, cancel, source, read);
        refusal.status != Status::ok) {
        return refusal;
    }
    if (read.ephemerals_skipped > 0) {
        return refused(fmt::format("{} holds {} ephemeral nodes; they belong to their sessions and "
                                   "cannot be moved",
                                   from, read.ephemerals_skipped));
    }
    phases.count = source.nodes.size();
    CopyResult result = create_copy(client, source, to, phases, cancel);
    if (result.status != Status::ok) {
        return result;
    }
    const RemoveResult removed = remove_tree(client, from, phases.phase(2), cancel);
    result.removed = removed.removed;
    if (removed.status != Status::ok) {
        result.status = removed.status;
        result.err = removed.err;
        result.subject = removed.subject;
        result.error = fmt::format("{} was copied to {}, but removing it stopped: {}", from, to,
                                   removed.error);
    }
    return result;
}

} // namespace zs::transfer
