#pragma once

// What the files of engine/transfer share: the format's constants, and the record writers and
// readers of json_records.cpp that transfer.cpp, read_source.cpp and validate.cpp use.
#include "transfer/transfer.h"

#include <initializer_list>
#include <nlohmann/json.hpp>

namespace zs::transfer::detail {

using Json = nlohmann::ordered_json;

inline constexpr const char* kFormatName = "zooscope-export";
inline constexpr int kFormatVersion = 1;
inline constexpr const char* kDataFile = "@data";
inline constexpr const char* kMetaFile = "@meta.json";

Json header_json(const Source& header);
// A node as one json-format line (no newline).
std::string node_line(const Node& node);
// The "@meta.json" of a dir-format node; the root's also carries the header.
Json meta_json(const Node& node, const Source* header);
// A znode name as a directory name, and back ('@' names get one more '@').
std::string dir_name(std::string_view name);

Kind kind_of(const proto::Stat& stat, int64_t* ttl_ms);
// "/a" + "" is "/a"; "/a" + "b/c" is "/a/b/c"; "/" + "b" is "/b".
std::string full_path(const std::string& root, const std::string& relative);

// The record readers return nullopt, or one line saying what is wrong.

// An error naming the first key of `doc` that is not one of `keys`.
std::optional<std::string> check_only_keys(const Json& doc,
                                           std::initializer_list<const char*> keys);
// kind, ttl, acl, stat (both formats).
std::optional<std::string> read_meta(const Json& doc, Node& node);
// The header fields into `source`; `in_meta` (the root's "@meta.json") allows other keys.
std::optional<std::string> read_header(const Json& doc, Source& source, bool in_meta);
// One json-format node line.
std::optional<std::string> read_node_line(const Json& doc, Node& node);

} // namespace zs::transfer::detail
