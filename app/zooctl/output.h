#pragma once

// How zooctl shows ZooKeeper's records: as zkCli.sh does for people, and as JSON for programs.
#include "proto/constants.h"
#include "proto/records.h"
#include "transfer/record_json.h"

#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace zs::zooctl {

using transfer::acl_json;
using transfer::stat_json;

// JSON documents keep their keys in the order written ("path" first).
using Json = nlohmann::ordered_json;

// "0x1b", as zkCli prints zxids and session ids.
std::string hex(int64_t value);
// A time in ms since the epoch as Java's Date prints it, in local time:
// "Thu Jan 01 00:00:00 UTC 1970".
std::string java_date(int64_t ms);

// The lines zkCli's `stat` prints ("cZxid = 0x1b", ..., "numChildren = 0"), each after `indent`.
std::string stat_text(const proto::Stat& stat, std::string_view indent = "");
// The Stat with the field names of ZooKeeper's Java Stat (czxid, mzxid, ctime, ..., pzxid).

// Sets doc["data"] (null for null data) and doc["encoding"]: "utf-8" when the bytes are valid
// UTF-8, else "base64" with the data base64-encoded (transfer/encoding.h does both).
void set_data_json(Json& doc, const std::optional<std::string>& data);

// "scheme:id:perms", the form setacl takes.
std::string acl_text(const proto::Acl& acl);
// zkCli's ACL list: "scheme:id:perms[,scheme:id:perms...]", where the id may contain colons
// (digest:user:hash:perms). A message naming the bad entry when it does not parse.
std::variant<std::vector<proto::Acl>, std::string> parse_acl(std::string_view text);

// The Java name of an event type: "NodeCreated", "NodeDataChanged", ...
const char* event_name(proto::EventType type);

// "/a" + "b" is "/a/b"; "/" + "b" is "/b".
std::string child_path(const std::string& parent, const std::string& child);

// Writes to stdout and flushes.
void write_out(std::string_view text);
// The document on one line, then a newline.
void print_json(const Json& doc);

} // namespace zs::zooctl
