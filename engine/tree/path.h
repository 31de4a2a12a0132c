#pragma once

#include "proto/constants.h"

#include <cstdint>
#include <string_view>

// Znode path rules, as ZooKeeper's PathUtils and the request processors apply them.
namespace zs::tree {

// ok when `path` is a valid znode path, bad_arguments otherwise. It must start with '/', have no
// empty, "." or ".." segment and no trailing '/' (except the root), and be valid UTF-8 without
// U+0000-U+001F, U+007F-U+009F, U+D800-U+F8FF or U+FFF0-U+FFFF; ZooKeeper decodes paths into
// UTF-16, so characters outside the BMP (surrogate pairs) are rejected too. A sequential create
// gets a suffix appended, so with is_sequential the path is checked as if it ended in "1"
// ("/a/" is then valid).
proto::ErrorCode validate_path(std::string_view path, bool is_sequential = false);

// Everything before the last '/': "/a/b" -> "/a", "/a" -> "/", "/" -> "" (the root has no
// parent), and "" when there is no '/'. ZooKeeper cuts paths the same way and keeps the root
// under "" as well, which DataTree::find mirrors.
std::string_view parent_of(std::string_view path);

// Everything after the last '/': "/a/b" -> "b", "/" -> "", "/a/" -> "".
std::string_view basename_of(std::string_view path);

// Java's String.length() of a UTF-8 string: its UTF-16 code units. ZooKeeper measures paths this
// way in its statistics (approximate data size).
int64_t utf16_length(std::string_view text);

} // namespace zs::tree
