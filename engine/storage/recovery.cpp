#include "storage/recovery.h"

#include <algorithm>
#include <limits>

namespace zs::storage {
namespace {

std::string hex(int64_t zxid) {
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    for (uint64_t value = uint64_t(zxid); out.empty() || value != 0; value >>= 4) {
        out.insert(out.begin(), kDigits[value & 0xf]);
    }
    return "0x" + out;
}

// A decoded snapshot and the zxid it was saved at.
struct Base {
    tree::Snapshot state;
    int64_t zxid = 0;
};

// The newest snapshot at or before `max_zxid` that loads and decodes; an empty tree at zxid 0
// when there is none. Each damaged one tried adds a warning.
Base newest_readable(const SnapshotStore& snapshots, int64_t max_zxid,
                     std::vector<std::string>& warnings) {
    for (const SnapshotInfo& info : snapshots.list()) {
        if (info.zxid > max_zxid) {
            continue;
        }
        // Decoded as it is read, so the encoded bytes are never held whole.
        tree::SnapshotDecoder decoder(info.size_bytes);
        const std::optional<StorageError> error =
            snapshots.read(info.id, [&](std::string_view piece) { return decoder.feed(piece); });
        std::optional<tree::Snapshot> decoded;
        if (!error) {
            decoded = decoder.finish();
        }
        if (decoded) {
            return Base{std::move(*decoded), info.zxid};
        }
        warnings.push_back("snapshot " + std::to_string(info.id) + " at zxid " + hex(info.zxid) +
                           " is unreadable (" + (error ? error->message : "it does not decode") +
                           "); falling back to an older one");
    }
    return Base{tree::Snapshot{}, 0};
}

void replay(const std::vector<LogEntry>& entries, tree::Snapshot& state) {
    for (const LogEntry& entry : entries) {
        state.tree.apply(entry.header, entry.txn);
        const int64_t session_id = entry.header.session_id;
        const auto same_id = [&](const tree::SessionRecord& s) { return s.id == session_id; };
        if (const auto* create = std::get_if<tree::CreateSessionTxn>(&entry.txn)) {
            std::erase_if(state.sessions, same_id);
            state.sessions.push_back(
                tree::SessionRecord{session_id, create->timeout_ms, create->password});
        } else if (std::holds_alternative<tree::CloseSessionTxn>(entry.txn)) {
            std::erase_if(state.sessions, same_id);
        }
    }
}

} // namespace

std::variant<RecoveredState, StorageError> recover(LogStore& log, SnapshotStore& snapshots) {
    RecoveredState out;
    Base base = newest_readable(snapshots, std::numeric_limits<int64_t>::max(), out.warnings);
    if (base.zxid < log.purged_through()) {
        return StorageError{"cannot recover: no readable snapshot at or after zxid " +
                            hex(log.purged_through()) + ", and the log before it has been purged"};
    }
    const std::vector<LogEntry> entries =
        log.read(base.zxid + 1, std::numeric_limits<int64_t>::max());
    const size_t stored = log.count_after(base.zxid);
    if (stored > entries.size()) {
        const int64_t last_good = entries.empty() ? base.zxid : entries.back().header.zxid;
        if (auto error = log.truncate_after(last_good)) {
            return *error;
        }
        out.cut = stored - entries.size();
    }
    replay(entries, base.state);
    out.tree = std::move(base.state.tree);
    out.sessions = std::move(base.state.sessions);
    out.replayed = entries.size();
    out.last_zxid = std::max({base.zxid, out.tree.last_processed_zxid(), log.last_zxid()});
    return out;
}

std::variant<tree::Snapshot, StorageError> tree_at(const LogStore& log,
                                                   const SnapshotStore& snapshots, int64_t zxid) {
    std::vector<std::string> warnings;
    Base base = newest_readable(snapshots, zxid, warnings);
    if (base.zxid == zxid) {
        return std::move(base.state);
    }
    if (zxid > log.last_zxid()) {
        return StorageError{"zxid " + hex(zxid) + " is beyond the last logged txn " +
                            hex(log.last_zxid())};
    }
    if (base.zxid < log.purged_through()) {
        return StorageError{"zxid " + hex(zxid) + " is no longer retained: the log up to " +
                            hex(log.purged_through()) +
                            " is purged and no readable snapshot precedes it"};
    }
    const std::vector<LogEntry> entries = log.read(base.zxid + 1, zxid);
    if (entries.size() != log.count_after(base.zxid) - log.count_after(zxid)) {
        return StorageError{"the log between " + hex(base.zxid) + " and " + hex(zxid) +
                            " has a damaged entry"};
    }
    replay(entries, base.state);
    return std::move(base.state);
}

std::vector<LogEntry> txns_between(const LogStore& log, int64_t from_zxid, int64_t to_zxid) {
    if (to_zxid <= from_zxid) {
        return {};
    }
    return log.read(from_zxid + 1, to_zxid);
}

} // namespace zs::storage
