#pragma once

// What transfer.cpp (the export writers) shares with transfer_format.cpp (the readers).
#include "transfer/transfer.h"

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

} // namespace zs::transfer::detail
