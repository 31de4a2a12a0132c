#pragma once

#include "storage/log_store.h"

#include <optional>
#include <string>
#include <string_view>

// The byte form of a logged transaction, as it is stored in the log and checksummed.
namespace zs::storage {

// The header, a one-byte tag naming the txn kind, then the txn's fields in jute encoding.
std::string encode_entry(const LogEntry& entry);

// The entry `bytes` encodes; nullopt for anything malformed: truncated or trailing bytes, an
// unknown tag, a null path, an opcode the txn kind cannot carry, a nested multi.
std::optional<LogEntry> decode_entry(std::string_view bytes);

} // namespace zs::storage
