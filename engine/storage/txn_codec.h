#pragma once

#include "proto/jute.h"
#include "storage/log_store.h"

#include <optional>
#include <string>
#include <string_view>
#include <vector>

// The byte form of a logged transaction, as it is stored in the log and checksummed.
namespace zs::storage {

// The header, a one-byte tag naming the txn kind, then the txn's fields in jute encoding.
std::string encode_entry(const LogEntry& entry);

// The entry `bytes` encodes; nullopt for anything malformed: truncated or trailing bytes, an
// unknown tag, a null path, an opcode the txn kind cannot carry, a nested multi.
std::optional<LogEntry> decode_entry(std::string_view bytes);

// Whether encode_entry's `bytes` hold a ReconfigTxn, read from the tag alone (the replication
// core asks this of every txn).
bool is_reconfig_entry(std::string_view bytes);

// Appends encode_entry's bytes as a frame (int32 length first), so that many entries can share
// one stored record.
void append_framed_entry(proto::Writer& writer, const LogEntry& entry);

// The entries of a run of frames; nullopt when any frame is malformed or the zxids do not
// strictly increase.
std::optional<std::vector<LogEntry>> decode_framed_entries(std::string_view bytes);

} // namespace zs::storage
